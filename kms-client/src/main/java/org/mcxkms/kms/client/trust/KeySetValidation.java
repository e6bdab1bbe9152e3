package org.mcxkms.kms.client.trust;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mcxkms.crypto.InvalidEncodingException;
import org.mcxkms.crypto.KeyValidationException;
import org.mcxkms.crypto.SecretBytes;
import org.mcxkms.crypto.eccsi.Eccsi;
import org.mcxkms.crypto.eccsi.EccsiSigningKey;
import org.mcxkms.crypto.eccsi.Kpak;
import org.mcxkms.crypto.eccsi.Pvt;
import org.mcxkms.crypto.eccsi.Ssk;
import org.mcxkms.crypto.sakke.Rsk;
import org.mcxkms.crypto.sakke.Sakke;
import org.mcxkms.crypto.sakke.SakkePublicKey;
import org.mcxkms.crypto.sakke.SakkeReceiverKey;
import org.mcxkms.crypto.uid.KeyPeriodPolicy;
import org.mcxkms.crypto.uid.Uid;
import org.mcxkms.kms.client.error.KeyMaterialRejectedException.Check;
import org.mcxkms.kms.client.error.KeyMaterialRejectedException;
import org.mcxkms.kms.client.error.KmsClientException;
import org.mcxkms.kms.protocol.KmsCertificate;

/**
 * The client-side checks of key material (TS 33.180 5.3.1; RFC 6507 5.1.2; RFC 6508 6.1.2), shared
 * by the client (material from the KMS) and the profile (material read back): the UID is computed
 * here from (UserUri, KmsUri, UserKeyPeriod, UserKeyOffset, KeyPeriodNo) and must equal the UID the
 * KMS named; SSK/PVT are validated under the certificate's KPAK and the RSK under its Z, all for that
 * UID. Decoded KMS public keys are cached by certificate fingerprint (decoding Z checks its order,
 * which costs a scalar multiplication).
 */
public final class KeySetValidation {
  /** The decoded public keys of one KMS certificate. */
  public record PublicKeys(Kpak kpak, SakkePublicKey z) {}

  private static final int CACHE = 16;
  private static final Map<CertificateFingerprint, PublicKeys> KEYS = new LinkedHashMap<>(CACHE, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<CertificateFingerprint, PublicKeys> e) {
      return size() > CACHE;
    }
  };

  private KeySetValidation() {}

  /**
   * Decodes KPAK and Z of a certificate, checking that they are valid points (Z of order q).
   *
   * @throws KmsClientException {@code CERTIFICATE} if either is not a valid point
   */
  public static PublicKeys publicKeys(KmsCertificate c) throws KmsClientException {
    CertificateFingerprint fp = CertificateFingerprint.of(c);
    synchronized (KEYS) {
      PublicKeys k = KEYS.get(fp);
      if (k != null) {
        return k;
      }
    }
    PublicKeys k;
    try {
      k = new PublicKeys(Kpak.decode(c.pubAuthKey()), SakkePublicKey.decode(c.pubEncKey()));
    } catch (InvalidEncodingException e) {
      throw new KmsClientException(KmsClientException.Problem.CERTIFICATE, "the KMS certificate of " + c.kmsUri()
          + " is unusable: " + e.getMessage());
    }
    synchronized (KEYS) {
      KEYS.put(fp, k);
    }
    return k;
  }

  /**
   * Validates key material of {@code userUri} for {@code period} under {@code cert}.
   *
   * @param claimedUid the UserID the KMS sent, or null when re-validating stored material
   * @param validFrom the ValidFrom sent, or null
   * @param validTo the ValidTo sent, or null
   * @throws KeyMaterialRejectedException naming the first check that failed
   */
  public static KeyMaterial validate(KmsCertificate cert, String userUri, long period, Uid claimedUid, Instant validFrom,
      Instant validTo, SecretBytes rskOctets, SecretBytes sskOctets, byte[] pvtOctets)
      throws KmsClientException {
    PublicKeys keys = publicKeys(cert);
    KeyPeriodPolicy policy = cert.keyPeriodPolicy();
    if (period < 0) {
      throw new KeyMaterialRejectedException(userUri, period, Check.KEY_PERIOD, "KeyPeriodNo is negative");
    }
    Instant from = policy.validFrom(period);
    Instant to = policy.validTo(period);
    if (validFrom != null && !validFrom.equals(from) || validTo != null && !validTo.equals(to)) {
      throw new KeyMaterialRejectedException(userUri, period, Check.KEY_PERIOD, "ValidFrom/ValidTo ("
          + validFrom + " .. " + validTo + ") are not the bounds of period " + period + " under UserKeyPeriod "
          + policy.periodSeconds() + " s, UserKeyOffset " + policy.offsetSeconds() + " s (" + from + " .. " + to + ")");
    }
    // TS 33.180 F.2.1: the UID is ours to compute; the KMS's UserID must agree.
    Uid uid = Uid.format2(userUri, cert.kmsUri(), policy, period);
    if (claimedUid != null && !claimedUid.equals(uid)) {
      throw new KeyMaterialRejectedException(userUri, period, Check.USER_ID, "UserID " + claimedUid.toHex()
          + " is not the UID " + uid.toHex() + " computed from (" + KmsClientException.clip(userUri) + ", "
          + cert.kmsUri() + ", " + policy.periodSeconds() + ", " + policy.offsetSeconds() + ", " + period + ")");
    }
    byte[] id = uid.toByteArray();
    Ssk ssk;
    Pvt pvt;
    Rsk rsk;
    try {
      ssk = Ssk.decode(sskOctets);
      pvt = Pvt.decode(pvtOctets);
      rsk = Rsk.decode(rskOctets);
    } catch (InvalidEncodingException e) {
      throw new KeyMaterialRejectedException(userUri, period, Check.ENCODING, e.getMessage());
    }
    EccsiSigningKey signing;
    try {
      signing = Eccsi.keyValidator(keys.kpak()).validate(id, ssk, pvt);
    } catch (KeyValidationException e) {
      throw new KeyMaterialRejectedException(userUri, period, Check.SSK_PVT, e.getMessage());
    }
    SakkeReceiverKey receiver;
    try {
      receiver = Sakke.rskValidator(keys.z()).validate(id, rsk);
    } catch (KeyValidationException e) {
      throw new KeyMaterialRejectedException(userUri, period, Check.RSK, e.getMessage());
    }
    return new KeyMaterial(userUri, period, uid, from, to, cert, signing, receiver);
  }
}

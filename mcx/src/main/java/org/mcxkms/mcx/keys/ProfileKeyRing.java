package org.mcxkms.mcx.keys;

import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.mcxkms.crypto.eccsi.EccsiSigningKey;
import org.mcxkms.crypto.eccsi.Kpak;
import org.mcxkms.crypto.sakke.SakkePublicKey;
import org.mcxkms.crypto.sakke.SakkeReceiverKey;
import org.mcxkms.kms.client.error.KmsClientException;
import org.mcxkms.kms.client.profile.KeyProfile;
import org.mcxkms.kms.client.trust.KeyMaterial;
import org.mcxkms.kms.protocol.KmsCertificate;
import org.mcxkms.mikey.KmsDirectory;
import org.mcxkms.mikey.KmsParameters;
import org.mcxkms.mikey.UserKeyRing;

/**
 * A {@link UserKeyRing} over a key management client profile (the {@code mcx-kms client} profile
 * directory): the key material the client fetched and validated for one identity, looked up by
 * key period when a message needs it. The home KMS is the profile's pinned certificate; the
 * certificate cache adds the external KMSs whose users may send to us (TS 33.180 5.3.1.2).
 */
public final class ProfileKeyRing implements UserKeyRing {
  private final KeyProfile profile;
  private final String identity;
  private final KmsParameters home;

  private ProfileKeyRing(KeyProfile profile, String identity, KmsParameters home) {
    this.profile = profile;
    this.identity = identity;
    this.home = home;
  }

  /** The key ring of {@code identity} in {@code profile}; fails if the profile was never initialised. */
  public static ProfileKeyRing of(KeyProfile profile, String identity) {
    KmsCertificate cert = profile.certificate().orElseThrow(() -> new IllegalArgumentException(
        profile.directory() + ": the profile holds no KMS certificate yet (run 'mcx-kms client init')"));
    return new ProfileKeyRing(profile, identity, parameters(cert));
  }

  /** The public parameters of a KMS certificate, with Z and KPAK strictly decoded. */
  public static KmsParameters parameters(KmsCertificate cert) {
    try {
      return new KmsParameters(cert.kmsUri(), cert.keyPeriodPolicy(), Kpak.decode(cert.pubAuthKey()),
          SakkePublicKey.decode(cert.pubEncKey()));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("KMS certificate of " + cert.kmsUri() + ": " + e.getMessage(), e);
    }
  }

  /** The home KMS and every other KMS of the profile's certificate cache (for IDRkmsi lookups). */
  public List<KmsParameters> trustedKmss() {
    List<KmsParameters> all = new ArrayList<>();
    all.add(home);
    for (KmsCertificate c : profile.certCache()) {
      // An External KMS certificate past its ValidTo is no longer trusted (TS 33.180 5.3.1).
      boolean expired = c.validTo().map(t -> !t.isAfter(Instant.now())).orElse(false);
      if (!c.revoked() && !expired && !c.kmsUri().equals(home.kmsUri())) {
        all.add(parameters(c));
      }
    }
    return all;
  }

  /** The trusted KMSs as a directory for a MIKEY-SAKKE responder (IDRkmsi lookups). */
  public KmsDirectory directory() {
    return KmsDirectory.of(trustedKmss().toArray(new KmsParameters[0]));
  }

  @Override
  public String uri() {
    return identity;
  }

  @Override
  public KmsParameters kms() {
    return home;
  }

  @Override
  public Optional<EccsiSigningKey> signingKey(long period) {
    return material(period).map(KeyMaterial::signingKey);
  }

  @Override
  public Optional<SakkeReceiverKey> receiverKey(long period) {
    return material(period).map(KeyMaterial::receiverKey);
  }

  private Optional<KeyMaterial> material(long period) {
    try {
      // Key sets fetched under a previous certificate do not belong to the current home KMS.
      return profile.keyMaterial(identity, period).filter(m -> m.certificate().kmsUri().equals(home.kmsUri())
          && Arrays.equals(m.certificate().pubAuthKey(), home.kpak().toByteArray()));
    } catch (KmsClientException e) {
      throw new IllegalStateException(profile.directory() + ": key material of " + identity + " for key period "
          + period + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "ProfileKeyRing[" + identity + " in " + profile.directory() + "]";
  }
}

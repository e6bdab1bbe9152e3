package org.mcxkms.kms.client.trust;

import java.time.Instant;
import org.mcxkms.crypto.eccsi.EccsiSigningKey;
import org.mcxkms.crypto.sakke.SakkeReceiverKey;
import org.mcxkms.crypto.uid.Uid;
import org.mcxkms.kms.protocol.KmsCertificate;

/**
 * Validated key material of one identity for one key period: the ECCSI signing key (SSK/PVT that
 * passed RFC 6507 5.1.2 under the certificate's KPAK) and the SAKKE receiver key (an RSK that passed
 * RFC 6508 6.1.2 under its Z), both for the UID the client computed itself (TS 33.180 F.2.1), and the
 * KMS certificate they belong to. Only obtainable through validation; never printed.
 */
public final class KeyMaterial {
  private final String identity;
  private final long period;
  private final Uid uid;
  private final Instant validFrom;
  private final Instant validTo;
  private final KmsCertificate certificate;
  private final EccsiSigningKey signingKey;
  private final SakkeReceiverKey receiverKey;

  KeyMaterial(String identity, long period, Uid uid, Instant validFrom, Instant validTo, KmsCertificate certificate,
      EccsiSigningKey signingKey, SakkeReceiverKey receiverKey) {
    this.identity = identity;
    this.period = period;
    this.uid = uid;
    this.validFrom = validFrom;
    this.validTo = validTo;
    this.certificate = certificate;
    this.signingKey = signingKey;
    this.receiverKey = receiverKey;
  }

  /** The identity ({@code UserUri}, P1 of the UID). */
  public String identity() {
    return identity;
  }

  /** The key period number ({@code KeyPeriodNo}, P5 of the UID). */
  public long period() {
    return period;
  }

  /** The UID: the ECCSI and SAKKE identifier of this identity in this period. */
  public Uid uid() {
    return uid;
  }

  public Instant validFrom() {
    return validFrom;
  }

  /** End of the key period (exclusive). */
  public Instant validTo() {
    return validTo;
  }

  /** The KMS certificate (KPAK, Z, KmsUri) the keys validated under. */
  public KmsCertificate certificate() {
    return certificate;
  }

  /** The ECCSI signing key (SSK, PVT, HS), for signing I_MESSAGEs as this identity. */
  public EccsiSigningKey signingKey() {
    return signingKey;
  }

  /** The SAKKE receiver key (RSK), for decapsulating SSVs sent to this identity. */
  public SakkeReceiverKey receiverKey() {
    return receiverKey;
  }

  @Override
  public String toString() {
    return "KeyMaterial[" + identity + ", period " + period + ", UID " + uid.toHex() + ", keys redacted]";
  }
}

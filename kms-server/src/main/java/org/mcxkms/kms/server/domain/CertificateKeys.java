package org.mcxkms.kms.server.domain;

import java.time.Instant;
import java.util.HexFormat;
import org.mcxkms.crypto.eccsi.EccsiKeyIssuer;
import org.mcxkms.crypto.eccsi.EccsiKmsKey;
import org.mcxkms.crypto.eccsi.Kpak;
import org.mcxkms.crypto.sakke.RskIssuer;
import org.mcxkms.crypto.sakke.SakkeKmsKey;
import org.mcxkms.crypto.sakke.SakkePublicKey;
import org.mcxkms.kms.server.store.CertificateRecord;

/**
 * One KMS certificate with its master keys opened: KSAK (ECCSI) and z (SAKKE), and their
 * deterministic issuers. Lives in memory only; never printed.
 */
public final class CertificateKeys {
  private final CertificateRecord record;
  private final EccsiKmsKey eccsi;
  private final SakkeKmsKey sakke;
  private final EccsiKeyIssuer eccsiIssuer;
  private final RskIssuer rskIssuer;

  CertificateKeys(CertificateRecord record, EccsiKmsKey eccsi, SakkeKmsKey sakke) {
    this.record = record;
    this.eccsi = eccsi;
    this.sakke = sakke;
    this.eccsiIssuer = eccsi.deterministicIssuer();
    this.rskIssuer = sakke.rskIssuer();
  }

  public CertificateRecord record() {
    return record;
  }

  public int number() {
    return record.number();
  }

  public String certUri() {
    return record.certUri();
  }

  public Instant validFrom() {
    return record.validFrom();
  }

  public Instant validTo() {
    return record.validTo();
  }

  public Kpak kpak() {
    return eccsi.kpak();
  }

  public SakkePublicKey z() {
    return sakke.publicKey();
  }

  public byte[] pubEncKey() {
    return HexFormat.of().parseHex(record.pubEncKeyHex());
  }

  public byte[] pubAuthKey() {
    return HexFormat.of().parseHex(record.pubAuthKeyHex());
  }

  /** Deterministic ECCSI issuer (RFC 6979 v from KSAK and the UID): same SSK/PVT on every node. */
  public EccsiKeyIssuer eccsiIssuer() {
    return eccsiIssuer;
  }

  public RskIssuer rskIssuer() {
    return rskIssuer;
  }

  /** Whether the certificate is usable for issuing at {@code now}. */
  public boolean validAt(Instant now) {
    return !record.revoked() && !now.isBefore(record.validFrom()) && now.isBefore(record.validTo());
  }

  @Override
  public String toString() {
    return "CertificateKeys[" + record + ", master secrets redacted]";
  }
}

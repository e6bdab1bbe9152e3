package org.mcxkms.kms.server.domain;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.mcxkms.crypto.InvalidEncodingException;
import org.mcxkms.crypto.eccsi.Kpak;
import org.mcxkms.crypto.sakke.SakkePublicKey;
import org.mcxkms.kms.protocol.KmsCertificate;
import org.mcxkms.kms.protocol.KmsInit;
import org.mcxkms.kms.protocol.KmsProtocolException;
import org.mcxkms.kms.protocol.KmsXmlReader;
import org.mcxkms.kms.protocol.KmsXmlWriter;
import org.mcxkms.kms.server.store.ConflictException;
import org.mcxkms.kms.server.store.ExternalKmsRecord;
import org.mcxkms.kms.server.store.KmsStore;

/**
 * The External KMSs of this domain (TS 33.180 5.3.1): partner KMS certificates an operator imported
 * after comparing fingerprints, handed to clients in the certificate cache with
 * {@code Role="External"} so that they accept I_MESSAGEs whose IDRkmsi names the partner.
 *
 * <p>The fingerprint is SHA-256 over what a client trusts in the certificate, each field
 * length-prefixed (4 octets, big-endian): KmsUri (UTF-8), UserKeyPeriod and UserKeyOffset (8
 * octets each, big-endian), PubAuthKey (KPAK) and PubEncKey (Z); shown as 64 lowercase hex digits.
 * Both operators compute it from the certificate ({@code mcx-kms admin external-kms fingerprint})
 * and compare it out of band.
 */
public final class ExternalKmss {
  private final KmsStore store;
  private final String ownKmsUri;
  private final KmsXmlWriter writer = KmsXmlWriter.create();

  public ExternalKmss(KmsStore store, String ownKmsUri) {
    this.store = store;
    this.ownKmsUri = ownKmsUri;
  }

  /** The fingerprint of {@code c} (see the class comment). */
  public static String fingerprint(KmsCertificate c) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    field(out, c.kmsUri().getBytes(StandardCharsets.UTF_8));
    field(out, ByteBuffer.allocate(8).putLong(c.userKeyPeriod()).array());
    field(out, ByteBuffer.allocate(8).putLong(c.userKeyOffset()).array());
    field(out, c.pubAuthKey());
    field(out, c.pubEncKey());
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(out.toByteArray()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void field(ByteArrayOutputStream out, byte[] v) {
    out.writeBytes(ByteBuffer.allocate(4).putInt(v.length).array());
    out.writeBytes(v);
  }

  /**
   * Reads a partner certificate: a standalone {@code KmsCertificate} (or {@code
   * SignedKmsCertificate}) document, or the partner's KMS Initialize response.
   */
  public static KmsCertificate read(byte[] xml) throws ExternalKmsException {
    KmsXmlReader reader = KmsXmlReader.create();
    try {
      return reader.readCertificate(xml);
    } catch (KmsProtocolException asCertificate) {
      try {
        return reader.readResponse(xml).init().map(KmsInit::certificate).orElseThrow(() ->
            new ExternalKmsException(ExternalKmsException.Reason.UNREADABLE,
                "the KmsResponse carries no KmsInit certificate"));
      } catch (KmsProtocolException asResponse) {
        throw new ExternalKmsException(ExternalKmsException.Reason.UNREADABLE,
            "neither a KmsCertificate (" + asCertificate.getMessage() + ") nor a KmsResponse ("
                + asResponse.getMessage() + ")");
      }
    }
  }

  /**
   * Checks a partner certificate and stores it if {@code approvedFingerprint} is its fingerprint
   * (hex, case and colons ignored). Nothing is stored when it is refused.
   */
  public ExternalKmsRecord importCertificate(byte[] xml, String approvedFingerprint, Instant now)
      throws ExternalKmsException {
    KmsCertificate c = read(xml);
    String fp = fingerprint(c);
    String approved = approvedFingerprint == null ? "" : approvedFingerprint.replace(":", "").toLowerCase(Locale.ROOT);
    if (!MessageDigest.isEqual(fp.getBytes(StandardCharsets.US_ASCII), approved.getBytes(StandardCharsets.US_ASCII))) {
      throw new ExternalKmsException(ExternalKmsException.Reason.FINGERPRINT_MISMATCH,
          "the certificate of " + c.kmsUri() + " has fingerprint " + fp + ", not the approved one");
    }
    if (c.kmsUri().equals(ownKmsUri)) {
      throw new ExternalKmsException(ExternalKmsException.Reason.OWN_KMS, c.kmsUri() + " is this KMS");
    }
    if (c.revoked()) {
      throw new ExternalKmsException(ExternalKmsException.Reason.REVOKED, "the certificate of " + c.kmsUri() + " is revoked");
    }
    if (c.validTo().isPresent() && !c.validTo().get().isAfter(now)) {
      throw new ExternalKmsException(ExternalKmsException.Reason.EXPIRED,
          "the certificate of " + c.kmsUri() + " expired at " + c.validTo().get());
    }
    if (c.parameterSet().isPresent() && c.parameterSet().get() != 1) {
      throw new ExternalKmsException(ExternalKmsException.Reason.INVALID_KEYS,
          "SAKKE parameter set " + c.parameterSet().get() + " is not supported");
    }
    try {
      Kpak.decode(c.pubAuthKey());
      SakkePublicKey.decode(c.pubEncKey());
    } catch (InvalidEncodingException e) {
      throw new ExternalKmsException(ExternalKmsException.Reason.INVALID_KEYS, e.getMessage());
    }
    KmsCertificate external = c.toBuilder().role(KmsCertificate.Role.EXTERNAL).build();
    ExternalKmsRecord r = new ExternalKmsRecord(
        c.kmsUri(), new String(writer.write(external), StandardCharsets.UTF_8), fp, now);
    try {
      store.addExternalKms(r);
    } catch (ConflictException e) {
      throw new ExternalKmsException(ExternalKmsException.Reason.ALREADY_IMPORTED,
          "a certificate of " + c.kmsUri() + " is already imported");
    }
    return r;
  }

  /** Removes the partner certificate of {@code kmsUri}; false if there was none. */
  public boolean remove(String kmsUri) {
    return store.removeExternalKms(kmsUri);
  }

  /** All imported certificates, with whether each is published at {@code now}. */
  public List<Imported> all(Instant now) {
    List<Imported> out = new ArrayList<>();
    for (ExternalKmsRecord r : store.externalKms()) {
      KmsCertificate c = parse(r);
      out.add(new Imported(r, c, publishable(c, now)));
    }
    return out;
  }

  /** An imported certificate, parsed, and whether the certificate cache carries it now. */
  public record Imported(ExternalKmsRecord record, KmsCertificate certificate, boolean published) {}

  /** The certificates to publish in the certificate cache, {@code Role="External"}. */
  public List<KmsCertificate> published(Instant now) {
    List<KmsCertificate> out = new ArrayList<>();
    for (Imported i : all(now)) {
      if (i.published()) {
        out.add(i.certificate());
      }
    }
    return out;
  }

  /**
   * This part of the cache number: twice the generation (each import or removal adds 2) plus one
   * for each imported certificate past its validity, so the number grows with every change.
   */
  public long cacheContribution(Instant now) {
    long n = 2 * store.externalKmsGeneration();
    for (Imported i : all(now)) {
      if (!i.published()) {
        n++;
      }
    }
    return n;
  }

  private static boolean publishable(KmsCertificate c, Instant now) {
    return !c.revoked() && c.validTo().map(now::isBefore).orElse(true);
  }

  private KmsCertificate parse(ExternalKmsRecord r) {
    try {
      return KmsXmlReader.create().readCertificate(r.certificateXml().getBytes(StandardCharsets.UTF_8));
    } catch (KmsProtocolException e) {
      // Written by importCertificate from a certificate that was read: a failure is a bug or tampering.
      throw new IllegalStateException("the stored certificate of " + r.kmsUri() + " cannot be read: " + e.getMessage(), e);
    }
  }
}

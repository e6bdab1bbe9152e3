package org.mcxkms.kms.client.trust;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import org.mcxkms.kms.protocol.KmsCertificate;

/**
 * The identity of a KMS certificate for pinning: SHA-256 over the fields that decide which keys
 * are valid, {@code "mcx-kms certificate v1" || KmsUri || UserIdFormat || UserKeyPeriod ||
 * UserKeyOffset || PubEncKey || PubAuthKey}, each field preceded by its 4-octet length.
 *
 * <p>Metadata a KMS may legitimately update for the same keys (CertUri, Issuer, ValidFrom/ValidTo,
 * Revoked) is left out, so it does not count as a certificate change; the client still checks it.
 * Written as {@code sha256:} and 64 lower-case hex digits; {@link #parse} also takes upper case and
 * colon-separated pairs.
 */
public final class CertificateFingerprint {
  private static final byte[] LABEL = "mcx-kms certificate v1".getBytes(StandardCharsets.US_ASCII);
  private static final String PREFIX = "sha256:";

  private final byte[] digest;

  private CertificateFingerprint(byte[] digest) {
    this.digest = digest;
  }

  public static CertificateFingerprint of(KmsCertificate c) {
    return of(c.kmsUri(), c.userIdFormat(), c.userKeyPeriod(), c.userKeyOffset(), c.pubEncKey(), c.pubAuthKey());
  }

  /**
   * The fingerprint from the certificate's fields, for a KMS operator who holds them without a
   * {@link KmsCertificate} (the admin API's domain listing).
   */
  public static CertificateFingerprint of(String kmsUri, String userIdFormat, long userKeyPeriod, long userKeyOffset,
      byte[] pubEncKey, byte[] pubAuthKey) {
    ByteArrayOutputStream s = new ByteArrayOutputStream(512);
    field(s, LABEL);
    field(s, kmsUri.getBytes(StandardCharsets.UTF_8));
    field(s, userIdFormat.getBytes(StandardCharsets.UTF_8));
    field(s, longBytes(userKeyPeriod));
    field(s, longBytes(userKeyOffset));
    field(s, pubEncKey);
    field(s, pubAuthKey);
    try {
      return new CertificateFingerprint(MessageDigest.getInstance("SHA-256").digest(s.toByteArray()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  /** Wraps 32 octets (as stored in a profile). */
  public static CertificateFingerprint ofBytes(byte[] digest) {
    if (digest.length != 32) {
      throw new IllegalArgumentException("a certificate fingerprint has 32 octets, got " + digest.length);
    }
    return new CertificateFingerprint(digest.clone());
  }

  /**
   * Reads {@code sha256:<64 hex>}, or the 64 hex digits alone, in either case, optionally with
   * colons between pairs.
   *
   * @throws IllegalArgumentException if it is not such a value
   */
  public static CertificateFingerprint parse(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    if (t.startsWith(PREFIX)) {
      t = t.substring(PREFIX.length());
    }
    t = t.replace(":", "");
    if (!t.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("a certificate fingerprint is sha256: followed by 64 hex digits");
    }
    return new CertificateFingerprint(HexFormat.of().parseHex(t));
  }

  private static void field(ByteArrayOutputStream s, byte[] b) {
    s.write(b.length >>> 24);
    s.write(b.length >>> 16);
    s.write(b.length >>> 8);
    s.write(b.length);
    s.write(b, 0, b.length);
  }

  private static byte[] longBytes(long v) {
    byte[] b = new byte[8];
    for (int i = 7; i >= 0; i--) {
      b[i] = (byte) v;
      v >>>= 8;
    }
    return b;
  }

  public byte[] toByteArray() {
    return digest.clone();
  }

  /** The 64 hex digits without prefix. */
  public String hex() {
    return HexFormat.of().formatHex(digest);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CertificateFingerprint other && MessageDigest.isEqual(digest, other.digest);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(digest);
  }

  @Override
  public String toString() {
    return PREFIX + hex();
  }
}

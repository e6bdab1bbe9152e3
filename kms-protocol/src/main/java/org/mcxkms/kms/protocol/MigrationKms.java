package org.mcxkms.kms.protocol;

import java.net.URI;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A Migration KMS (TS 33.180 5.3.1): a KMS from which the Home KMS permits its client to obtain key
 * material when the user is migrated, with its address. The Home KMS provisions the list in the
 * certificate cache as an extension in its own namespace (D.1 allows provider extensions; where
 * the standard carries the list is UNCONFIRMED, see docs/decisions.md):
 *
 * <pre>
 * mk:MigrationKmsList                 in {@value #NS}, last child of KmsCertCache
 *   mk:MigrationKms   0..{@value #MAX_ENTRIES}
 *     mk:KmsUri       the KMS URI (security domain) it serves
 *     mk:KmsUrl       https URL of its KMS interface root (…/keymanagement/identity/v1)
 *     mk:TlsPin       opt. SHA-256 of its TLS server certificate, 64 hex digits
 * </pre>
 *
 * @param kmsUri the Migration KMS's KMS URI, at most {@value #MAX_CHARS} characters, no whitespace
 *     or control characters
 * @param kmsUrl absolute https URL without query or fragment
 * @param tlsPin SHA-256 of the TLS server certificate, when the Home KMS vouches for it; kept as 64
 *     lowercase hex digits (colons, case and a {@code sha256:} prefix are accepted on input)
 */
public record MigrationKms(String kmsUri, URI kmsUrl, Optional<String> tlsPin) {
  /** Namespace of the extension elements. */
  public static final String NS = "urn:mcxkms:ns:migration-kms:1.0";
  /** Most entries a list may hold. */
  public static final int MAX_ENTRIES = 64;
  /** Longest KMS URI or URL accepted. */
  public static final int MAX_CHARS = 1024;

  /** @throws IllegalArgumentException naming the field that is malformed */
  public MigrationKms {
    Objects.requireNonNull(kmsUri, "KmsUri");
    Objects.requireNonNull(kmsUrl, "KmsUrl");
    Objects.requireNonNull(tlsPin, "TlsPin");
    checkToken(kmsUri, "KmsUri");
    checkToken(kmsUrl.toString(), "KmsUrl");
    if (!"https".equalsIgnoreCase(kmsUrl.getScheme()) || kmsUrl.getHost() == null || kmsUrl.getRawQuery() != null
        || kmsUrl.getRawFragment() != null) {
      throw new IllegalArgumentException("KmsUrl must be an absolute https URL without query or fragment");
    }
    tlsPin = tlsPin.map(p -> p.strip().toLowerCase(Locale.ROOT).replaceFirst("^sha-?256:", "").replace(":", ""));
    if (tlsPin.isPresent() && !tlsPin.get().matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("TlsPin must be 64 hex digits (SHA-256)");
    }
  }

  /** An entry without a TLS pin. */
  public static MigrationKms of(String kmsUri, URI kmsUrl) {
    return new MigrationKms(kmsUri, kmsUrl, Optional.empty());
  }

  /** The TLS pin as 32 octets. */
  public Optional<byte[]> tlsPinBytes() {
    return tlsPin.map(HexFormat.of()::parseHex);
  }

  private static void checkToken(String value, String name) {
    if (value.isEmpty() || value.length() > MAX_CHARS) {
      throw new IllegalArgumentException(name + " must have 1 to " + MAX_CHARS + " characters");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isWhitespace(c) || Character.isISOControl(c)) {
        throw new IllegalArgumentException(name + " must not contain whitespace or control characters");
      }
    }
  }
}

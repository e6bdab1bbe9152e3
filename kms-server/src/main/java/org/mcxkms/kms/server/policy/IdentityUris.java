package org.mcxkms.kms.server.policy;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * What this KMS accepts as an MC identity (the caller's identity claim, a user URI in a path, an
 * identity registered by the operator): an absolute URI (RFC 3986 4.3, e.g. {@code sip:} or
 * {@code tel:}) of at most {@link #MAX_LENGTH} characters, without whitespace or control characters.
 * Identities enter the UID (TS 33.180 F.2.1), XML documents, log lines and the audit trail, so a
 * CR, LF or NUL must never get that far.
 */
public final class IdentityUris {
  public static final int MAX_LENGTH = 1024;

  private IdentityUris() {}

  /** Why {@code identity} is not acceptable, or empty when it is. The reason never quotes the value. */
  public static Optional<String> problem(String identity) {
    if (identity == null || identity.isEmpty()) {
      return Optional.of("is empty");
    }
    if (identity.length() > MAX_LENGTH) {
      return Optional.of("is longer than " + MAX_LENGTH + " characters");
    }
    for (int i = 0; i < identity.length(); i++) {
      char c = identity.charAt(i);
      if (Character.isISOControl(c)) {
        return Optional.of(String.format("holds the control character U+%04X at position %d", (int) c, i));
      }
      if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        return Optional.of("holds whitespace at position " + i);
      }
    }
    try {
      if (!new URI(identity).isAbsolute()) {
        return Optional.of("is not an absolute URI (no scheme such as sip: or tel:)");
      }
    } catch (URISyntaxException e) {
      return Optional.of("is not a URI (invalid character at position " + e.getIndex() + ")");
    }
    return Optional.empty();
  }

  /**
   * {@code value} made safe for one log line or message: control characters, quotes and
   * backslashes escaped, clipped to 200 characters. Cannot start a new line.
   */
  public static String printable(String value) {
    if (value == null) {
      return "-";
    }
    StringBuilder sb = new StringBuilder();
    int i = 0;
    for (; i < value.length() && sb.length() < 200; i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c) || c == '"' || c == '\\' || c == '\u2028' || c == '\u2029') {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return i < value.length() ? sb + "..." : sb.toString();
  }
}

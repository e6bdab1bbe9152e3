package org.mcxkms.mikey;

import java.util.Base64;

/**
 * The text form of an I_MESSAGE in SIP/SDP: base64 after the key management protocol identifier,
 * as in {@code a=key-mgmt:mikey <base64>} (RFC 4567 3.1). Streamwide's test strings carry the same
 * {@code "mikey "} prefix.
 */
public final class MikeyText {
  public static final String PREFIX = "mikey ";

  private MikeyText() {}

  /** {@code "mikey " + base64(message)}. */
  public static String encode(byte[] message) {
    return PREFIX + Base64.getEncoder().encodeToString(message);
  }

  /**
   * Decodes base64 with or without the {@code mikey} prefix (and without an {@code a=key-mgmt:}
   * attribute name); surrounding whitespace is ignored.
   *
   * @throws IllegalArgumentException if the text is not base64
   */
  public static byte[] decode(String text) {
    String s = text.strip();
    if (s.startsWith("a=key-mgmt:")) {
      s = s.substring("a=key-mgmt:".length()).strip();
    }
    if (s.regionMatches(true, 0, "mikey", 0, 5) && s.length() > 5 && Character.isWhitespace(s.charAt(5))) {
      s = s.substring(5).strip();
    }
    return Base64.getDecoder().decode(s);
  }
}

package org.mcxkms.kms.protocol;

/**
 * Text from the network made safe to quote in an exception message or a log line: shortened and
 * without control characters, so a peer can neither flood a log nor forge its lines.
 */
public final class SafeText {
  private SafeText() {}

  /**
   * {@code text} cut to {@code maxChars} characters (then "..."), every ISO control character
   * replaced by '?'; null becomes the empty string.
   */
  public static String clip(String text, int maxChars) {
    if (text == null) {
      return "";
    }
    int n = Math.min(text.length(), maxChars);
    StringBuilder b = new StringBuilder(n + 3);
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      b.append(Character.isISOControl(c) ? '?' : c);
    }
    return text.length() > maxChars ? b.append("...").toString() : b.toString();
  }
}

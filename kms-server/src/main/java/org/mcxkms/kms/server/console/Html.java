package org.mcxkms.kms.server.console;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Building HTML text with every value escaped: nothing from the store or the request is trusted. */
final class Html {
  private final StringBuilder sb = new StringBuilder(8192);

  /** Markup written by the console itself (never a value). */
  Html raw(String markup) {
    sb.append(markup);
    return this;
  }

  /** A value, escaped for element content and quoted attribute values. */
  Html text(Object value) {
    sb.append(escape(value == null ? "" : value.toString()));
    return this;
  }

  static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** A query-string value. */
  static String url(String s) {
    return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return sb.toString();
  }
}

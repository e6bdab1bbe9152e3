package org.mcxkms.kms.client;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A man in the middle for tests: wraps the real transport and rewrites the XML of selected
 * responses (as a TLS-terminating proxy could).
 */
final class Tamper implements KmsTransport {
  private final KmsTransport real;
  private volatile Predicate<URI> when = u -> false;
  private volatile UnaryOperator<String> edit = UnaryOperator.identity();
  volatile int edits;

  Tamper(KmsTransport real) {
    this.real = real;
  }

  /** Rewrites responses to requests whose path ends with {@code pathSuffix} (or contains it). */
  Tamper on(String pathPart, UnaryOperator<String> edit) {
    this.when = u -> u.getRawPath().contains(pathPart);
    this.edit = edit;
    this.edits = 0;
    return this;
  }

  void off() {
    this.when = u -> false;
  }

  @Override
  public Response post(URI url, String bearerToken, byte[] body) throws java.io.IOException, InterruptedException {
    Response r = real.post(url, bearerToken, body);
    if (!when.test(url)) {
      return r;
    }
    String xml = new String(r.body(), StandardCharsets.UTF_8);
    String altered = edit.apply(xml);
    if (!altered.equals(xml)) {
      edits++;
    }
    return new Response(r.status(), altered.getBytes(StandardCharsets.UTF_8));
  }

  // ------------------------------------------------------------------ edits

  /** Flips one hex digit in the {@code n}-th (0-based) text of {@code element}. */
  static UnaryOperator<String> flipHex(String element, int n, int digit) {
    return xml -> {
      Matcher m = Pattern.compile("(<" + element + "(?:\\s[^>]*)?>)([0-9A-Fa-f]+)(</" + element + ">)").matcher(xml);
      for (int i = 0; m.find(); i++) {
        if (i == n) {
          char[] hex = m.group(2).toCharArray();
          hex[digit] = hex[digit] == '0' ? '1' : '0';
          return xml.substring(0, m.start(2)) + new String(hex) + xml.substring(m.end(2));
        }
      }
      throw new AssertionError("no " + element + " #" + n + " in " + xml);
    };
  }

  /** Swaps the texts of the first two {@code element}s (valid encodings, wrong owner). */
  static UnaryOperator<String> swap(String element) {
    return xml -> {
      Matcher m = Pattern.compile("(<" + element + "(?:\\s[^>]*)?>)([^<]+)(</" + element + ">)").matcher(xml);
      if (!m.find()) {
        throw new AssertionError("no " + element);
      }
      int s1 = m.start(2);
      int e1 = m.end(2);
      String v1 = m.group(2);
      if (!m.find()) {
        throw new AssertionError("only one " + element);
      }
      int s2 = m.start(2);
      int e2 = m.end(2);
      String v2 = m.group(2);
      return xml.substring(0, s1) + v2 + xml.substring(e1, s2) + v1 + xml.substring(e2);
    };
  }

  /** Replaces the text of every {@code element} with {@code value}. */
  static UnaryOperator<String> replace(String element, String value) {
    return xml -> xml.replaceAll("(<" + element + "(?:\\s[^>]*)?>)[^<]*(</" + element + ">)",
        "$1" + Matcher.quoteReplacement(value) + "$2");
  }

  static UnaryOperator<String> both(UnaryOperator<String> a, UnaryOperator<String> b) {
    return x -> b.apply(a.apply(x));
  }
}

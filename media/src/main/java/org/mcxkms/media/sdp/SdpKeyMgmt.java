package org.mcxkms.media.sdp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Reads and writes MIKEY in SDP (RFC 4567): {@code a=key-mgmt:mikey <base64 I_MESSAGE>}.
 *
 * <p>The reader is tolerant of what SIP stacks send: CRLF or LF line ends, blank lines, spaces and
 * tabs around the name, the protocol ID and the data, upper-case protocol IDs, base64 without its
 * padding or broken by spaces, several key-mgmt lines at session and media level among other
 * attributes. Data of another protocol is kept but not decoded. The writer is strict: one line,
 * lower-case {@code mikey}, a single space, padded base64 without line breaks, CRLF.
 */
public final class SdpKeyMgmt {
  private SdpKeyMgmt() {}

  /** The largest key management data accepted (an I_MESSAGE is a few kilobytes). */
  public static final int MAX_DATA = 64 * 1024;

  private static final String ATTRIBUTE = "key-mgmt";

  /** Every key-mgmt attribute of {@code sdp}, in order. */
  public static List<KeyMgmtAttribute> read(String sdp) throws KeyMgmtParseException {
    List<KeyMgmtAttribute> out = new ArrayList<>();
    String[] lines = sdp.split("\r?\n|\r", -1);
    int media = -1;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.startsWith("m=")) {
        media++;
        continue;
      }
      if (!line.startsWith("a=")) {
        continue;
      }
      String attr = line.substring(2).stripLeading();
      int colon = attr.indexOf(':');
      if (colon < 0 || !attr.substring(0, colon).strip().equalsIgnoreCase(ATTRIBUTE)) {
        continue;
      }
      String value = attr.substring(colon + 1).strip();
      int sp = firstWhitespace(value);
      if (sp < 0) {
        throw new KeyMgmtParseException(i + 1, "key-mgmt without data");
      }
      String protocol = value.substring(0, sp).toLowerCase(Locale.ROOT);
      String data = value.substring(sp).replaceAll("[ \t]", "");
      if (data.length() > MAX_DATA * 4 / 3 + 4) {
        throw new KeyMgmtParseException(i + 1, "key-mgmt data longer than " + MAX_DATA + " octets");
      }
      if (!KeyMgmtAttribute.MIKEY.equals(protocol)) {
        out.add(new KeyMgmtAttribute(protocol, data.getBytes(StandardCharsets.US_ASCII), media));
        continue;
      }
      out.add(new KeyMgmtAttribute(protocol, decode(i + 1, data), media));
    }
    return out;
  }

  /** The MIKEY messages of {@code sdp} (session level first as they appear), decoded. */
  public static List<byte[]> mikeyMessages(String sdp) throws KeyMgmtParseException {
    List<byte[]> out = new ArrayList<>();
    for (KeyMgmtAttribute a : read(sdp)) {
      if (a.isMikey()) {
        out.add(a.data());
      }
    }
    return out;
  }

  /** The attribute line, without its line end. */
  public static String line(byte[] mikeyMessage) {
    if (mikeyMessage.length == 0 || mikeyMessage.length > MAX_DATA) {
      throw new IllegalArgumentException("a MIKEY message of 1.." + MAX_DATA + " octets, was " + mikeyMessage.length);
    }
    return "a=" + ATTRIBUTE + ":" + KeyMgmtAttribute.MIKEY + " " + Base64.getEncoder().encodeToString(mikeyMessage);
  }

  /**
   * {@code sdp} with the attribute added at session level (before the first m= line, RFC 4567
   * 3.1 allows both levels), every line ended by CRLF as RFC 4566 5 asks.
   */
  public static String addToSession(String sdp, byte[] mikeyMessage) {
    String attr = line(mikeyMessage);
    StringBuilder out = new StringBuilder(sdp.length() + attr.length() + 2);
    boolean added = false;
    for (String l : sdp.split("\r?\n|\r")) {
      if (l.isEmpty()) {
        continue;
      }
      if (!added && l.startsWith("m=")) {
        out.append(attr).append("\r\n");
        added = true;
      }
      out.append(l).append("\r\n");
    }
    if (!added) {
      out.append(attr).append("\r\n");
    }
    return out.toString();
  }

  private static byte[] decode(int line, String data) throws KeyMgmtParseException {
    String padded = data;
    if (padded.length() % 4 == 2) {
      padded += "==";
    } else if (padded.length() % 4 == 3) {
      padded += "=";
    }
    try {
      byte[] b = Base64.getDecoder().decode(padded);
      if (b.length == 0) {
        throw new KeyMgmtParseException(line, "empty MIKEY data");
      }
      return b;
    } catch (IllegalArgumentException e) {
      throw new KeyMgmtParseException(line, "MIKEY data is not base64");
    }
  }

  private static int firstWhitespace(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == ' ' || s.charAt(i) == '\t') {
        return i;
      }
    }
    return -1;
  }
}

package org.mcxkms.kms.protocol;

import static org.mcxkms.kms.protocol.SafeText.clip;

import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.mcxkms.crypto.uid.Uid;
import org.mcxkms.kms.protocol.KmsProtocolException.Reason;

/** Lexical forms of the XML Schema types the documents use: tolerant parsing, strict formatting. */
final class XmlValues {
  /** Characters of peer-supplied text quoted in an error message. */
  static final int QUOTE = 40;

  private XmlValues() {}

  private static final HexFormat HEX_UPPER = HexFormat.of().withUpperCase();
  private static final HexFormat HEX_LOWER = HexFormat.of();
  private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]{1,30}");
  private static final Pattern VERSION_1 = Pattern.compile("1\\.[0-9]{1,4}\\.[0-9]{1,4}");
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  /** xsd:dateTime with an optional zone ("Z" or +hh:mm); fractions of any length. */
  private static final DateTimeFormatter DATE_TIME = new DateTimeFormatterBuilder()
      .append(DateTimeFormatter.ISO_LOCAL_DATE)
      .appendLiteral('T')
      .appendPattern("HH:mm:ss")
      .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
      .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
      .toFormatter();

  /**
   * Reads an xsd:dateTime. A value with a zone is converted to an instant. A value without a zone
   * (Streamwide sends its local time that way) is <b>interpreted as UTC</b>: the schema leaves the
   * zone of such a value undetermined and UTC is what a KMS and its clients share; receivers
   * compare times with a skew allowance anyway.
   */
  static Instant dateTime(String text, String path) throws KmsProtocolException {
    try {
      TemporalAccessor t = DATE_TIME.parse(text);
      LocalDateTime local = LocalDateTime.from(t);
      ZoneOffset zone = t.isSupported(ChronoField.OFFSET_SECONDS)
          ? ZoneOffset.ofTotalSeconds(t.get(ChronoField.OFFSET_SECONDS)) : ZoneOffset.UTC;
      return local.toInstant(zone);
    } catch (DateTimeParseException e) {
      throw new KmsProtocolException(Reason.INVALID_VALUE, path, "is not an xsd:dateTime: '" + clip(text, QUOTE) + "'");
    }
  }

  /** xsd:dateTime in UTC with "Z" (fraction of a second only when present). */
  static String formatDateTime(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant);
  }

  /** An xsd:integer that must fit {@code [min, max]}. */
  static long integer(String text, String path, long min, long max) throws KmsProtocolException {
    if (!INTEGER.matcher(text).matches()) {
      throw new KmsProtocolException(Reason.INVALID_VALUE, path, "is not an integer: '" + clip(text, QUOTE) + "'");
    }
    BigInteger v = new BigInteger(text.startsWith("+") ? text.substring(1) : text);
    if (v.compareTo(BigInteger.valueOf(min)) < 0 || v.compareTo(BigInteger.valueOf(max)) > 0) {
      throw new KmsProtocolException(Reason.INVALID_VALUE, path, "is out of range [" + min + ", " + max + "]: " + clip(text, QUOTE));
    }
    return v.longValueExact();
  }

  /** xsd:boolean: true, false, 1 or 0. */
  static boolean bool(String text, String path) throws KmsProtocolException {
    switch (text) {
      case "true":
      case "1":
        return true;
      case "false":
      case "0":
        return false;
      default:
        throw new KmsProtocolException(Reason.INVALID_VALUE, path, "is not an xsd:boolean: '" + clip(text, QUOTE) + "'");
    }
  }

  /**
   * xsd:hexBinary of exactly {@code length} octets (either case; whitespace inside is dropped,
   * since some senders wrap long values). The message never repeats the value: it may be a key.
   */
  static byte[] hex(String text, String path, int length) throws KmsProtocolException {
    String h = stripWhitespace(text);
    if (!isHex(h)) {
      throw new KmsProtocolException(Reason.INVALID_VALUE, path, "is not hexBinary");
    }
    if (h.length() != 2 * length) {
      throw new KmsProtocolException(
          Reason.INVALID_VALUE, path, "must have " + length + " octets, has " + h.length() / 2);
    }
    return HEX_LOWER.parseHex(h);
  }

  /** Even number of hex digits (either case). A loop: this runs on every key and is hot. */
  private static boolean isHex(String s) {
    if ((s.length() & 1) != 0) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
        return false;
      }
    }
    return true;
  }

  private static String stripWhitespace(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isWhitespace(s.charAt(i))) {
        return WHITESPACE.matcher(s).replaceAll("");
      }
    }
    return s;
  }

  static String formatHex(byte[] octets) {
    return HEX_UPPER.formatHex(octets);
  }

  /** Base64 (whitespace dropped), strictly decoded. */
  static byte[] base64(String text, String path) throws KmsProtocolException {
    try {
      return Base64.getDecoder().decode(stripWhitespace(text));
    } catch (IllegalArgumentException e) {
      throw new KmsProtocolException(Reason.INVALID_VALUE, path, "is not base64");
    }
  }

  static String formatBase64(byte[] octets) {
    return Base64.getEncoder().encodeToString(octets);
  }

  /**
   * {@code UserID}: 64 hex digits of either case (the samples and the strict writer) or base64 of
   * 32 octets (some deployed KMSs).
   */
  static Uid userId(String text, String path) throws KmsProtocolException {
    String t = stripWhitespace(text);
    if (t.length() == 2 * Uid.LENGTH && isHex(t)) {
      return Uid.of(HEX_LOWER.parseHex(t));
    }
    byte[] b;
    try {
      b = Base64.getDecoder().decode(t);
    } catch (IllegalArgumentException e) {
      throw new KmsProtocolException(Reason.INVALID_VALUE, path, "is neither 64 hex digits nor base64 of 32 octets");
    }
    if (b.length != Uid.LENGTH) {
      throw new KmsProtocolException(
          Reason.INVALID_VALUE, path, "must be 32 octets (64 hex digits or base64), base64 gives " + b.length);
    }
    return Uid.of(b);
  }

  /** {@code UserID} as written: 64 lower-case hex digits, as in the published samples. */
  static String formatUserId(Uid uid) {
    return uid.toHex();
  }

  /** Checks a {@code Version} attribute: we understand major version 1 (1.0.0, 1.1.0, ...). */
  static void checkVersion(String version, String path) throws KmsProtocolException {
    if (!VERSION_1.matcher(version).matches()) {
      throw new KmsProtocolException(
          Reason.UNSUPPORTED_VERSION, path + "/@Version", "version '" + clip(version, QUOTE) + "' is not supported (1.x.y)");
    }
  }

}

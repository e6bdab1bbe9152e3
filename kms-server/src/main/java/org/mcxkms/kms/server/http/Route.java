package org.mcxkms.kms.server.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.mcxkms.kms.server.audit.AuditAction;
import org.mcxkms.kms.server.error.KmsErrorCode;
import org.mcxkms.kms.server.error.KmsException;

/**
 * An Annex D resource (TS 33.180 D.2) parsed from the request path:
 * {@code /keymanagement/identity/v1/} followed by {@code init}, {@code keyprov},
 * {@code keyprov/<user-uri>}, {@code keyprov/<user-uri>/<ntp64 as 16 hex digits>},
 * {@code certcache}, {@code certcache/<n>}, {@code cert/<kms-uri>} (Rel-17 KMS Cert; the path
 * segment is UNCONFIRMED, see docs/decisions.md) or {@code redirect} (KMS Redirect Responses
 * uploaded in the KrrList, D.2.2).
 *
 * <p>The user URI may arrive percent-encoded ({@code sip%3Aalice%40example.org}, as 33.179 D.2
 * shows) or raw ({@code sip:alice@example.org}, as the Streamwide client sends it); segments are
 * percent-decoded one by one (UTF-8, strictly), so both give the same URI. A raw URI containing
 * '/' is rejoined. The time segment is taken as such only when it is exactly 16 hex digits (either
 * case) after at least one URI segment.
 */
public record Route(Kind kind, String userUri, Long ntp64, Long cacheNum, String kmsUri) {
  public static final String PREFIX = "/keymanagement/identity/v1/";

  public Route(Kind kind, String userUri, Long ntp64, Long cacheNum) {
    this(kind, userUri, ntp64, cacheNum, null);
  }

  public enum Kind {
    INIT(AuditAction.KMS_INIT),
    KEYPROV(AuditAction.KMS_KEYPROV),
    CERTCACHE(AuditAction.KMS_CERTCACHE),
    CERT(AuditAction.KMS_CERT),
    REDIRECT(AuditAction.KMS_REDIRECT),
    DISCOVERY(AuditAction.KMS_DISCOVERY);

    private final AuditAction action;

    Kind(AuditAction action) {
      this.action = action;
    }

    /** The audit action of this resource (also the endpoint tag of the request metrics). */
    public AuditAction action() {
      return action;
    }
  }

  /** Whether {@code rawPath} is one of our resources (for 404 before anything else). */
  public static Route parse(String rawPath) throws KmsException {
    if (rawPath == null || !rawPath.startsWith(PREFIX)) {
      throw new KmsException(KmsErrorCode.NOT_FOUND, "no such resource");
    }
    String rest = rawPath.substring(PREFIX.length());
    List<String> segs = new ArrayList<>(List.of(rest.split("/", -1)));
    if (!segs.isEmpty() && segs.get(segs.size() - 1).isEmpty() && segs.size() > 1) {
      segs.remove(segs.size() - 1); // a trailing slash
    }
    String head = segs.get(0);
    switch (head) {
      case "init":
        if (segs.size() == 1) {
          return new Route(Kind.INIT, null, null, null);
        }
        break;
      case "certcache":
        if (segs.size() == 1) {
          return new Route(Kind.CERTCACHE, null, null, null);
        }
        if (segs.size() == 2) {
          return new Route(Kind.CERTCACHE, null, null, cacheNum(decode(segs.get(1))));
        }
        break;
      case "redirect":
        if (segs.size() == 1) {
          return new Route(Kind.REDIRECT, null, null, null);
        }
        break;
      case "cert":
        if (segs.size() == 2 && !segs.get(1).isEmpty()) {
          return new Route(Kind.CERT, null, null, null, decode(segs.get(1)));
        }
        if (segs.size() == 1 || segs.get(1).isEmpty()) {
          throw new KmsException(KmsErrorCode.MALFORMED_URL, "cert needs a KMS URI in the path");
        }
        break;
      case "discovery":
        if (segs.size() == 2 && !segs.get(1).isEmpty()) {
          return new Route(Kind.DISCOVERY, decode(segs.get(1)), null, null);
        }
        if (segs.size() == 1 || segs.get(1).isEmpty()) {
          throw new KmsException(KmsErrorCode.MALFORMED_URL, "discovery needs a user URI in the path");
        }
        break;
      case "keyprov":
        if (segs.size() == 1) {
          return new Route(Kind.KEYPROV, null, null, null);
        }
        List<String> uriSegs = segs.subList(1, segs.size());
        Long time = null;
        String last = uriSegs.get(uriSegs.size() - 1);
        if (uriSegs.size() >= 2 && isNtp64(last)) {
          time = Long.parseUnsignedLong(last, 16);
          uriSegs = uriSegs.subList(0, uriSegs.size() - 1);
        }
        List<String> decoded = new ArrayList<>();
        for (String s : uriSegs) {
          decoded.add(decode(s));
        }
        String uri = String.join("/", decoded);
        if (uri.isEmpty()) {
          throw new KmsException(KmsErrorCode.MALFORMED_URL, "empty user URI in the path");
        }
        return new Route(Kind.KEYPROV, uri, time, null);
      default:
        break;
    }
    throw new KmsException(KmsErrorCode.NOT_FOUND, "no such resource");
  }

  static boolean isNtp64(String s) {
    if (s.length() != 16) {
      return false;
    }
    for (int i = 0; i < 16; i++) {
      if (Character.digit(s.charAt(i), 16) < 0) {
        return false;
      }
    }
    return true;
  }

  private static long cacheNum(String s) throws KmsException {
    try {
      long n = Long.parseLong(s);
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new KmsException(KmsErrorCode.MALFORMED_URL, "the cache number must be a non-negative integer");
    }
  }

  /** Strict percent-decoding of one path segment ('+' stays '+'); the result must be UTF-8. */
  static String decode(String segment) throws KmsException {
    if (segment.indexOf('%') < 0) {
      return segment;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(segment.length());
    byte[] raw = segment.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < raw.length; i++) {
      if (raw[i] == '%') {
        if (i + 2 >= raw.length) {
          throw new KmsException(KmsErrorCode.MALFORMED_URL, "truncated percent-encoding in the path");
        }
        int hi = Character.digit(raw[i + 1], 16);
        int lo = Character.digit(raw[i + 2], 16);
        if (hi < 0 || lo < 0) {
          throw new KmsException(KmsErrorCode.MALFORMED_URL, "invalid percent-encoding in the path");
        }
        out.write(hi << 4 | lo);
        i += 2;
      } else {
        out.write(raw[i]);
      }
    }
    try {
      String s = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(out.toByteArray()))
          .toString();
      for (int i = 0; i < s.length(); i++) {
        if (Character.isISOControl(s.charAt(i))) {
          throw new KmsException(KmsErrorCode.MALFORMED_URL, "control character in the path");
        }
      }
      return s;
    } catch (CharacterCodingException e) {
      throw new KmsException(KmsErrorCode.MALFORMED_URL, "the path is not UTF-8 after percent-decoding");
    }
  }

  /** The path of a request URL, each segment decoded, for comparing ClientReqUrl with the request. */
  static String normalisedPath(String rawPath) throws KmsException {
    String[] segs = rawPath.split("/", -1);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < segs.length; i++) {
      if (i > 0) {
        sb.append('/');
      }
      String s = decode(segs[i]);
      sb.append(isNtp64(s) ? s.toUpperCase(Locale.ROOT) : s);
    }
    String p = sb.toString();
    return p.endsWith("/") && p.length() > 1 ? p.substring(0, p.length() - 1) : p;
  }
}

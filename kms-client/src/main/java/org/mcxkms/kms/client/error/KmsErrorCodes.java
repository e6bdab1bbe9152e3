package org.mcxkms.kms.client.error;

import java.util.Map;
import java.util.Optional;

/**
 * What each {@code KmsError/ErrorCode} of this project's KMS means (TS 33.180 D.3.1 defines the
 * element; the numeric table is this project's, documented in docs/server.md "KmsError codes", which
 * a test keeps equal to this one): the client names the code and its meaning in its errors.
 * Other KMSs may use other numbers, so an unknown code is explained by nothing.
 */
public final class KmsErrorCodes {
  /** One documented code: the HTTP status it comes with, its name and its meaning. */
  public record Entry(int code, int httpStatus, String name, String meaning) {
    @Override
    public String toString() {
      return name + ": " + meaning;
    }
  }

  private static final Map<Integer, Entry> TABLE = Map.ofEntries(
      entry(100, 413, "BODY_TOO_LARGE", "the request body is too large"),
      entry(101, 400, "MALFORMED_XML", "Not well-formed XML (or not XML at all, or empty)."),
      entry(102, 400, "DOCTYPE_FORBIDDEN", "A DOCTYPE (and hence any entity declaration) is present; never processed."),
      entry(103, 400, "UNEXPECTED_ROOT", "The root element is not the expected document type."),
      entry(104, 400, "MISSING_ELEMENT", "A required element or attribute is absent."),
      entry(105, 400, "DUPLICATE_ELEMENT", "An element that may occur once occurs more than once."),
      entry(106, 400, "INVALID_VALUE", "An element or attribute value is malformed or out of range."),
      entry(107, 400, "UNSUPPORTED_VERSION", "The Version attribute names a version we do not understand."),
      entry(108, 400, "UNSUPPORTED_CONTENT", "The document uses a construct we do not support (for example an unknown KmsMessage)."),
      entry(109, 400, "SCHEMA_VIOLATION", "The document does not validate against the schema."),
      entry(110, 400, "WRONG_KMS_URI", "KmsUri does not name this KMS"),
      entry(111, 400, "WRONG_CLIENT_REQ_URL", "ClientReqUrl does not match the requested URL"),
      entry(112, 400, "STALE_TIME", "Time is outside the accepted clock skew"),
      entry(113, 400, "USER_URI_MISMATCH", "UserUri is not the authenticated caller"),
      entry(114, 400, "MALFORMED_URL", "a path segment (user URI, NTP time, cache number) is malformed"),
      entry(115, 400, "BAD_HTTP_REQUEST", "the HTTP request is malformed (request line, headers or version)"),
      entry(120, 404, "NOT_FOUND", "no such resource"),
      entry(121, 405, "METHOD_NOT_ALLOWED", "only POST is allowed"),
      entry(130, 400, "MALFORMED", "a KMS Redirect Response is not well-formed, too large, has a DOCTYPE, or lacks or mangles a required element."),
      entry(131, 400, "WRONG_NAMESPACE", "the root is not KmsRedirectResponse in urn:3gpp:ns:mcsecKMSKRR:1.0."),
      entry(132, 400, "UNSIGNED", "a KMS Redirect Response has no ds:Signature."),
      entry(133, 400, "BAD_SIGNATURE", "a KRR signature does not verify, breaks the TS 33.180 D.4.2 profile or does not cover the KRR."),
      entry(134, 400, "UNKNOWN_SIGNER", "a KRR signer's certificate does not chain to a trust anchor, or its key is not P-256."),
      entry(135, 400, "EXPIRED", "a KRR signer's certificate is not valid now, or the KRR is older than allowed."),
      entry(136, 400, "FIELD_MISMATCH", "a KRR field contradicts its signer, the uploader or the KRR embedding it."),
      entry(137, 400, "TOO_DEEP", "KMS Redirect Responses nested deeper than allowed."),
      entry(138, 400, "UNKNOWN_KMS", "a KRR refuses a KMS that is neither this KMS nor one of its External KMSs."),
      entry(200, 400, "SIGNATURE_REQUIRED", "A signature is required by policy but the document is not signed."),
      entry(201, 400, "SIGNATURE_INVALID", "The signature does not verify or does not follow the profile (wrong key, altered, wrapped)."),
      entry(202, 400, "UNKNOWN_KEY", "The signing or encryption key named by the document is not known to the receiver."),
      entry(203, 400, "UNSUPPORTED_ALGORITHM", "An algorithm URI other than the ones we implement."),
      entry(204, 400, "DECRYPTION_FAILED", "Encrypted key material could not be decrypted (wrong key or altered ciphertext)."),
      entry(300, 401, "MISSING_TOKEN", "no bearer access token"),
      entry(301, 401, "INVALID_TOKEN", "the access token is invalid or expired"),
      entry(302, 403, "INSUFFICIENT_SCOPE", "the access token lacks the key-management scope"),
      entry(303, 401, "INVALID_IDENTITY_CLAIM", "the access token's identity claim is not an acceptable identity URI"),
      entry(400, 403, "UNKNOWN_IDENTITY", "the identity is not registered with this KMS"),
      entry(401, 403, "IDENTITY_DISABLED", "the identity is disabled"),
      entry(402, 403, "IDENTITY_REVOKED", "the identity's key material is revoked"),
      entry(403, 403, "NOT_AUTHORIZED_FOR_IDENTITY", "the caller may not obtain keys for this identity"),
      entry(500, 403, "PERIOD_OUTSIDE_WINDOW", "the key period is outside the window this KMS serves"),
      entry(900, 503, "NO_VALID_CERTIFICATE", "the KMS has no valid certificate"),
      entry(901, 503, "UNAVAILABLE", "the KMS cannot serve the request now (storage or audit unavailable)"),
      entry(902, 429, "RATE_LIMITED", "too many requests; retry after the time given in Retry-After"),
      entry(999, 500, "INTERNAL", "internal error"));

  private KmsErrorCodes() {}

  private static Map.Entry<Integer, Entry> entry(int code, int httpStatus, String name, String meaning) {
    return Map.entry(code, new Entry(code, httpStatus, name, meaning));
  }

  /** The documented meaning of {@code code}, if it is one of ours. */
  public static Optional<Entry> explain(long code) {
    return code < Integer.MIN_VALUE || code > Integer.MAX_VALUE ? Optional.empty()
        : Optional.ofNullable(TABLE.get((int) code));
  }

  /** Every documented code. */
  public static Map<Integer, Entry> all() {
    return TABLE;
  }
}

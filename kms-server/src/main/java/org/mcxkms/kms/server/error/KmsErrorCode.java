package org.mcxkms.kms.server.error;

/**
 * The {@code KmsError/ErrorCode} values this KMS returns, with their HTTP status.
 *
 * <p><b>UNCONFIRMED:</b> the numeric error-code table of TS 33.180 Annex D (D.3.1, ErrorType) could
 * not be confirmed. These codes are our own; docs/server.md lists them (DocsTest keeps it equal).
 * Ranges: 100-109 document errors and 200-204 security-extension errors are the numbers of
 * {@code KmsProtocolException.Reason} (shared with the client), 110-129 request checks, 130-138 KMS Redirect Responses (the numbers of
 * {@code KrrException.Reason}),
 * 300-303 authentication, 400-403 identity and authorisation, 500 key periods, 900-999 server.
 * Change them here only.
 */
public enum KmsErrorCode {
  /** The body is not an acceptable KmsRequest; the wire code is the kms-protocol Reason's (100-109, 200-204). */
  INVALID_DOCUMENT(101, 400, "the request body is not an acceptable KmsRequest"),
  BODY_TOO_LARGE(100, 413, "the request body is too large"),
  WRONG_KMS_URI(110, 400, "KmsUri does not name this KMS"),
  WRONG_CLIENT_REQ_URL(111, 400, "ClientReqUrl does not match the requested URL"),
  STALE_TIME(112, 400, "Time is outside the accepted clock skew"),
  USER_URI_MISMATCH(113, 400, "UserUri is not the authenticated caller"),
  MALFORMED_URL(114, 400, "a path segment (user URI, NTP time, cache number) is malformed"),
  BAD_HTTP_REQUEST(115, 400, "the HTTP request is malformed (request line, headers or version)"),
  NOT_FOUND(120, 404, "no such resource"),
  /** A KMS Redirect Response was refused; the wire code is the kms-protocol KrrException reason's (130-138). */
  INVALID_KRR(130, 400, "a KMS Redirect Response was refused (form, signature, signer, KMS or time)"),
  METHOD_NOT_ALLOWED(121, 405, "only POST is allowed"),
  MISSING_TOKEN(300, 401, "no bearer access token"),
  INVALID_TOKEN(301, 401, "the access token is invalid or expired"),
  INSUFFICIENT_SCOPE(302, 403, "the access token lacks the key-management scope"),
  INVALID_IDENTITY_CLAIM(303, 401, "the access token's identity claim is not an acceptable identity URI"),
  UNKNOWN_IDENTITY(400, 403, "the identity is not registered with this KMS"),
  IDENTITY_DISABLED(401, 403, "the identity is disabled"),
  IDENTITY_REVOKED(402, 403, "the identity's key material is revoked"),
  NOT_AUTHORIZED_FOR_IDENTITY(403, 403, "the caller may not obtain keys for this identity"),
  PERIOD_OUTSIDE_WINDOW(500, 403, "the key period is outside the window this KMS serves"),
  NO_VALID_CERTIFICATE(900, 503, "the KMS has no valid certificate"),
  RATE_LIMITED(902, 429, "too many requests; retry after the time given in Retry-After"),
  UNAVAILABLE(901, 503, "the KMS cannot serve the request now (storage or audit unavailable)"),
  INTERNAL(999, 500, "internal error");

  private final int code;
  private final int httpStatus;
  private final String meaning;

  KmsErrorCode(int code, int httpStatus, String meaning) {
    this.code = code;
    this.httpStatus = httpStatus;
    this.meaning = meaning;
  }

  public int code() {
    return code;
  }

  public int httpStatus() {
    return httpStatus;
  }

  public String meaning() {
    return meaning;
  }
}

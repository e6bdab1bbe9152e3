package org.mcxkms.kms.server.error;

/**
 * The {@code KmsError/ErrorCode} values this KMS returns, with their HTTP status.
 *
 * <p><b>UNCONFIRMED:</b> the numeric error-code table of TS 33.180 Annex D could not be retrieved
 * (spec digest kms-interface.md 7). These codes are our own; they are documented in the README
 * and grouped by hundreds: 1xx request, 2xx authentication, 3xx authorisation and identity,
 * 4xx key periods, 5xx server. Change them here only.
 */
public enum KmsErrorCode {
  MALFORMED_REQUEST(100, 400, "the request body or URL is malformed"),
  WRONG_KMS_URI(101, 400, "KmsUri does not name this KMS"),
  WRONG_CLIENT_REQ_URL(102, 400, "ClientReqUrl does not match the requested URL"),
  STALE_TIME(103, 400, "Time is outside the accepted clock skew"),
  USER_URI_MISMATCH(104, 400, "UserUri is not the identity the request is for"),
  NOT_FOUND(110, 404, "no such resource"),
  METHOD_NOT_ALLOWED(111, 405, "only POST is allowed"),
  BODY_TOO_LARGE(112, 413, "the request body is too large"),
  MISSING_TOKEN(200, 401, "no bearer access token"),
  INVALID_TOKEN(201, 401, "the access token is invalid or expired"),
  INSUFFICIENT_SCOPE(202, 403, "the access token lacks the key-management scope"),
  UNKNOWN_IDENTITY(300, 403, "the identity is not registered with this KMS"),
  IDENTITY_DISABLED(301, 403, "the identity is disabled"),
  IDENTITY_REVOKED(302, 403, "the identity's key material is revoked"),
  NOT_AUTHORIZED_FOR_IDENTITY(303, 403, "the caller may not obtain keys for this identity"),
  PERIOD_OUTSIDE_WINDOW(400, 403, "the key period is outside the window this KMS serves"),
  NO_VALID_CERTIFICATE(500, 503, "the KMS has no valid certificate"),
  UNAVAILABLE(501, 503, "the KMS cannot serve the request now (storage or audit unavailable)"),
  INTERNAL(599, 500, "internal error");

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

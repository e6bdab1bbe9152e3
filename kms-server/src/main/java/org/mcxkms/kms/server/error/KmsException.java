package org.mcxkms.kms.server.error;

/**
 * A typed failure of a KMS request. It is turned into an HTTP status and a {@code KmsError} in
 * exactly one place (the HTTP front controller). The message goes to the client: it names what
 * was wrong and never holds secrets or internals.
 */
public class KmsException extends Exception {
  private static final long serialVersionUID = 1L;
  private final KmsErrorCode code;
  private final int wireCode;

  public KmsException(KmsErrorCode code, String message) {
    this(code, code.code(), message);
  }

  /** With an explicit {@code ErrorCode} (a kms-protocol Reason's number for document errors). */
  public KmsException(KmsErrorCode code, int wireCode, String message) {
    super(message);
    this.code = code;
    this.wireCode = wireCode;
  }

  public KmsErrorCode code() {
    return code;
  }

  /** The number sent in {@code KmsError/ErrorCode}. */
  public int wireCode() {
    return wireCode;
  }
}

package org.mcxkms.kms.server.error;

/**
 * A typed failure of a KMS request. It is turned into an HTTP status and a {@code KmsError} in
 * exactly one place (the HTTP front controller). The message goes to the client: it names what
 * was wrong and never holds secrets or internals.
 */
public class KmsException extends Exception {
  private static final long serialVersionUID = 1L;
  private final KmsErrorCode code;

  public KmsException(KmsErrorCode code, String message) {
    super(message);
    this.code = code;
  }

  public KmsErrorCode code() {
    return code;
  }
}

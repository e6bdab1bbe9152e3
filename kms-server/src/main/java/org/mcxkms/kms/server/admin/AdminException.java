package org.mcxkms.kms.server.admin;

/** An admin request failed; {@code status} is the HTTP status, the message goes to the operator. */
public final class AdminException extends Exception {
  private static final long serialVersionUID = 1L;
  private final int status;

  public AdminException(int status, String message) {
    super(message);
    this.status = status;
  }

  public int status() {
    return status;
  }
}

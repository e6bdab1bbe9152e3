package org.mcxkms.kms.server.admin;

/** An admin request failed; the message goes to the operator and names what was wrong. */
public final class AdminException extends Exception {
  private static final long serialVersionUID = 1L;
  private final AdminError error;

  public AdminException(AdminError error, String message) {
    super(message);
    this.error = error;
  }

  public AdminError error() {
    return error;
  }
}

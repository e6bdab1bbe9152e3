package org.mcxkms.kms.server.admin;

import java.util.Locale;

/** Why an admin request failed, with its HTTP status; the name in lower case is the audit outcome. */
public enum AdminError {
  BAD_REQUEST(400),
  UNAUTHORIZED(401),
  NOT_FOUND(404),
  CONFLICT(409),
  BODY_TOO_LARGE(413),
  INTERNAL(500),
  UNAVAILABLE(503);

  private final int status;

  AdminError(int status) {
    this.status = status;
  }

  public int status() {
    return status;
  }

  /** The outcome written to the audit trail. */
  public String outcome() {
    return name().toLowerCase(Locale.ROOT);
  }
}

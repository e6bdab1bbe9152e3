package org.mcxkms.kms.server.backup;

/** A backup or restore refused for {@link #error()}; the message says precisely why and holds no secret. */
public final class BackupException extends Exception {
  private static final long serialVersionUID = 1L;

  private final BackupError error;

  public BackupException(BackupError error, String message) {
    super(message);
    this.error = error;
  }

  public BackupError error() {
    return error;
  }
}

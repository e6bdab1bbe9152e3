package org.mcxkms.kms.server.domain;

/**
 * The KMS cannot start safely (seal does not open, configuration contradicts the stored domain,
 * data directory unusable). The message is for the operator; the process exits non-zero.
 */
public final class StartupException extends Exception {
  private static final long serialVersionUID = 1L;

  public StartupException(String message) {
    super(message);
  }

  public StartupException(String message, Throwable cause) {
    super(message, cause);
  }
}

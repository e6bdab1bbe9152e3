package org.mcxkms.kms.server.store;

/** The store could not carry out an operation (connection, SQL, constraint). Never holds secrets. */
public class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }

  public StoreException(String message) {
    super(message);
  }
}

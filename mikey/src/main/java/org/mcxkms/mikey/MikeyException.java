package org.mcxkms.mikey;

/** Base of every MIKEY failure: a malformed message or a rejected one. */
public abstract class MikeyException extends Exception {
  private static final long serialVersionUID = 1L;

  protected MikeyException(String message) {
    super(message);
  }

  protected MikeyException(String message, Throwable cause) {
    super(message, cause);
  }
}

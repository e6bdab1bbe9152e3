package org.mcxkms.kms.server.store;

/** A restore was refused because the store already holds data ({@link KmsStore#restore(StoreSnapshot)}). */
public final class StoreNotEmptyException extends StoreException {
  private static final long serialVersionUID = 1L;

  public StoreNotEmptyException(String message) {
    super(message);
  }
}

package org.mcxkms.kms.server.store;

/**
 * The operation conflicts with what is stored (duplicate identity or grant, a certificate number
 * taken by another node, a reference to a missing row). Unique constraints of the schema raise it,
 * so it holds when several KMS nodes share one database.
 */
public final class ConflictException extends StoreException {
  private static final long serialVersionUID = 1L;

  public ConflictException(String message) {
    super(message);
  }
}

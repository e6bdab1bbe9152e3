package org.mcxkms.crypto;

/**
 * A token that must be passed to read secret bytes. It exists so that every place where a master
 * secret, SSK, RSK or transport key leaves its wrapper can be found with one grep
 * ({@code SecretAccess.get()}), in the manner of Tink's {@code InsecureSecretKeyAccess}.
 */
public final class SecretAccess {
  private static final SecretAccess INSTANCE = new SecretAccess();

  private SecretAccess() {}

  /** Returns the access token. Callers declare by this call that they handle secret material. */
  public static SecretAccess get() {
    return INSTANCE;
  }

  static void require(SecretAccess access) {
    if (access != INSTANCE) {
      throw new IllegalArgumentException("secret access token required");
    }
  }
}

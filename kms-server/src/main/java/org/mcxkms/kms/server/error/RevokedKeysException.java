package org.mcxkms.kms.server.error;

import java.util.List;
import org.mcxkms.kms.server.core.KeySetEntry;

/**
 * Every requested key set is revoked. The response carries both the {@code KmsError} and the
 * key sets marked {@code Revoked} (without key material), so a client that reads either learns it.
 */
public final class RevokedKeysException extends KmsException {
  private static final long serialVersionUID = 1L;
  private final transient List<KeySetEntry> marks;

  public RevokedKeysException(String message, List<KeySetEntry> marks) {
    super(KmsErrorCode.IDENTITY_REVOKED, message);
    this.marks = List.copyOf(marks);
  }

  public List<KeySetEntry> marks() {
    return marks;
  }
}

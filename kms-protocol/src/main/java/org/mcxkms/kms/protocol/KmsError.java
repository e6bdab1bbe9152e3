package org.mcxkms.kms.protocol;

import java.util.Objects;

/**
 * An {@code ErrorType} (TS 33.180 D.2.2, D.3.1): a numeric {@code ErrorCode} and a human readable
 * {@code ErrorMsg} (may be empty). Carried as {@code KmsResponse/KmsError} and as
 * {@code KmsRequest/ClientError}. The numeric code table of the TS is UNCONFIRMED; see
 * {@link KmsProtocolException.Reason}.
 */
public record KmsError(long code, String message) {
  public KmsError {
    Objects.requireNonNull(message, "ErrorMsg");
  }

  public static KmsError of(long code, String message) {
    return new KmsError(code, message);
  }

  @Override
  public String toString() {
    return "KmsError[" + code + ", " + message + "]";
  }
}

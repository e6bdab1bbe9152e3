package org.mcxkms.kms.protocol;

import java.util.Objects;

/**
 * An {@code ErrorType} (TS 33.180 D.2.2, D.3.1): a numeric {@code ErrorCode} and a human readable
 * {@code ErrorMsg}. Carried as {@code KmsResponse/KmsError} and as {@code KmsRequest/ClientError}.
 * The numeric code table of the TS is UNCONFIRMED; see {@link KmsProtocolException.Reason}.
 */
public final class KmsError {
  private final long code;
  private final String message;

  private KmsError(long code, String message) {
    this.code = code;
    this.message = Objects.requireNonNull(message, "ErrorMsg");
  }

  public static KmsError of(long code, String message) {
    return new KmsError(code, message);
  }

  /** {@code ErrorCode}. */
  public long code() {
    return code;
  }

  /** {@code ErrorMsg} (may be empty). */
  public String message() {
    return message;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KmsError && ((KmsError) o).code == code && ((KmsError) o).message.equals(message);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(code) * 31 + message.hashCode();
  }

  @Override
  public String toString() {
    return "KmsError[" + code + ", " + message + "]";
  }
}

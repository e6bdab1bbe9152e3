package org.mcxkms.kms.server.store;

import java.time.Instant;
import java.util.Objects;
import org.mcxkms.kms.protocol.security.ProtectionKey;

/**
 * A client's TrK or InK as stored: its key sealed under the domain KEK (never in clear), and its
 * state: CURRENT (in use), PENDING (issued by a rotation, delivered in-band, becomes CURRENT when
 * the client first uses it) or RETIRED (no longer accepted).
 */
public record ProtectionKeyRecord(String identityUri, ProtectionKey.Kind kind, String keyId, String sealedKey,
    State state, Instant createdAt) {
  /** The life cycle of a protection key. */
  public enum State {
    CURRENT,
    PENDING,
    RETIRED
  }

  public ProtectionKeyRecord {
    Objects.requireNonNull(identityUri);
    Objects.requireNonNull(kind);
    Objects.requireNonNull(keyId);
    Objects.requireNonNull(sealedKey);
    Objects.requireNonNull(state);
    Objects.requireNonNull(createdAt);
  }

  static String kindColumn(ProtectionKey.Kind kind) {
    return kind == ProtectionKey.Kind.TRANSPORT ? "TRK" : "INK";
  }

  static ProtectionKey.Kind kindOf(String column) {
    return "TRK".equals(column) ? ProtectionKey.Kind.TRANSPORT : ProtectionKey.Kind.INTEGRITY;
  }

  @Override
  public String toString() {
    return "ProtectionKeyRecord[" + identityUri + ", " + kind.shortName() + " " + keyId + ", " + state + ", sealed]";
  }
}

package org.mcxkms.mcx.ue;

import java.time.Instant;
import org.mcxkms.mikey.ReceivedKey;

/**
 * A GMK or MKFC a UE accepted, stored by key ID with the activation and expiry times of its key
 * parameters (TS 33.180 E.6.4, E.6.10; Unix seconds, see docs/mcx.md).
 */
public record GroupKey(String groupId, ReceivedKey key, Instant activation, Instant expiry) {
  public int keyId() {
    return key.keyId();
  }

  public boolean usableAt(Instant t) {
    return !t.isBefore(activation) && t.isBefore(expiry);
  }

  @Override
  public String toString() {
    return "GroupKey[" + groupId + " " + key + "]";
  }
}

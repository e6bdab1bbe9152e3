package org.mcxkms.media.floor;

import java.util.Objects;
import java.util.Optional;
import org.mcxkms.mikey.KeyPurpose;
import org.mcxkms.mikey.ReceivedKey;

/**
 * The keys a client holds for one call's floor control, and the rule that picks one by path
 * (TS 24.380 13.1): CSK on the unicast path; on a multicast path the MuSiK if one is tied to the
 * call, otherwise the group's MKFC; off network the call's media key (PCK or GMK).
 */
public record FloorKeys(
    Optional<ReceivedKey> csk, Optional<ReceivedKey> musik, Optional<ReceivedKey> mkfc, Optional<ReceivedKey> mediaKey) {
  public FloorKeys {
    check(csk, "csk", KeyPurpose.CSK);
    check(musik, "musik", KeyPurpose.MUSIK);
    check(mkfc, "mkfc", KeyPurpose.MKFC);
    Objects.requireNonNull(mediaKey, "mediaKey");
    mediaKey.ifPresent(k -> {
      if (k.purpose() != KeyPurpose.PCK && k.purpose() != KeyPurpose.GMK) {
        throw new IllegalArgumentException("the off-network media key is a PCK or a GMK, not a " + k.purpose());
      }
    });
  }

  private static void check(Optional<ReceivedKey> k, String name, KeyPurpose purpose) {
    Objects.requireNonNull(k, name);
    k.ifPresent(key -> {
      if (key.purpose() != purpose) {
        throw new IllegalArgumentException(name + " must be a " + purpose + " key, was " + key.purpose());
      }
    });
  }

  /** The key that protects floor control on {@code path}, or empty if the client does not hold it. */
  public Optional<ReceivedKey> select(FloorPath path) {
    return switch (path) {
      case UNICAST -> csk;
      case MULTICAST -> musik.isPresent() ? musik : mkfc;
      case OFF_NETWORK -> mediaKey;
    };
  }
}

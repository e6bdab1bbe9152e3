package org.mcxkms.mcx.ue;

import java.util.Optional;
import org.mcxkms.media.floor.FloorField;

/** What became of one talk burst: granted (and how many frames went out) or denied, with the cause. */
public record TalkResult(boolean granted, int framesSent, Optional<FloorField.RejectCause> denied) {
  static TalkResult granted(int frames) {
    return new TalkResult(true, frames, Optional.empty());
  }

  static TalkResult denied(Optional<FloorField.RejectCause> cause) {
    return new TalkResult(false, 0, cause);
  }
}

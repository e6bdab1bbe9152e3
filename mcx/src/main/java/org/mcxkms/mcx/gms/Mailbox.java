package org.mcxkms.mcx.gms;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link KeyDelivery} that keeps each recipient's pending key messages until the recipient
 * takes them (at most {@link #MAX_PENDING} per recipient; the oldest are dropped beyond that,
 * since a newer GMK supersedes them).
 */
public final class Mailbox implements KeyDelivery {
  public static final int MAX_PENDING = 64;
  private final Map<String, List<KeyMessage>> pending = new ConcurrentHashMap<>();

  @Override
  public void deliver(KeyMessage message) {
    pending.compute(message.recipient(), (r, list) -> {
      List<KeyMessage> l = list == null ? new ArrayList<>() : list;
      l.add(message);
      while (l.size() > MAX_PENDING) {
        l.remove(0);
      }
      return l;
    });
  }

  /** Removes and returns {@code recipient}'s pending messages, oldest first. */
  public List<KeyMessage> take(String recipient) {
    List<KeyMessage> l = pending.remove(recipient);
    return l == null ? List.of() : List.copyOf(l);
  }

  /** How many messages wait for {@code recipient}. */
  public int pendingFor(String recipient) {
    List<KeyMessage> l = pending.get(recipient);
    return l == null ? 0 : l.size();
  }
}

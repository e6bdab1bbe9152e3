package org.mcxkms.crypto.sakke;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mcxkms.crypto.internal.sakke.ReceiverTable;

/**
 * A bounded cache of per-receiver encapsulation tables (the comb of [b]P + Z_T, about 144 KiB
 * each), for a sender that encapsulates to the same receivers again and again: a GMS rekeying the
 * members of its groups, a UE calling the same peers. Least recently used receivers are evicted
 * beyond {@code maxReceivers}. Not used unless created: one-shot senders call
 * {@link Sakke#encapsulator}, which builds nothing per receiver.
 *
 * <p>Only public values are cached (identifiers and KMS public keys). A table is built outside
 * the cache's lock, on the first encapsulation to its receiver, once even under concurrent use.
 * Thread-safe.
 */
public final class SakkeEncapsulatorCache {
  private record Key(SakkePublicKey z, ByteBuffer identifier) {}

  private final int maxReceivers;
  private final Map<Key, SakkeEncapsulator> entries;

  /** A cache of at most {@code maxReceivers} receivers (memory: about 144 KiB per receiver). */
  public SakkeEncapsulatorCache(int maxReceivers) {
    if (maxReceivers < 1) {
      throw new IllegalArgumentException("maxReceivers must be at least 1, got " + maxReceivers);
    }
    this.maxReceivers = maxReceivers;
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Key, SakkeEncapsulator> eldest) {
            return size() > SakkeEncapsulatorCache.this.maxReceivers;
          }
        };
  }

  /**
   * The encapsulator to {@code identifier} under {@code z}, on a cached table when the receiver
   * was seen recently. Its output is the same as {@link Sakke#encapsulator}'s.
   */
  public SakkeEncapsulator encapsulator(SakkePublicKey z, byte[] identifier) {
    byte[] id = identifier.clone();
    Key key = new Key(z, ByteBuffer.wrap(id));
    synchronized (entries) {
      return entries.computeIfAbsent(key, k -> Sakke.prepared(new ReceiverTable(z.point(), id)));
    }
  }

  /** Receivers currently cached. */
  public int size() {
    synchronized (entries) {
      return entries.size();
    }
  }

  public int maxReceivers() {
    return maxReceivers;
  }

  @Override
  public String toString() {
    return "SakkeEncapsulatorCache[" + size() + "/" + maxReceivers + " receivers]";
  }
}

package org.mcxkms.crypto.eccsi;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bouncycastle.math.ec.ECPoint;

/**
 * The signer points Y = [HS]PVT + KPAK (RFC 6507 5.2.2 step 4) of recently seen signers under one
 * KPAK, so that verifying another signature of a signer seen before is one two-scalar
 * multiplication [s HE]G + [s r]Y instead of the three-scalar [s HE]G + [s r HS]PVT + [s r]KPAK.
 * Y depends only on public values (KPAK, the signer's identifier and PVT, HS), so caching it
 * reveals nothing. The cache is keyed on the exact identifier and PVT octets.
 *
 * <p>A signer's Y is computed on its second signature, not its first: a one-shot verification
 * keeps the cost of the three-scalar path, a repeated signer pays one extra variable-base
 * multiplication once and is cheaper from then on. At most {@link #MAX_SIGNERS} signers are kept
 * per KPAK (least recently used evicted; about 10 KiB each with Bouncy Castle's wNAF table).
 * Thread-safe.
 */
final class SignerPoints {
  static final int MAX_SIGNERS = 256;

  private record Key(ByteBuffer id, ByteBuffer pvt) {}

  /** Marks a signer seen once (its Y not computed yet). */
  private static final Object SEEN = new Object();

  private final Map<Key, Object> entries =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Object> eldest) {
          return size() > MAX_SIGNERS;
        }
      };

  /**
   * Y for this signer if it was seen before (computing it now on the second sighting), or null on
   * the first sighting (the caller takes the three-scalar path).
   */
  ECPoint lookup(Kpak kpak, byte[] id, Pvt pvt, BigInteger hs) {
    Key key = new Key(ByteBuffer.wrap(id.clone()), ByteBuffer.wrap(pvt.encodedView().clone()));
    Object v;
    synchronized (entries) {
      v = entries.get(key);
      if (v == null) {
        entries.put(key, SEEN);
        return null;
      }
    }
    if (v instanceof ECPoint y) {
      return y;
    }
    ECPoint y = pvt.point().multiply(hs).add(kpak.point()).normalize();
    synchronized (entries) {
      entries.put(key, y);
    }
    return y;
  }
}

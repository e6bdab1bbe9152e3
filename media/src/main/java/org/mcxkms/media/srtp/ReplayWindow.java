package org.mcxkms.media.srtp;

import java.util.Arrays;

/**
 * The replay list of RFC 3711 3.3.2 as a sliding bitmap: bit i set means index {@code highest - i}
 * was received. {@link #check} does not change anything; {@link #accept} is called only once the
 * packet authenticated, so a forged packet never moves the window.
 */
final class ReplayWindow {
  static final int OK = 0;

  private final int size;
  private final long[] bits;
  private long highest = -1;

  ReplayWindow(int size) {
    if (size < 64) {
      throw new IllegalArgumentException("replay window must be at least 64 packets (RFC 3711 3.3.2)");
    }
    this.size = size;
    this.bits = new long[(size + 63) >>> 6];
  }

  long highest() {
    return highest;
  }

  /** {@link #OK}, or the drop code of a replayed or too old index. */
  int check(long index) {
    if (highest < 0 || index > highest) {
      return OK;
    }
    long delta = highest - index;
    if (delta >= size) {
      return DropReason.TOO_OLD.code();
    }
    int d = (int) delta;
    return (bits[d >>> 6] & (1L << (d & 63))) != 0 ? DropReason.REPLAYED.code() : OK;
  }

  /** Marks {@code index} received; {@link #check} must have returned {@link #OK} for it. */
  void accept(long index) {
    if (highest < 0) {
      highest = index;
      bits[0] = 1L;
      return;
    }
    if (index > highest) {
      shift(index - highest);
      highest = index;
      bits[0] |= 1L;
    } else {
      int d = (int) (highest - index);
      bits[d >>> 6] |= 1L << (d & 63);
    }
  }

  private void shift(long n) {
    if (n >= (long) bits.length << 6) {
      Arrays.fill(bits, 0L);
      return;
    }
    int ws = (int) (n >>> 6);
    int bs = (int) (n & 63);
    for (int w = bits.length - 1; w >= 0; w--) {
      int src = w - ws;
      long v = src >= 0 ? bits[src] << bs : 0L;
      if (bs != 0 && src - 1 >= 0) {
        v |= bits[src - 1] >>> (64 - bs);
      }
      bits[w] = v;
    }
  }
}

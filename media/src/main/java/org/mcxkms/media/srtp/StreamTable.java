package org.mcxkms.media.srtp;

/**
 * A small bounded map from a 32-bit key (an SSRC, a GUK-ID) to a value, scanned linearly: a call
 * has a handful of streams, and a lookup must neither box nor allocate.
 */
final class StreamTable<T> {
  private final int[] keys;
  private final Object[] values;
  private int count;
  private int nextVictim;

  StreamTable(int capacity) {
    keys = new int[capacity];
    values = new Object[capacity];
  }

  @SuppressWarnings("unchecked")
  T get(int key) {
    for (int i = 0; i < count; i++) {
      if (keys[i] == key) {
        return (T) values[i];
      }
    }
    return null;
  }

  boolean isFull() {
    return count == keys.length;
  }

  /** Adds a value; false when the table is full. */
  boolean put(int key, T value) {
    if (count == keys.length) {
      return false;
    }
    keys[count] = key;
    values[count] = value;
    count++;
    return true;
  }

  /** Adds a value, replacing the entries in turn once the table is full; returns the one replaced. */
  @SuppressWarnings("unchecked")
  T putEvicting(int key, T value) {
    if (put(key, value)) {
      return null;
    }
    int i = nextVictim;
    nextVictim = (nextVictim + 1) % keys.length;
    T old = (T) values[i];
    keys[i] = key;
    values[i] = value;
    return old;
  }

  int size() {
    return count;
  }

  @SuppressWarnings("unchecked")
  T valueAt(int i) {
    return (T) values[i];
  }
}

package org.mcxkms.crypto.internal.sakke;

import java.util.function.Supplier;

/**
 * A value built on first use, once, then shared read-only by all threads (double-checked locking
 * on a volatile field). Used for the precomputation of long-lived points: comb tables and Miller
 * lines. If building throws, nothing is kept and the next call tries again.
 */
final class Lazy<T> {
  private final Supplier<T> builder;
  private volatile T value;

  Lazy(Supplier<T> builder) {
    this.builder = builder;
  }

  T get() {
    T v = value;
    if (v == null) {
      synchronized (this) {
        v = value;
        if (v == null) {
          v = builder.get();
          value = v;
        }
      }
    }
    return v;
  }
}

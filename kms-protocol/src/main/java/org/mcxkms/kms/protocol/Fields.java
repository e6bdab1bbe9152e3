package org.mcxkms.kms.protocol;

import java.util.ArrayList;
import java.util.List;

/** Checks and helpers shared by the records of the document model. */
final class Fields {
  private Fields() {}

  /**
   * {@code value}, which must be present: not null and, for text, not empty.
   *
   * @throws IllegalStateException naming the element otherwise
   */
  static <T> T required(T value, String name) {
    if (value == null || (value instanceof String s && s.isEmpty())) {
      throw new IllegalStateException(name + " is required");
    }
    return value;
  }

  /** {@code first} followed by {@code then}, unmodifiable. */
  static <T> List<T> concat(List<T> first, List<T> then) {
    List<T> all = new ArrayList<>(first);
    all.addAll(then);
    return List.copyOf(all);
  }
}

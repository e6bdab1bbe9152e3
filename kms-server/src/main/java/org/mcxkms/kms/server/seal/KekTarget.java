package org.mcxkms.kms.server.seal;

import java.nio.file.Path;
import java.util.Objects;

/** Where {@code admin rotate-kek} moves the seal: a key in the configured token, or a key file. */
public sealed interface KekTarget {
  /**
   * The key labelled {@code label} in the token of {@code seal.pkcs11.*}; with {@code generate}, a
   * new non-extractable AES-256 key is generated there first.
   */
  record InToken(String label, boolean generate) implements KekTarget {
    public InToken {
      Objects.requireNonNull(label, "label");
      if (label.isBlank() || label.length() > 128) {
        throw new IllegalArgumentException("a token key label has 1 to 128 characters");
      }
    }
  }

  /** A 32-octet key (64 hex digits) in {@code file}; generated with mode 0600 if the file is absent. */
  record KeyFile(Path file) implements KekTarget {
    public KeyFile {
      Objects.requireNonNull(file, "file");
    }
  }
}

package org.mcxkms.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SecretBytesTest {
  private static final byte[] KEY = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};

  @Test
  void aDestroyedSecretCannotBeReadOrCompared() {
    SecretBytes key = SecretBytes.copyOf(KEY, SecretAccess.get());
    SecretBytes same = SecretBytes.copyOf(KEY, SecretAccess.get());
    assertThat(key.equalsSecretBytes(same)).isTrue();
    assertThat(key.isDestroyed()).isFalse();

    key.destroy();

    assertThat(key.isDestroyed()).isTrue();
    assertThatThrownBy(() -> key.toByteArray(SecretAccess.get())).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("destroyed");
    assertThatThrownBy(() -> key.equalsSecretBytes(same)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> same.equalsSecretBytes(key)).isInstanceOf(IllegalStateException.class);
    // In particular it does not compare equal to a secret of zeros, which is what it holds now.
    SecretBytes zeros = SecretBytes.copyOf(new byte[KEY.length], SecretAccess.get());
    assertThatThrownBy(() -> zeros.equalsSecretBytes(key)).isInstanceOf(IllegalStateException.class);
    key.destroy(); // twice is harmless
    assertThat(key.length()).isEqualTo(KEY.length);
    assertThat(key.toString()).isEqualTo("SecretBytes[16 octets, redacted]");
  }

  @Test
  void destroyingOneCopyLeavesTheOthers() {
    SecretBytes key = SecretBytes.copyOf(KEY, SecretAccess.get());
    SecretBytes other = SecretBytes.copyOf(KEY, SecretAccess.get());
    byte[] handedOut = key.toByteArray(SecretAccess.get());
    key.destroy();
    assertThat(other.toByteArray(SecretAccess.get())).isEqualTo(KEY);
    assertThat(handedOut).isEqualTo(KEY); // copies are the caller's to erase
    Arrays.fill(handedOut, (byte) 0);
  }
}

package org.mcxkms.mcx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcxkms.crypto.SecretBytes;
import org.mcxkms.mcx.gms.GmsStateStore.State;
import org.mcxkms.mcx.gms.GmsStateStore.StoredGroup;
import org.mcxkms.mcx.gms.GmsStateStore.StoredKey;
import org.mcxkms.mcx.gms.GmsStateStore;

/** The GMS state file: encrypted, authenticated, bound to its name, replaced atomically. */
class GmsStateStoreTest {
  final SecureRandom random = new SecureRandom();
  final byte[] gmk = new byte[] {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, (byte) 0x88, 1, 2, 3, 4, 5, 6, 7, 8};

  State state() {
    StoredKey k = new StoredKey(0x0a0b0c0d, gmk, new byte[16], 1, 2, false);
    return new State(List.of(new StoredGroup("sip:g@x", "g", List.of("sip:a@x"), false, null, List.of("sip:g@x"),
        List.of(k), new StoredKey(0x4a0b0c0d, gmk, new byte[16], 1, 2, false), 0, null)));
  }

  @Test
  void roundTripsAndHidesTheKeys(@TempDir Path dir) throws Exception {
    SecretBytes key = SecretBytes.random(32, random);
    GmsStateStore s = new GmsStateStore(dir.resolve("gms.state"), key, random);
    assertThat(s.load()).isEmpty();
    s.save(state());
    s.save(state());
    State back = s.load().orElseThrow();
    assertThat(back.groups()).hasSize(1);
    assertThat(back.groups().get(0).gmks().get(0).key()).isEqualTo(gmk);
    byte[] file = Files.readAllBytes(dir.resolve("gms.state"));
    assertThat(new String(file, StandardCharsets.ISO_8859_1)).doesNotContain("sip:g@x");
    assertThat(Files.list(dir)).containsExactly(dir.resolve("gms.state"));
  }

  @Test
  void wrongKeyTamperingAndMovingAreDetected(@TempDir Path dir) throws Exception {
    GmsStateStore s = new GmsStateStore(dir.resolve("gms.state"), SecretBytes.random(32, random), random);
    s.save(state());
    assertThatThrownBy(() -> new GmsStateStore(dir.resolve("gms.state"), SecretBytes.random(32, random), random).load())
        .isInstanceOf(IOException.class).hasMessageContaining("does not authenticate");
    SecretBytes key = SecretBytes.random(32, random);
    GmsStateStore a = new GmsStateStore(dir.resolve("a.state"), key, random);
    a.save(state());
    byte[] f = Files.readAllBytes(dir.resolve("a.state"));
    f[f.length - 1] ^= 1;
    Files.write(dir.resolve("a.state"), f);
    assertThatThrownBy(a::load).isInstanceOf(IOException.class);
    GmsStateStore b = new GmsStateStore(dir.resolve("b.state"), key, random);
    b.save(state());
    Files.copy(dir.resolve("b.state"), dir.resolve("c.state"));
    assertThatThrownBy(() -> new GmsStateStore(dir.resolve("c.state"), key, random).load())
        .isInstanceOf(IOException.class);
  }
}

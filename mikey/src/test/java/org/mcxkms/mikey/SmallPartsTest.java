package org.mcxkms.mikey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;
import java.time.Clock;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.mcxkms.crypto.SecretBytes;
import org.mcxkms.mikey.wire.ByteString;

/** Replay cache, text form, purposes and key distribution validation. */
class SmallPartsTest {
  static final class MutableClock extends Clock {
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  }

  @Test
  void replayCacheExpiresAndFailsClosedWhenFull() throws Exception {
    MutableClock c = new MutableClock();
    BoundedReplayCache cache = new BoundedReplayCache(2, c, false);
    ByteString a = ByteString.fromHex("0a");
    ByteString b = ByteString.fromHex("0b");
    Instant in5 = c.instant().plus(Duration.ofMinutes(5));
    assertThat(cache.add(a, in5)).isTrue();
    assertThat(cache.add(a, in5)).isFalse();
    assertThat(cache.contains(a)).isTrue();
    assertThat(cache.add(b, in5.plusSeconds(1))).isTrue();
    MikeyRejectedException e = assertThrows(MikeyRejectedException.class, () -> cache.add(ByteString.fromHex("0c"), in5));
    assertThat(e.reason()).isEqualTo(MikeyRejectedException.Reason.REPLAY_CACHE_FULL);
    c.now.set(in5); // a expires
    assertThat(cache.contains(a)).isFalse();
    assertThat(cache.add(ByteString.fromHex("0c"), in5.plusSeconds(60))).isTrue();
    assertThat(cache.contains(b)).isTrue();
    assertThat(cache.size()).isEqualTo(2);

    BoundedReplayCache evicting = new BoundedReplayCache(1, c, true);
    assertThat(evicting.add(a, Instant.MAX)).isTrue();
    assertThat(evicting.add(b, Instant.MAX)).isTrue();
    assertThat(evicting.contains(a)).isFalse();
    assertThat(evicting.contains(b)).isTrue();
  }

  @Test
  void textForm() {
    byte[] m = {1, 26, 5};
    assertThat(MikeyText.encode(m)).isEqualTo("mikey ARoF");
    assertThat(MikeyText.decode("mikey ARoF")).isEqualTo(m);
    assertThat(MikeyText.decode("  ARoF\n")).isEqualTo(m);
    assertThat(MikeyText.decode("a=key-mgmt:mikey ARoF")).isEqualTo(m);
    assertThrows(IllegalArgumentException.class, () -> MikeyText.decode("mikey ***"));
  }

  @Test
  void purposeTags() {
    assertThat(KeyPurpose.ofKeyId(0x0df9bc39)).contains(KeyPurpose.GMK);
    assertThat(KeyPurpose.ofKeyId(0x16992638)).contains(KeyPurpose.PCK);
    assertThat(KeyPurpose.ofKeyId(0x2ddd5bf0)).contains(KeyPurpose.CSK);
    assertThat(KeyPurpose.ofKeyId(0x6ddd5bf0)).contains(KeyPurpose.MUSIK);
    assertThat(KeyPurpose.ofKeyId(0xfddd5bf0)).isEmpty();
    assertThat(KeyPurpose.CSK.keyId(0xffffffff)).isEqualTo(0x2fffffff);
    SecureRandom r = new SecureRandom();
    for (KeyPurpose p : KeyPurpose.values()) {
      assertThat(KeyDistribution.newKeyId(p, r) >>> 28).isEqualTo(p.tag());
    }
  }

  @Test
  void keyDistributionRefusesAWrongTagOrKeyLength() {
    SecureRandom r = new SecureRandom();
    assertThrows(IllegalArgumentException.class, () -> KeyDistribution.pck(KeyDistribution.newKey(r), 0x26147a4e));
    assertThrows(IllegalArgumentException.class,
        () -> KeyDistribution.gmk(SecretBytes.random(32, r), 0x06147a4e));
  }
}

package org.mcxkms.media.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.mcxkms.mikey.KeyPurpose;
import org.mcxkms.mikey.ReceivedKey;

/** Each end of a private call sends on one thread and receives on another, through the same session. */
class DirectionsConcurrencyTest {
  private static final int PACKETS = 5000;

  @Test
  void sendAndReceiveRunConcurrentlyOnOneSession() throws Exception {
    ReceivedKey pck = TestKeys.key(KeyPurpose.PCK, "0f0e0d0c0b0a09080706050403020100", 0x5151);
    SrtpSession a = SrtpSession.create(pck, Role.INITIATOR, McService.MCPTT, SrtpPolicy.defaults());
    SrtpSession b = SrtpSession.create(pck, Role.RECEIVER, McService.MCPTT, SrtpPolicy.defaults());
    BlockingQueue<byte[]> toB = new ArrayBlockingQueue<>(PACKETS);
    BlockingQueue<byte[]> toA = new ArrayBlockingQueue<>(PACKETS);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      Future<?> sa = pool.submit(() -> send(a, 0xA, toB));
      Future<?> sb = pool.submit(() -> send(b, 0xB, toA));
      Future<Integer> ra = pool.submit(() -> receive(a, toA));
      Future<Integer> rb = pool.submit(() -> receive(b, toB));
      sa.get(60, TimeUnit.SECONDS);
      sb.get(60, TimeUnit.SECONDS);
      assertThat(ra.get(60, TimeUnit.SECONDS)).isEqualTo(PACKETS);
      assertThat(rb.get(60, TimeUnit.SECONDS)).isEqualTo(PACKETS);
    } finally {
      pool.shutdownNow();
    }
    assertThat(a.acceptedRtp()).isEqualTo(PACKETS);
    assertThat(b.acceptedRtp()).isEqualTo(PACKETS);
  }

  private static void send(SrtpSession s, int ssrc, BlockingQueue<byte[]> out) {
    for (int seq = 0; seq < PACKETS; seq++) {
      byte[] p = new byte[12 + 40];
      p[0] = (byte) 0x80;
      p[2] = (byte) (seq >>> 8);
      p[3] = (byte) seq;
      p[11] = (byte) ssrc;
      p[20] = (byte) seq;
      out.add(s.protectRtp(p));
    }
  }

  private static int receive(SrtpSession s, BlockingQueue<byte[]> in) throws InterruptedException {
    int ok = 0;
    for (int i = 0; i < PACKETS; i++) {
      byte[] p = in.poll(30, TimeUnit.SECONDS);
      if (p != null && s.unprotectRtp(p, 0, p.length) == 52 && p[20] == (byte) i) {
        ok++;
      }
    }
    return ok;
  }
}

package org.mcxkms.media.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mcxkms.mikey.KeyPurpose;
import org.mcxkms.mikey.ReceivedKey;

/**
 * What the receive path allocates does not grow with the packet: the same number of packets of
 * 100 and of 1400 octets of payload, accepted and refused, allocate about the same.
 */
class AllocationTest {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private static byte[] rtp(int seq, int payload) {
    byte[] p = new byte[12 + payload];
    p[0] = (byte) 0x80;
    p[2] = (byte) (seq >>> 8);
    p[3] = (byte) seq;
    p[11] = 7;
    return p;
  }

  /** Bytes allocated per unprotect of {@code count} packets of {@code payload} octets (half of them tampered). */
  private static double perPacket(int payload, int count) {
    ReceivedKey pck = TestKeys.key(KeyPurpose.PCK, "000102030405060708090a0b0c0d0e0f", 0x77);
    SrtpSession tx = SrtpSession.create(pck, Role.INITIATOR, McService.MCPTT, SrtpPolicy.defaults());
    SrtpSession rx = SrtpSession.create(pck, Role.RECEIVER, McService.MCPTT, SrtpPolicy.defaults());
    List<byte[]> packets = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      byte[] p = tx.protectRtp(rtp(i, payload));
      if (i % 2 == 1) {
        p[20] ^= 1;
      }
      packets.add(p);
    }
    long tid = Thread.currentThread().getId();
    long before = THREADS.getThreadAllocatedBytes(tid);
    for (byte[] p : packets) {
      rx.unprotectRtp(p, 0, p.length);
    }
    long allocated = THREADS.getThreadAllocatedBytes(tid) - before;
    assertThat(rx.acceptedRtp()).isEqualTo(count / 2);
    return allocated / (double) count;
  }

  @Test
  void receiveAllocationDoesNotFollowThePacketLength() {
    for (int warm = 0; warm < 5; warm++) {
      perPacket(100, 2000);
      perPacket(1400, 2000);
    }
    double small = perPacket(100, 2000);
    double large = perPacket(1400, 2000);
    System.out.printf("unprotect allocates %.0f B/packet at 100 octets, %.0f B/packet at 1400 octets%n", small, large);
    // 1300 more octets per packet: an allocation proportional to the length would add at least that.
    assertThat(large - small).isLessThan(256);
  }
}

package org.mcxkms.media.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mcxkms.testkit.MutableClock;

/** Group senders: member lists and the bound on key derivations that forged GUK-IDs can cause. */
class GroupSendersTest {
  private static byte[] rtp(int ssrc, int seq) {
    byte[] p = new byte[12 + 20];
    p[0] = (byte) 0x80;
    p[2] = (byte) (seq >>> 8);
    p[3] = (byte) seq;
    p[8] = (byte) (ssrc >>> 24);
    p[11] = (byte) ssrc;
    return p;
  }

  @Test
  void onlyListedMembersAreAccepted() {
    SrtpSession member0 = SrtpSession.create(TestKeys.etherstackGmk(0), Role.RECEIVER, McService.MCPTT, SrtpPolicy.defaults());
    member0.acceptOnlyGroupMembers(List.of(TestKeys.ETHERSTACK_MEMBERS[1][0]));
    SrtpSession member1 = SrtpSession.create(TestKeys.etherstackGmk(1), Role.INITIATOR, McService.MCPTT, SrtpPolicy.defaults());
    SrtpSession member2 = SrtpSession.create(TestKeys.etherstackGmk(2), Role.INITIATOR, McService.MCPTT, SrtpPolicy.defaults());
    byte[] from1 = member1.protectRtp(rtp(1, 1));
    byte[] from2 = member2.protectRtp(rtp(2, 1));
    assertThat(member0.unprotectRtp(from1, 0, from1.length)).isEqualTo(32);
    assertThat(member0.unprotectRtp(from2, 0, from2.length)).isEqualTo(DropReason.UNKNOWN_MKI.code());
  }

  @Test
  void forgedGukIdsCannotMakeTheReceiverDeriveWithoutBound() {
    MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    SrtpSession member0 = SrtpSession.create(TestKeys.etherstackGmk(0), Role.RECEIVER, McService.MCPTT,
        SrtpPolicy.defaults().withClock(clock));
    SrtpSession member1 = SrtpSession.create(TestKeys.etherstackGmk(1), Role.INITIATOR, McService.MCPTT, SrtpPolicy.defaults());
    byte[] real = member1.protectRtp(rtp(1, 1));
    int refusedForBudget = 0;
    for (int i = 0; i < 200; i++) {
      byte[] forged = real.clone();
      forged[forged.length - 1] = (byte) i;
      forged[forged.length - 2] = (byte) (i >>> 8);
      forged[forged.length - 3] = 0x55;
      int r = member0.unprotectRtp(forged, 0, forged.length);
      assertThat(r).isIn(DropReason.AUTH_FAILED.code(), DropReason.SENDER_LIMIT.code());
      if (r == DropReason.SENDER_LIMIT.code()) {
        refusedForBudget++;
      }
    }
    assertThat(member0.dropped(DropReason.AUTH_FAILED)).isEqualTo(SrtpSession.DERIVATIONS_PER_SECOND);
    assertThat(refusedForBudget).isEqualTo(200 - SrtpSession.DERIVATIONS_PER_SECOND);
    // A second later the real sender gets through.
    clock.set(Instant.parse("2026-12-01T10:00:01Z"));
    assertThat(member0.unprotectRtp(real, 0, real.length)).isEqualTo(32);
  }
}

package org.mcxkms.media.srtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mcxkms.mikey.KeyPurpose;
import org.mcxkms.mikey.ReceivedKey;
import org.mcxkms.mikey.wire.ByteString;
import org.mcxkms.testkit.MutableClock;

/** Replay window, rollover counter, key change, several senders and the typed drops of a session. */
class SrtpSessionTest {
  private static final int SSRC = 0x11223344;

  private static byte[] rtp(int ssrc, int seq, int payload) {
    byte[] p = new byte[12 + payload];
    p[0] = (byte) 0x80;
    p[2] = (byte) (seq >>> 8);
    p[3] = (byte) seq;
    p[8] = (byte) (ssrc >>> 24);
    p[9] = (byte) (ssrc >>> 16);
    p[10] = (byte) (ssrc >>> 8);
    p[11] = (byte) ssrc;
    for (int i = 12; i < p.length; i++) {
      p[i] = (byte) (seq + i);
    }
    return p;
  }

  private static SrtpSession pair(Role role, SrtpPolicy policy) {
    ReceivedKey pck = TestKeys.key(KeyPurpose.PCK, "000102030405060708090a0b0c0d0e0f", 0x123456);
    return SrtpSession.create(pck, role, McService.MCPTT, policy);
  }

  private static int deliver(SrtpSession s, byte[] srtp) {
    byte[] b = srtp.clone();
    return s.unprotectRtp(b, 0, b.length);
  }

  @Test
  void reorderAndLossWithinTheWindowAreAcceptedExactlyOnce() {
    SrtpSession tx = pair(Role.INITIATOR, SrtpPolicy.defaults());
    SrtpSession rx = pair(Role.RECEIVER, SrtpPolicy.defaults());
    List<byte[]> sent = new ArrayList<>();
    for (int seq = 0; seq < 200; seq++) {
      sent.add(tx.protectRtp(rtp(SSRC, seq, 160)));
    }
    // Blocks of ten delivered backwards, every seventh packet lost.
    for (int block = 0; block < 200; block += 10) {
      for (int seq = block + 9; seq >= block; seq--) {
        if (seq % 7 != 3) {
          assertThat(deliver(rx, sent.get(seq))).as("seq %d", seq).isEqualTo(172);
        }
      }
    }
    long accepted = rx.acceptedRtp();
    // Every packet again: the ones within the window are replays, the rest too old.
    for (int seq = 0; seq < 200; seq++) {
      int r = deliver(rx, sent.get(seq));
      if (seq % 7 == 3 && 199 - seq < 128) {
        assertThat(r).as("late but in the window, seq %d", seq).isEqualTo(172);
      } else {
        assertThat(r).isIn(DropReason.REPLAYED.code(), DropReason.TOO_OLD.code());
      }
    }
    assertThat(deliver(rx, sent.get(199))).isEqualTo(DropReason.REPLAYED.code());
    assertThat(deliver(rx, sent.get(10))).isEqualTo(DropReason.TOO_OLD.code());
    assertThat(rx.dropped(DropReason.TOO_OLD)).isGreaterThan(0);
    assertThat(rx.acceptedRtp()).isGreaterThan(accepted);
  }

  @Test
  void windowSizeIsConfigurable() {
    SrtpSession tx = pair(Role.INITIATOR, SrtpPolicy.defaults());
    SrtpSession small = pair(Role.RECEIVER, SrtpPolicy.defaults().withReplayWindow(64));
    SrtpSession large = pair(Role.RECEIVER, SrtpPolicy.defaults().withReplayWindow(1024));
    List<byte[]> sent = new ArrayList<>();
    for (int seq = 0; seq < 600; seq++) {
      sent.add(tx.protectRtp(rtp(SSRC, seq, 20)));
    }
    deliver(small, sent.get(599));
    deliver(large, sent.get(599));
    assertThat(deliver(small, sent.get(599 - 64))).isEqualTo(DropReason.TOO_OLD.code());
    assertThat(deliver(small, sent.get(599 - 63))).isEqualTo(32);
    assertThat(deliver(large, sent.get(0))).isEqualTo(32);
    assertThatThrownBy(() -> SrtpPolicy.defaults().withReplayWindow(32)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rolloverCounterFollowsTheWrapThroughLossAndReorder() {
    SrtpSession tx = pair(Role.INITIATOR, SrtpPolicy.defaults());
    SrtpSession rx = pair(Role.RECEIVER, SrtpPolicy.defaults());
    List<byte[]> sent = new ArrayList<>();
    List<byte[]> plain = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      int seq = (65300 + i) & 0xFFFF;
      plain.add(rtp(SSRC, seq, 40));
      sent.add(tx.protectRtp(plain.get(i)));
    }
    // Lose the 30 packets around the wrap (65520..65535, 0..13), swap neighbours elsewhere.
    for (int i = 0; i < 400; i += 2) {
      if (i == 260) {
        // One of the lost packets before the wrap arrives late: still in the window, under ROC 0.
        byte[] late = sent.get(65530 - 65300).clone();
        assertThat(rx.unprotectRtp(late, 0, late.length)).isEqualTo(52);
        assertThat(Arrays.copyOf(late, 52)).isEqualTo(plain.get(65530 - 65300));
      }
      for (int j : new int[] {i + 1, i}) {
        int seq = (65300 + j) & 0xFFFF;
        if (seq >= 65520 || seq < 14) {
          continue;
        }
        byte[] b = sent.get(j).clone();
        int n = rx.unprotectRtp(b, 0, b.length);
        assertThat(n).as("seq %d", seq).isEqualTo(52);
        assertThat(Arrays.copyOf(b, n)).isEqualTo(plain.get(j));
      }
    }
    // Now far behind the window.
    byte[] tooLate = sent.get(65531 - 65300).clone();
    assertThat(rx.unprotectRtp(tooLate, 0, tooLate.length)).isEqualTo(DropReason.TOO_OLD.code());
  }

  @Test
  void failedPacketsMoveNeitherTheWindowNorTheRolloverCounter() {
    SrtpSession tx = pair(Role.INITIATOR, SrtpPolicy.defaults());
    SrtpSession rx = pair(Role.RECEIVER, SrtpPolicy.defaults());
    List<byte[]> sent = new ArrayList<>();
    for (int seq = 0; seq < 40000; seq += 100) {
      sent.add(tx.protectRtp(rtp(SSRC, seq, 20)));
    }
    assertThat(deliver(rx, sent.get(0))).isEqualTo(32);
    // Past 32768 ahead a SEQ reads as the previous ROC: before index 0, so too old.
    assertThat(deliver(rx, sent.get(399))).isEqualTo(DropReason.TOO_OLD.code());
    // A forgery 30000 ahead (it would push the window past everything below) fails ...
    byte[] forged = sent.get(300).clone();
    forged[20] ^= 1;
    assertThat(rx.unprotectRtp(forged, 0, forged.length)).isEqualTo(DropReason.AUTH_FAILED.code());
    // ... and the packets behind it are still accepted, under ROC 0.
    for (int i = 1; i < 5; i++) {
      assertThat(deliver(rx, sent.get(i))).isEqualTo(32);
    }
    assertThat(rx.dropped(DropReason.AUTH_FAILED)).isEqualTo(1);
  }

  @Test
  void rocCarriageLetsALateJoinerInAfterTheWrap() {
    for (RocCarriage where : new RocCarriage[] {RocCarriage.AFTER_MKI, RocCarriage.BEFORE_MKI}) {
      SrtpPolicy carried = SrtpPolicy.defaults().withRocCarriage(where, 1);
      SrtpSession tx = pair(Role.INITIATOR, carried);
      for (int seq = 0; seq < 65536; seq += 1000) {
        tx.protectRtp(rtp(SSRC, seq, 0));
      }
      for (int seq = 65050; seq < 65536; seq += 100) {
        tx.protectRtp(rtp(SSRC, seq, 0));
      }
      byte[] afterWrap = tx.protectRtp(rtp(SSRC, 5, 20));
      assertThat(afterWrap).hasSize(12 + 20 + 16 + 4 + 4);
      int rocAt = where == RocCarriage.AFTER_MKI ? afterWrap.length - 4 : afterWrap.length - 8;
      assertThat(Arrays.copyOfRange(afterWrap, rocAt, rocAt + 4)).containsExactly(0, 0, 0, 1);

      SrtpSession joiner = pair(Role.RECEIVER, carried);
      assertThat(deliver(joiner, afterWrap)).as("%s", where).isEqualTo(32);
      // Without carriage a late joiner assumes ROC 0 and the packet does not authenticate.
      SrtpSession tx2 = pair(Role.INITIATOR, SrtpPolicy.defaults());
      for (int seq = 0; seq < 65536; seq += 30000) {
        tx2.protectRtp(rtp(SSRC, seq, 0));
      }
      byte[] plainAfterWrap = tx2.protectRtp(rtp(SSRC, 5, 20));
      assertThat(deliver(pair(Role.RECEIVER, SrtpPolicy.defaults()), plainAfterWrap)).isEqualTo(DropReason.AUTH_FAILED.code());
    }
  }

  @Test
  void severalSendersUnderOneGmkEachWithTheirOwnContext() {
    SrtpSession member0 = SrtpSession.create(TestKeys.etherstackGmk(0), Role.RECEIVER, McService.MCPTT, SrtpPolicy.defaults());
    SrtpSession member1 = SrtpSession.create(TestKeys.etherstackGmk(1), Role.INITIATOR, McService.MCPTT, SrtpPolicy.defaults());
    SrtpSession member2 = SrtpSession.create(TestKeys.etherstackGmk(2), Role.INITIATOR, McService.MCPTT, SrtpPolicy.defaults());
    for (int seq = 100; seq < 110; seq++) {
      assertThat(deliver(member0, member1.protectRtp(rtp(0xAAAA0001, seq, 160)))).isEqualTo(172);
      assertThat(deliver(member0, member2.protectRtp(rtp(0xAAAA0002, seq * 7, 160)))).isEqualTo(172);
    }
    assertThat(member0.acceptedRtp()).isEqualTo(20);
    // A sender claiming a GUK-ID it was not given does not authenticate.
    byte[] p = member1.protectRtp(rtp(0xAAAA0001, 200, 20));
    p[p.length - 1] ^= 0x01;
    assertThat(deliver(member0, p)).isEqualTo(DropReason.AUTH_FAILED.code());
  }

  @Test
  void keyChangeDuringATalkBurst() {
    MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    SrtpPolicy policy = SrtpPolicy.defaults().withClock(clock);
    ReceivedKey oldPck = TestKeys.key(KeyPurpose.PCK, "000102030405060708090a0b0c0d0e0f", 0x111111);
    ReceivedKey newPck = TestKeys.key(KeyPurpose.PCK, "f0e0d0c0b0a090807060504030201000", 0x222222);
    SrtpSession tx = SrtpSession.create(oldPck, Role.INITIATOR, McService.MCPTT, policy);
    SrtpSession rx = SrtpSession.create(oldPck, Role.RECEIVER, McService.MCPTT, policy);
    List<byte[]> underOld = new ArrayList<>();
    for (int seq = 0; seq < 10; seq++) {
      underOld.add(tx.protectRtp(rtp(SSRC, seq, 20)));
    }
    tx.addKey(newPck);
    rx.addKey(newPck);
    tx.activate(newPck.keyId());
    byte[] firstNew = tx.protectRtp(rtp(SSRC, 10, 20));
    assertThat(Arrays.copyOfRange(firstNew, firstNew.length - 4, firstNew.length))
        .isEqualTo(ByteString.ofInt(newPck.keyId()).toByteArray());
    // The burst continues across the change; old packets arriving late are still accepted.
    assertThat(deliver(rx, firstNew)).isEqualTo(32);
    for (byte[] b : underOld) {
      assertThat(deliver(rx, b)).isEqualTo(32);
    }
    byte[] lateOld = underOld.get(9);
    tx.expire(oldPck.keyId(), Instant.parse("2026-12-01T10:00:05Z"));
    rx.expire(oldPck.keyId(), Instant.parse("2026-12-01T10:00:05Z"));
    clock.set(Instant.parse("2026-12-01T10:00:06Z"));
    // A fresh packet under the old key, after expiry: refused (the window is not what refuses it).
    SrtpSession oldSender = SrtpSession.create(oldPck, Role.INITIATOR, McService.MCPTT, SrtpPolicy.defaults());
    byte[] afterExpiry = oldSender.protectRtp(rtp(SSRC, 11, 20));
    assertThat(deliver(rx, afterExpiry)).isEqualTo(DropReason.KEY_EXPIRED.code());
    assertThat(deliver(rx, tx.protectRtp(rtp(SSRC, 12, 20)))).isEqualTo(32);
    rx.purgeExpired();
    assertThat(deliver(rx, lateOld)).isEqualTo(DropReason.UNKNOWN_MKI.code());
    assertThat(rx.dropped(DropReason.KEY_EXPIRED)).isEqualTo(1);
    // The sender cannot go back to the expired key.
    tx.activate(oldPck.keyId());
    assertThatThrownBy(() -> tx.protectRtp(rtp(SSRC, 13, 20)))
        .isInstanceOfSatisfying(SrtpProtectException.class,
            e -> assertThat(e.reason()).isEqualTo(SrtpProtectException.Reason.NO_ACTIVE_KEY));
  }

  @Test
  void everyBadPacketHasItsReasonAndItsCounter() {
    SrtpSession tx = pair(Role.INITIATOR, SrtpPolicy.defaults());
    SrtpSession rx = pair(Role.RECEIVER, SrtpPolicy.defaults());
    byte[] good = tx.protectRtp(rtp(SSRC, 1, 160));

    byte[] truncated = Arrays.copyOf(good, 12 + 15);
    assertThat(rx.unprotectRtp(truncated, 0, truncated.length)).isEqualTo(DropReason.MALFORMED.code());
    byte[] version1 = good.clone();
    version1[0] = 0x40;
    assertThat(rx.unprotectRtp(version1, 0, version1.length)).isEqualTo(DropReason.MALFORMED.code());
    byte[] extPastEnd = good.clone();
    extPastEnd[0] = (byte) 0x90;
    extPastEnd[14] = (byte) 0xFF;
    extPastEnd[15] = (byte) 0xFF;
    assertThat(rx.unprotectRtp(extPastEnd, 0, extPastEnd.length)).isEqualTo(DropReason.MALFORMED.code());
    byte[] unknownMki = good.clone();
    unknownMki[unknownMki.length - 1] ^= 1;
    assertThat(rx.unprotectRtp(unknownMki, 0, unknownMki.length)).isEqualTo(DropReason.UNKNOWN_MKI.code());
    byte[] tampered = good.clone();
    tampered[30] ^= (byte) 0x80;
    assertThat(rx.unprotectRtp(tampered, 0, tampered.length)).isEqualTo(DropReason.AUTH_FAILED.code());
    byte[] tooLong = new byte[4000];
    assertThat(rx.unprotectRtp(tooLong, 0, tooLong.length)).isEqualTo(DropReason.TOO_LONG.code());
    assertThat(rx.unprotectRtp(null, 0, 10)).isEqualTo(DropReason.BAD_BUFFER.code());
    assertThat(rx.unprotectRtp(good, 5, good.length)).isEqualTo(DropReason.BAD_BUFFER.code());
    // Same key ID, another key: the MKI matches, the tag does not.
    ReceivedKey other = TestKeys.key(KeyPurpose.PCK, "ffffffffffffffffffffffffffffffff", 0x123456);
    SrtpSession wrongKey = SrtpSession.create(other, Role.RECEIVER, McService.MCPTT, SrtpPolicy.defaults());
    assertThat(deliver(wrongKey, good)).isEqualTo(DropReason.AUTH_FAILED.code());

    rx.acceptOnlySsrcs(0x0BADF00D);
    assertThat(deliver(rx, good)).isEqualTo(DropReason.UNKNOWN_SSRC.code());
    rx.acceptOnlySsrcs();
    byte[] copy = good.clone();
    assertThat(rx.unprotectRtp(copy, 0, copy.length)).isEqualTo(172);
    assertThat(rx.unprotectRtp(good.clone(), 0, good.length)).isEqualTo(DropReason.REPLAYED.code());

    assertThat(rx.dropped(DropReason.MALFORMED)).isEqualTo(3);
    assertThat(rx.dropped(DropReason.UNKNOWN_MKI)).isEqualTo(1);
    assertThat(rx.dropped(DropReason.AUTH_FAILED)).isEqualTo(1);
    assertThat(rx.dropped(DropReason.TOO_LONG)).isEqualTo(1);
    assertThat(rx.dropped(DropReason.BAD_BUFFER)).isEqualTo(2);
    assertThat(rx.dropped(DropReason.UNKNOWN_SSRC)).isEqualTo(1);
    assertThat(rx.dropped(DropReason.REPLAYED)).isEqualTo(1);
    assertThat(rx.acceptedRtp()).isEqualTo(1);
  }

  @Test
  void streamTableIsBounded() {
    SrtpSession tx = pair(Role.INITIATOR, SrtpPolicy.defaults().withLimits(1500, 2, 2));
    SrtpSession rx = pair(Role.RECEIVER, SrtpPolicy.defaults().withLimits(1500, 2, 2));
    assertThat(deliver(rx, tx.protectRtp(rtp(1, 1, 10)))).isEqualTo(22);
    assertThat(deliver(rx, tx.protectRtp(rtp(2, 1, 10)))).isEqualTo(22);
    assertThatThrownBy(() -> tx.protectRtp(rtp(3, 1, 10))).isInstanceOf(SrtpProtectException.class);
    SrtpSession tx2 = pair(Role.INITIATOR, SrtpPolicy.defaults());
    assertThat(deliver(rx, tx2.protectRtp(rtp(3, 1, 10)))).isEqualTo(DropReason.UNKNOWN_SSRC.code());
  }

  @Test
  void senderRefusesToReuseAnIndex() {
    SrtpSession tx = pair(Role.INITIATOR, SrtpPolicy.defaults());
    tx.protectRtp(rtp(SSRC, 7, 10));
    assertThatThrownBy(() -> tx.protectRtp(rtp(SSRC, 7, 10)))
        .isInstanceOfSatisfying(SrtpProtectException.class,
            e -> assertThat(e.reason()).isEqualTo(SrtpProtectException.Reason.INDEX_REUSED));
  }

  @Test
  void srtcpIndexReplayAndEFlag() {
    SrtpSession tx = pair(Role.INITIATOR, SrtpPolicy.defaults());
    SrtpSession rx = pair(Role.RECEIVER, SrtpPolicy.defaults());
    byte[] app = HexFormat.of().parseHex("80cc0003112233444d4350546f020007");
    byte[] first = tx.protectRtcp(app);
    byte[] second = tx.protectRtcp(app);
    assertThat(Arrays.copyOfRange(first, app.length + 16, app.length + 20)).containsExactly(0x80, 0, 0, 0);
    assertThat(Arrays.copyOfRange(second, app.length + 16, app.length + 20)).containsExactly(0x80, 0, 0, 1);
    byte[] b = second.clone();
    assertThat(rx.unprotectRtcp(b, 0, b.length)).isEqualTo(app.length);
    assertThat(Arrays.copyOf(b, app.length)).isEqualTo(app);
    assertThat(rx.unprotectRtcp(first.clone(), 0, first.length)).isEqualTo(app.length);
    assertThat(rx.unprotectRtcp(first.clone(), 0, first.length)).isEqualTo(DropReason.REPLAYED.code());
    byte[] flipped = second.clone();
    flipped[app.length + 16] = 0;
    assertThat(rx.unprotectRtcp(flipped, 0, flipped.length)).isEqualTo(DropReason.NOT_ENCRYPTED.code());
    assertThat(rx.acceptedRtcp()).isEqualTo(2);
  }

  @Test
  void secretsStayOutOfToString() {
    ReceivedKey k = TestKeys.key(KeyPurpose.CSK, "000102030405060708090a0b0c0d0e0f", 0x42);
    assertThat(k.srtpKeyMaterial(6).toString()).doesNotContain("0001020304");
  }
}

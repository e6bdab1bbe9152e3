package org.mcxkms.media.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.crypto.SecretBytes;
import org.mcxkms.crypto.uid.NtpTime;
import org.mcxkms.crypto.uid.Uid;
import org.mcxkms.media.floor.FloorMessage;
import org.mcxkms.media.floor.FloorParseException;
import org.mcxkms.media.floor.FloorReader;
import org.mcxkms.media.floor.FloorWriter;
import org.mcxkms.media.sdp.KeyMgmtParseException;
import org.mcxkms.media.sdp.SdpKeyMgmt;
import org.mcxkms.media.srtp.DropReason;
import org.mcxkms.media.srtp.McService;
import org.mcxkms.media.srtp.Role;
import org.mcxkms.media.srtp.RocCarriage;
import org.mcxkms.media.srtp.SrtpPolicy;
import org.mcxkms.media.srtp.SrtpProtectException;
import org.mcxkms.media.srtp.SrtpSession;
import org.mcxkms.mikey.KeyPurpose;
import org.mcxkms.mikey.ReceivedKey;
import org.mcxkms.mikey.wire.ByteString;
import org.mcxkms.mikey.wire.CsIdMap;

/**
 * Coverage-guided fuzzing (Jazzer) of everything that reads attacker-controlled octets: the SRTP
 * and SRTCP receive paths of a GMK session (MKI lookup, per-sender key derivation, replay window,
 * ROC carriage), the floor control reader and the SDP key-mgmt reader.
 *
 * <p>Properties: unprotect never throws and returns a length within the packet or a drop code;
 * its allocation per packet stays under a fixed bound whatever the length; a packet our sender
 * protected and the fuzzer then changed is either refused or reads back as what was sent; the
 * floor reader throws only {@link FloorParseException} and what it accepts writes and re-reads to
 * the same message; the SDP reader throws only {@link KeyMgmtParseException}.
 *
 * <p>{@code mvn verify} fuzzes it for {@code media.fuzz.seconds} (10 s); {@code -Dmedia.fuzz=false}
 * only replays stored findings.
 */
class MediaReadersFuzzTest {
  private static final long MAX_ALLOCATION = 256 * 1024;
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private static ReceivedKey gmk(int guk) {
    return new ReceivedKey(KeyPurpose.GMK, SecretBytes.copyOf(HexFormat.of().parseHex("fcfe65cd967c58d260b603ccb9a887a9"),
        SecretAccess.get()), 0x09bf9d37, guk, OptionalInt.of(guk), ByteString.fromHex("6819e679461120e10ac458cce67b8024"),
        new CsIdMap.Empty(), List.of(), NtpTime.ofSeconds(3_968_437_672L), Uid.of(new byte[Uid.LENGTH]), Optional.empty(),
        "kms.example.org", 0, Optional.empty(), false, false);
  }

  private static final SrtpPolicy POLICY = SrtpPolicy.defaults().withRocCarriage(RocCarriage.AFTER_MKI, 4)
      .withRequireEncryptedRtcp(false).withLimits(1500, 8, 8);
  private static final SrtpSession RECEIVER = SrtpSession.create(gmk(0x01c8de7b), Role.RECEIVER, McService.MCPTT, POLICY);
  private static final SrtpSession SENDER = SrtpSession.create(gmk(0x0abe69d0), Role.INITIATOR, McService.MCPTT, POLICY);

  static {
    byte[] warm = new byte[200];
    for (int i = 0; i < 50; i++) {
      warm[0] = (byte) 0x80;
      RECEIVER.unprotectRtp(warm.clone(), 0, 100);
      RECEIVER.unprotectRtcp(warm.clone(), 0, 100);
    }
  }

  @FuzzTest(maxDuration = "10s")
  void readers(FuzzedDataProvider data) {
    int target = data.consumeInt(0, 4);
    switch (target) {
      case 0 -> rtp(data.consumeRemainingAsBytes(), true);
      case 1 -> rtp(data.consumeRemainingAsBytes(), false);
      case 2 -> mutatedOwnPacket(data);
      case 3 -> floor(data.consumeRemainingAsBytes());
      default -> sdp(data.consumeRemainingAsString());
    }
  }

  private static void rtp(byte[] packet, boolean srtp) {
    long tid = Thread.currentThread().getId();
    long before = THREADS.getThreadAllocatedBytes(tid);
    int n = srtp ? RECEIVER.unprotectRtp(packet, 0, packet.length) : RECEIVER.unprotectRtcp(packet, 0, packet.length);
    long allocated = THREADS.getThreadAllocatedBytes(tid) - before;
    assertThat(allocated).isLessThan(MAX_ALLOCATION);
    if (n < 0) {
      assertThat(DropReason.ofCode(n)).isNotNull();
    } else {
      assertThat(n).isLessThanOrEqualTo(packet.length);
    }
  }

  private static void mutatedOwnPacket(FuzzedDataProvider data) {
    boolean srtp = data.consumeBoolean();
    int seq = data.consumeInt(0, 0xFFFF);
    int at = data.consumeInt(0, 400);
    byte flip = data.consumeByte();
    byte[] payload = data.consumeBytes(300);
    byte[] plain = new byte[12 + payload.length];
    plain[0] = (byte) 0x80;
    plain[1] = (byte) (srtp ? 8 : 204);
    plain[2] = (byte) (seq >>> 8);
    plain[3] = (byte) seq;
    plain[8] = 0x42;
    System.arraycopy(payload, 0, plain, 12, payload.length);
    byte[] sent;
    try {
      sent = srtp ? SENDER.protectRtp(plain) : SENDER.protectRtcp(plain);
    } catch (SrtpProtectException e) {
      return; // a SEQ the sender already used, or a full stream table
    }
    if (at < sent.length) {
      sent[at] ^= flip;
    }
    int n = srtp ? RECEIVER.unprotectRtp(sent, 0, sent.length) : RECEIVER.unprotectRtcp(sent, 0, sent.length);
    if (n >= 0 && (at >= sent.length || flip == 0)) {
      assertThat(n).isEqualTo(plain.length);
      for (int i = 0; i < n; i++) {
        assertThat(sent[i]).isEqualTo(plain[i]);
      }
    }
  }

  private static void floor(byte[] input) {
    FloorMessage m;
    try {
      m = FloorReader.read(input);
    } catch (FloorParseException e) {
      return;
    }
    try {
      assertThat(FloorReader.read(FloorWriter.write(m))).isEqualTo(m);
    } catch (FloorParseException e) {
      throw new AssertionError("a message the reader accepted does not re-read after writing", e);
    }
  }

  private static void sdp(String text) {
    try {
      SdpKeyMgmt.read(text);
    } catch (KeyMgmtParseException e) {
      assertThat(e.getMessage()).isNotNull();
    }
    assertThat(text.getBytes(StandardCharsets.UTF_8)).isNotNull();
  }
}

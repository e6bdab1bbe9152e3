package org.mcxkms.bench;

import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.crypto.SecretBytes;
import org.mcxkms.crypto.uid.NtpTime;
import org.mcxkms.crypto.uid.Uid;
import org.mcxkms.media.floor.FloorField;
import org.mcxkms.media.floor.FloorMessage;
import org.mcxkms.media.floor.FloorMessageType;
import org.mcxkms.media.floor.FloorWriter;
import org.mcxkms.media.srtp.McService;
import org.mcxkms.media.srtp.Role;
import org.mcxkms.media.srtp.SrtpPolicy;
import org.mcxkms.media.srtp.SrtpSession;
import org.mcxkms.mikey.KeyPurpose;
import org.mcxkms.mikey.ReceivedKey;
import org.mcxkms.mikey.wire.ByteString;
import org.mcxkms.mikey.wire.CsIdMap;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * SRTP and SRTCP protect/unprotect on one thread, AEAD_AES_128_GCM, group call keys (a GMK,
 * 8-octet MKI GMK-ID || GUK-ID): 20 ms G.711 packets (12-octet header, 160-octet payload) and a
 * Floor Request (44 octets) as SRTCP. Issue 10 targets: >= 300,000 packets/s per direction and
 * >= 0.7x libsrtp 2 in the same run ({@link MediaSuite} runs both).
 *
 * <p>Unprotecting a packet twice is a replay, so the unprotect benchmarks cycle through a batch of
 * {@value #BATCH} packets protected in setup and make a fresh receiver session when the batch
 * wraps (one key derivation per {@value #BATCH} packets).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MediaBench {
  static final int BATCH = 16384;
  static final int PAYLOAD = 160;
  static final String GMK = "fcfe65cd967c58d260b603ccb9a887a9";
  static final String RAND = "6819e679461120e10ac458cce67b8024";
  static final int GMK_ID = 0x09bf9d37;
  static final int SENDER_GUK = 0x0abe69d0;
  static final int RECEIVER_GUK = 0x01c8de7b;
  /** The sender's SRTP master key and salt, as Etherstack published them for this GMK and GUK-ID (for the libsrtp peer). */
  static final String GMK_MASTER_KEY = "de81b70c4ae0ff3f79364df586c2e0ce";
  static final String GMK_MASTER_SALT = "750ea7422b4d5a8ff475c6d5";

  private SrtpSession sender;
  private byte[] rtp;
  private byte[] floor;
  private byte[] buf;
  private byte[][] srtpBatch;
  private byte[][] srtcpBatch;
  private int[] srtpLen;
  private int[] srtcpLen;
  private int seq;
  private int rtpNext;
  private int rtcpNext;
  private SrtpSession rtpReceiver;
  private SrtpSession rtcpReceiver;

  static ReceivedKey gmk(int guk) {
    return new ReceivedKey(KeyPurpose.GMK, SecretBytes.copyOf(HexFormat.of().parseHex(GMK), SecretAccess.get()), GMK_ID,
        guk, OptionalInt.of(guk), ByteString.fromHex(RAND), new CsIdMap.Empty(), List.of(), NtpTime.ofSeconds(3_968_437_672L),
        Uid.of(new byte[Uid.LENGTH]), Optional.empty(), "kms.example.org", 0, Optional.empty(), false, false);
  }

  static SrtpSession newSender() {
    return SrtpSession.create(gmk(SENDER_GUK), Role.INITIATOR, McService.MCPTT, SrtpPolicy.defaults());
  }

  static SrtpSession newReceiver() {
    return SrtpSession.create(gmk(RECEIVER_GUK), Role.RECEIVER, McService.MCPTT, SrtpPolicy.defaults());
  }

  /** The Floor Request the floor benchmarks protect: priority, user ID and floor indicator, 44 octets. */
  static byte[] floorRequest() {
    return FloorWriter.write(new FloorMessage(FloorMessageType.FLOOR_REQUEST, 0x12345678, new FloorField.FloorPriority(7),
        new FloorField.UserId("sip:alice@example.org"), new FloorField.FloorIndicator(FloorField.FloorIndicator.NORMAL)));
  }

  @Setup
  public void setup() {
    sender = newSender();
    rtp = new byte[12 + PAYLOAD];
    rtp[0] = (byte) 0x80;
    rtp[1] = 8;
    rtp[8] = 0x12;
    rtp[9] = 0x34;
    rtp[10] = 0x56;
    rtp[11] = 0x78;
    for (int i = 12; i < rtp.length; i++) {
      rtp[i] = (byte) 0xD5;
    }
    floor = floorRequest();
    buf = new byte[1500];
    SrtpSession batchSender = newSender();
    srtpBatch = new byte[BATCH][];
    srtcpBatch = new byte[BATCH][];
    srtpLen = new int[BATCH];
    srtcpLen = new int[BATCH];
    for (int i = 0; i < BATCH; i++) {
      byte[] p = rtp.clone();
      p[2] = (byte) (i >>> 8);
      p[3] = (byte) i;
      srtpBatch[i] = batchSender.protectRtp(p);
      srtpLen[i] = srtpBatch[i].length;
      srtcpBatch[i] = batchSender.protectRtcp(floor);
      srtcpLen[i] = srtcpBatch[i].length;
    }
    rtpReceiver = newReceiver();
    rtcpReceiver = newReceiver();
  }

  @Benchmark
  public int srtpProtect() {
    System.arraycopy(rtp, 0, buf, 0, rtp.length);
    int s = seq++ & 0xFFFF;
    buf[2] = (byte) (s >>> 8);
    buf[3] = (byte) s;
    return sender.protectRtp(buf, 0, rtp.length);
  }

  @Benchmark
  public int srtpUnprotect() {
    if (rtpNext == BATCH) {
      rtpNext = 0;
      rtpReceiver = newReceiver();
    }
    int i = rtpNext++;
    System.arraycopy(srtpBatch[i], 0, buf, 0, srtpLen[i]);
    int n = rtpReceiver.unprotectRtp(buf, 0, srtpLen[i]);
    if (n < 0) {
      throw new IllegalStateException("benchmark packet dropped: " + n);
    }
    return n;
  }

  @Benchmark
  public int floorProtect() {
    System.arraycopy(floor, 0, buf, 0, floor.length);
    return sender.protectRtcp(buf, 0, floor.length);
  }

  @Benchmark
  public int floorUnprotect() {
    if (rtcpNext == BATCH) {
      rtcpNext = 0;
      rtcpReceiver = newReceiver();
    }
    int i = rtcpNext++;
    System.arraycopy(srtcpBatch[i], 0, buf, 0, srtcpLen[i]);
    int n = rtcpReceiver.unprotectRtcp(buf, 0, srtcpLen[i]);
    if (n < 0) {
      throw new IllegalStateException("benchmark packet dropped: " + n);
    }
    return n;
  }
}

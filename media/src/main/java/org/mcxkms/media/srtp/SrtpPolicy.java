package org.mcxkms.media.srtp;

import java.time.Clock;
import java.util.Objects;

/**
 * What a session accepts and how it sends, beyond the keys.
 *
 * @param replayWindow packets remembered per stream (RFC 3711 3.3.2; at least 64)
 * @param maxPacket the longest packet accepted or produced, in octets; the receive buffers are
 *     sized by it once, never by a packet
 * @param maxStreams SSRCs remembered per direction (one crypto context each)
 * @param maxSenders senders per group key whose derived keys are kept (GMK: one per GUK-ID)
 * @param rocCarriage RCCm3 ROC carriage, {@link RocCarriage#NONE} to switch it off
 * @param rocRate ROC transmission rate R: the ROC rides on packets whose SEQ is a multiple of R
 * @param requireEncryptedRtcp drop SRTCP whose E flag is clear
 * @param clock the time a key's expiry is compared against
 */
public record SrtpPolicy(
    int replayWindow,
    int maxPacket,
    int maxStreams,
    int maxSenders,
    RocCarriage rocCarriage,
    int rocRate,
    boolean requireEncryptedRtcp,
    Clock clock) {
  public SrtpPolicy {
    if (replayWindow < 64 || replayWindow > 1 << 15) {
      throw new IllegalArgumentException("replay window must be 64..32768, was " + replayWindow);
    }
    if (maxPacket < 64 || maxPacket > 65535) {
      throw new IllegalArgumentException("max packet must be 64..65535, was " + maxPacket);
    }
    if (maxStreams < 1 || maxSenders < 1 || maxStreams > 4096 || maxSenders > 4096) {
      throw new IllegalArgumentException("stream and sender limits must be 1..4096");
    }
    if (rocRate < 1 || rocRate > 65535) {
      throw new IllegalArgumentException("ROC transmission rate must be 1..65535");
    }
    Objects.requireNonNull(rocCarriage, "rocCarriage");
    Objects.requireNonNull(clock, "clock");
  }

  /** 128-packet window, 1500-octet packets, 64 streams and senders, no ROC carriage, E required. */
  public static SrtpPolicy defaults() {
    return new SrtpPolicy(128, 1500, 64, 64, RocCarriage.NONE, 1, true, Clock.systemUTC());
  }

  public SrtpPolicy withReplayWindow(int packets) {
    return new SrtpPolicy(packets, maxPacket, maxStreams, maxSenders, rocCarriage, rocRate, requireEncryptedRtcp, clock);
  }

  public SrtpPolicy withRocCarriage(RocCarriage carriage, int rate) {
    return new SrtpPolicy(replayWindow, maxPacket, maxStreams, maxSenders, carriage, rate, requireEncryptedRtcp, clock);
  }

  public SrtpPolicy withRequireEncryptedRtcp(boolean required) {
    return new SrtpPolicy(replayWindow, maxPacket, maxStreams, maxSenders, rocCarriage, rocRate, required, clock);
  }

  public SrtpPolicy withClock(Clock c) {
    return new SrtpPolicy(replayWindow, maxPacket, maxStreams, maxSenders, rocCarriage, rocRate, requireEncryptedRtcp, c);
  }

  public SrtpPolicy withLimits(int packets, int streams, int senders) {
    return new SrtpPolicy(replayWindow, packets, streams, senders, rocCarriage, rocRate, requireEncryptedRtcp, clock);
  }
}

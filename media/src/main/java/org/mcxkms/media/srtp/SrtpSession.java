package org.mcxkms.media.srtp;

import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import org.mcxkms.mikey.KeyPurpose;
import org.mcxkms.mikey.ReceivedKey;
import org.mcxkms.mikey.kdf.SrtpKeyMaterial;

/**
 * SRTP and SRTCP with AEAD_AES_128_GCM (RFC 7714) as TS 33.180 7.5 profiles it, keyed from a key
 * received in MIKEY through the TS 33.180 7.4 derivation, with the MKI of 7.4 in every packet.
 *
 * <p>One crypto context per SSRC and direction (RFC 3711 3.2.3): rollover counter and replay
 * window for SRTP, index counter and replay window for SRTCP. Several master keys may be live at
 * once, told apart by MKI: a new key is {@linkplain #addKey added} (accepted on receipt at once),
 * {@linkplain #activate activated} for sending, and the old one {@linkplain #expire expired}.
 *
 * <p>Buffers are the caller's: {@code protect*} writes the protected packet over the plain one
 * (the buffer needs {@link #rtpOverhead()} / {@link #rtcpOverhead()} spare octets after it) and
 * returns its length; {@code unprotect*} writes the plain packet over the protected one and
 * returns its length, or a negative {@link DropReason#code()}. The receive methods never throw,
 * allocate nothing in proportion to the packet, and change no state unless the packet
 * authenticated. Each direction has its own lock: one thread may send while another receives.
 */
public final class SrtpSession {
  private static final int TAG = AeadTransform.TAG_LENGTH;
  private static final int MAX_KEYS = 8;
  private static final long MAX_SRTP_INDEX = (1L << 48) - 1;

  private final SrtpPolicy policy;
  private final KeyPurpose purpose;
  private final CryptoSessionIds csIds;
  private final int mkiLength;
  private final Object keyLock = new Object();
  private volatile KeyEntry[] keys = new KeyEntry[0];
  private volatile KeyEntry sending;
  private volatile int[] allowedSsrcs;

  private final Object sendLock = new Object();
  private final byte[] sendScratch;
  private final StreamTable<ReplayWindow> rtpSend;
  private final StreamTable<int[]> rtcpSend;

  private final Object receiveLock = new Object();
  private final byte[] receiveScratch;
  private final StreamTable<ReplayWindow> rtpReceive;
  private final StreamTable<ReplayWindow> rtcpReceive;
  private final long[] drops = new long[DropReason.values().length];
  private long acceptedRtp;
  private long acceptedRtcp;

  private SrtpSession(SrtpPolicy policy, KeyPurpose purpose, CryptoSessionIds csIds, int mkiLength) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.purpose = purpose;
    this.csIds = csIds;
    this.mkiLength = mkiLength;
    this.sendScratch = new byte[policy.maxPacket()];
    this.receiveScratch = new byte[policy.maxPacket()];
    this.rtpSend = new StreamTable<>(policy.maxStreams());
    this.rtcpSend = new StreamTable<>(policy.maxStreams());
    this.rtpReceive = new StreamTable<>(policy.maxStreams());
    this.rtcpReceive = new StreamTable<>(policy.maxStreams());
  }

  /**
   * A session keyed by a key received in MIKEY (GMK, PCK, CSK, MuSiK or MKFC). The CS-IDs come from
   * TS 33.180 Table E.1.3-1 by the key's purpose, {@code service} and {@code role}; the first key
   * is active for sending at once.
   */
  public static SrtpSession create(ReceivedKey key, Role role, McService service, SrtpPolicy policy) {
    return create(key, CryptoSessionIds.of(key.purpose(), service, role), policy);
  }

  /** A session with explicit CS-IDs (for a CS ID map that names other crypto sessions). */
  public static SrtpSession create(ReceivedKey key, CryptoSessionIds csIds, SrtpPolicy policy) {
    int mkiLength = key.mki().size();
    SrtpSession s = new SrtpSession(policy, key.purpose(), csIds, mkiLength);
    s.addKey(key);
    s.activate(key.keyId());
    return s;
  }

  /**
   * A session over master keys given directly (a test peer, or keys agreed outside MIKEY): what
   * this end sends is protected under {@code send}, what it receives under {@code receive}; both
   * MKIs must have the same length. {@code keyId} names the pair for {@link #activate}/{@link #expire}.
   */
  public static SrtpSession ofMasterKeys(int keyId, SrtpKeyMaterial send, SrtpKeyMaterial receive, SrtpPolicy policy) {
    if (send.mki().size() != receive.mki().size() || send.mki().size() > 32) {
      throw new IllegalArgumentException("send and receive MKIs must have the same length, at most 32 octets");
    }
    SrtpSession s = new SrtpSession(policy, null, null, send.mki().size());
    s.install(new KeyEntry.Fixed(keyId, send, receive));
    s.activate(keyId);
    return s;
  }

  /** A session over session keys given directly, below the key derivation (the RFC 7714 vectors). */
  static SrtpSession withSessionKeys(int keyId, SessionKeys send, SessionKeys receive, byte[] mki, SrtpPolicy policy) {
    SrtpSession s = new SrtpSession(policy, null, null, mki.length);
    s.install(new KeyEntry.Fixed(keyId, mki.clone(), send, mki.clone(), receive));
    s.activate(keyId);
    return s;
  }

  /** Adds the master keys of another key of this session's purpose; accepted on receipt at once. */
  public void addKey(ReceivedKey key) {
    if (purpose == null || key.purpose() != purpose) {
      throw new IllegalArgumentException("a " + purpose + " session cannot take a " + key.purpose() + " key");
    }
    if (key.mki().size() != mkiLength) {
      throw new IllegalArgumentException("MKI length " + key.mki().size() + " differs from the session's " + mkiLength);
    }
    KeyEntry e;
    if (purpose.usesGukId()) {
      if (key.gukId().isEmpty()) {
        throw new IllegalArgumentException("a GMK needs the member's GUK-ID");
      }
      e = new KeyEntry.Group(key.keyId(), key.key(), key.rand(), csIds.send(), csIds.receive(),
          key.gukId().getAsInt(), policy.maxSenders());
    } else {
      e = new KeyEntry.Fixed(key.keyId(), key.srtpKeyMaterial(csIds.send()), key.srtpKeyMaterial(csIds.receive()));
    }
    install(e);
  }

  private void install(KeyEntry e) {
    synchronized (keyLock) {
      KeyEntry[] cur = keys;
      for (KeyEntry k : cur) {
        if (k.keyId == e.keyId) {
          throw new IllegalArgumentException(String.format("key %08x is already in the session", e.keyId));
        }
      }
      if (cur.length == MAX_KEYS) {
        throw new IllegalStateException("a session holds at most " + MAX_KEYS + " keys: expire one first");
      }
      KeyEntry[] next = Arrays.copyOf(cur, cur.length + 1);
      next[cur.length] = e;
      keys = next;
    }
  }

  /** Sends with key {@code keyId} from the next packet on (the old key stays accepted until it expires). */
  public void activate(int keyId) {
    sending = find(keyId);
  }

  /**
   * Refuses key {@code keyId} from {@code at} on, in both directions (the end of the activation
   * overlap of a key change). Expired keys are dropped from the session by {@link #purgeExpired}.
   */
  public void expire(int keyId, Instant at) {
    find(keyId).expiresAtMillis = at.toEpochMilli();
  }

  /** Removes expired keys and wipes what of them can be wiped. Packets under them count as {@link DropReason#UNKNOWN_MKI} afterwards. */
  public void purgeExpired() {
    long now = policy.clock().millis();
    synchronized (keyLock) {
      KeyEntry[] cur = keys;
      KeyEntry[] next = Arrays.stream(cur).filter(k -> !k.expired(now)).toArray(KeyEntry[]::new);
      keys = next;
      synchronized (sendLock) {
        synchronized (receiveLock) {
          for (KeyEntry k : cur) {
            if (k.expired(now)) {
              k.destroy();
            }
          }
        }
      }
    }
  }

  /** Accepts only these SSRCs on receipt (for instance the peer's SSRC signalled in MIKEY); none given accepts any. */
  public void acceptOnlySsrcs(int... ssrcs) {
    allowedSsrcs = ssrcs.length == 0 ? null : ssrcs.clone();
  }

  private KeyEntry find(int keyId) {
    for (KeyEntry k : keys) {
      if (k.keyId == keyId) {
        return k;
      }
    }
    throw new IllegalArgumentException(String.format("no key %08x in the session", keyId));
  }

  /** Octets {@link #protectRtp} adds: tag, MKI and, where carried, the ROC. */
  public int rtpOverhead() {
    return TAG + mkiLength + (policy.rocCarriage() == RocCarriage.NONE ? 0 : 4);
  }

  /** Octets {@link #protectRtcp} adds: tag, E flag and index, MKI. */
  public int rtcpOverhead() {
    return TAG + 4 + mkiLength;
  }

  public SrtpPolicy policy() {
    return policy;
  }

  // ---------------------------------------------------------------- SRTP send

  /** Protects a copy of {@code rtp} (convenience; allocates the result). */
  public byte[] protectRtp(byte[] rtp) {
    byte[] buf = Arrays.copyOf(rtp, rtp.length + rtpOverhead());
    return Arrays.copyOf(buf, protectRtp(buf, 0, rtp.length));
  }

  /**
   * Protects the RTP packet {@code buf[off, off+len)} in place (RFC 7714 8.2) and returns the SRTP
   * packet's length: header, ciphertext, tag, then MKI and ROC as the policy places them.
   *
   * @throws SrtpProtectException if the packet is malformed, does not fit, reuses an index, or no key is active
   */
  public int protectRtp(byte[] buf, int off, int len) {
    checkBuffer(buf, off, len);
    synchronized (sendLock) {
      KeyEntry key = activeKey();
      int hdr = rtpHeaderLength(buf, off, len);
      if (hdr < 0) {
        throw new SrtpProtectException(SrtpProtectException.Reason.MALFORMED, "not an RTP version 2 packet of " + len + " octets");
      }
      int seq = u16(buf, off + 2);
      int ssrc = KeyEntry.int32(buf, off + 8);
      ReplayWindow stream = rtpSend.get(ssrc);
      long index = stream == null ? seq : estimateIndex(stream.highest(), seq);
      if (index > MAX_SRTP_INDEX) {
        throw new SrtpProtectException(SrtpProtectException.Reason.INDEX_EXHAUSTED, "SRTP index space used up");
      }
      if (index < 0 || (stream != null && stream.check(index) != ReplayWindow.OK)) {
        throw new SrtpProtectException(SrtpProtectException.Reason.INDEX_REUSED,
            "sequence number " + seq + " was already protected for SSRC " + Integer.toHexString(ssrc));
      }
      if (stream == null && rtpSend.isFull()) {
        throw new SrtpProtectException(SrtpProtectException.Reason.TOO_MANY_STREAMS, "SSRC table full");
      }
      boolean roc = carriesRoc(seq);
      int out = len + TAG + mkiLength + (roc ? 4 : 0);
      if (out > policy.maxPacket() || out > buf.length - off) {
        throw new SrtpProtectException(SrtpProtectException.Reason.BUFFER_TOO_SMALL,
            "protected packet needs " + out + " octets");
      }
      int rocValue = (int) (index >>> 16);
      try {
        key.sendKeys.rtp.sealRtp(ssrc, rocValue, seq, buf, off, hdr, off + hdr, len - hdr, sendScratch);
      } catch (GeneralSecurityException e) {
        throw new SrtpProtectException(SrtpProtectException.Reason.CRYPTO_FAILURE, "AES-GCM failed", e);
      }
      int p = off + len + TAG;
      if (roc && policy.rocCarriage() == RocCarriage.BEFORE_MKI) {
        p = putInt(buf, p, rocValue);
      }
      System.arraycopy(key.sendMki, 0, buf, p, mkiLength);
      p += mkiLength;
      if (roc && policy.rocCarriage() == RocCarriage.AFTER_MKI) {
        putInt(buf, p, rocValue);
      }
      if (stream == null) {
        stream = new ReplayWindow(policy.replayWindow());
        rtpSend.put(ssrc, stream);
      }
      stream.accept(index);
      return out;
    }
  }

  // ---------------------------------------------------------------- SRTP receive

  /**
   * Verifies and decrypts the SRTP packet {@code buf[off, off+len)} in place. Returns the RTP
   * packet's length, or a negative {@link DropReason#code()}; never throws.
   */
  public int unprotectRtp(byte[] buf, int off, int len) {
    if (buf == null || off < 0 || len < 0 || off > buf.length - len) {
      synchronized (receiveLock) {
        return drop(DropReason.BAD_BUFFER);
      }
    }
    synchronized (receiveLock) {
      try {
        int r = unprotectRtpLocked(buf, off, len);
        return r < 0 ? drop(DropReason.ofCode(r)) : r;
      } catch (GeneralSecurityException | RuntimeException e) {
        return drop(DropReason.CRYPTO_FAILURE);
      }
    }
  }

  private int unprotectRtpLocked(byte[] buf, int off, int len) throws GeneralSecurityException {
    if (len > policy.maxPacket()) {
      return DropReason.TOO_LONG.code();
    }
    int hdr = rtpHeaderLength(buf, off, len);
    if (hdr < 0) {
      return DropReason.MALFORMED.code();
    }
    int seq = u16(buf, off + 2);
    int ssrc = KeyEntry.int32(buf, off + 8);
    boolean roc = carriesRoc(seq);
    int trailer = mkiLength + (roc ? 4 : 0);
    if (len < hdr + TAG + trailer) {
      return DropReason.MALFORMED.code();
    }
    int end = off + len;
    int mkiOff = end - mkiLength;
    int rocOff = -1;
    if (roc) {
      if (policy.rocCarriage() == RocCarriage.AFTER_MKI) {
        rocOff = end - 4;
        mkiOff = rocOff - mkiLength;
      } else {
        rocOff = mkiOff - 4;
      }
    }
    int tagEnd = end - trailer;
    KeyEntry key = findByMki(buf, mkiOff);
    if (key == null) {
      return DropReason.UNKNOWN_MKI.code();
    }
    if (key.expired(policy.clock().millis())) {
      return DropReason.KEY_EXPIRED.code();
    }
    if (!ssrcAllowed(ssrc)) {
      return DropReason.UNKNOWN_SSRC.code();
    }
    ReplayWindow stream = rtpReceive.get(ssrc);
    if (stream == null && rtpReceive.isFull()) {
      return DropReason.UNKNOWN_SSRC.code();
    }
    long index;
    if (roc) {
      index = (Integer.toUnsignedLong(KeyEntry.int32(buf, rocOff)) << 16) | seq;
    } else if (stream == null) {
      index = seq;
    } else {
      index = estimateIndex(stream.highest(), seq);
    }
    if (index < 0 || index > MAX_SRTP_INDEX) {
      return DropReason.TOO_OLD.code();
    }
    if (stream != null) {
      int r = stream.check(index);
      if (r != ReplayWindow.OK) {
        return r;
      }
    }
    SessionKeys keys = key.receiveKeys(buf, mkiOff);
    if (!keys.rtp.openRtp(ssrc, (int) (index >>> 16), seq, buf, off, hdr, off + hdr, tagEnd - off - hdr, receiveScratch)) {
      return DropReason.AUTH_FAILED.code();
    }
    key.confirm(buf, mkiOff, keys);
    if (stream == null) {
      stream = new ReplayWindow(policy.replayWindow());
      rtpReceive.put(ssrc, stream);
    }
    stream.accept(index);
    acceptedRtp++;
    return tagEnd - TAG - off;
  }

  // ---------------------------------------------------------------- SRTCP send

  /** Protects a copy of {@code rtcp} (convenience; allocates the result). */
  public byte[] protectRtcp(byte[] rtcp) {
    byte[] buf = Arrays.copyOf(rtcp, rtcp.length + rtcpOverhead());
    return Arrays.copyOf(buf, protectRtcp(buf, 0, rtcp.length));
  }

  /**
   * Protects the RTCP (compound) packet {@code buf[off, off+len)} in place with the E flag set
   * (RFC 7714 9.2): first 8 octets, ciphertext, tag, E || SRTCP index, MKI. Returns the length.
   */
  public int protectRtcp(byte[] buf, int off, int len) {
    checkBuffer(buf, off, len);
    synchronized (sendLock) {
      KeyEntry key = activeKey();
      if (len < 8 || (buf[off] & 0xC0) != 0x80) {
        throw new SrtpProtectException(SrtpProtectException.Reason.MALFORMED, "not an RTCP version 2 packet of " + len + " octets");
      }
      int ssrc = KeyEntry.int32(buf, off + 4);
      int[] counter = rtcpSend.get(ssrc);
      if (counter == null && rtcpSend.isFull()) {
        throw new SrtpProtectException(SrtpProtectException.Reason.TOO_MANY_STREAMS, "SSRC table full");
      }
      int index = counter == null ? 0 : counter[0];
      if (index < 0) {
        throw new SrtpProtectException(SrtpProtectException.Reason.INDEX_EXHAUSTED, "SRTCP index space used up");
      }
      int out = len + TAG + 4 + mkiLength;
      if (out > policy.maxPacket() || out > buf.length - off) {
        throw new SrtpProtectException(SrtpProtectException.Reason.BUFFER_TOO_SMALL,
            "protected packet needs " + out + " octets");
      }
      int indexOff = off + len + TAG;
      putInt(buf, indexOff, index | 0x8000_0000);
      try {
        key.sendKeys.rtcp.sealRtcp(ssrc, index, buf, off, 8, buf, indexOff, 4, off + 8, len - 8, sendScratch);
      } catch (GeneralSecurityException e) {
        throw new SrtpProtectException(SrtpProtectException.Reason.CRYPTO_FAILURE, "AES-GCM failed", e);
      }
      System.arraycopy(key.sendMki, 0, buf, indexOff + 4, mkiLength);
      if (counter == null) {
        counter = new int[1];
        rtcpSend.put(ssrc, counter);
      }
      counter[0] = index + 1;
      return out;
    }
  }

  // ---------------------------------------------------------------- SRTCP receive

  /**
   * Verifies and, with the E flag set, decrypts the SRTCP packet {@code buf[off, off+len)} in
   * place. Returns the RTCP packet's length, or a negative {@link DropReason#code()}; never throws.
   */
  public int unprotectRtcp(byte[] buf, int off, int len) {
    if (buf == null || off < 0 || len < 0 || off > buf.length - len) {
      synchronized (receiveLock) {
        return drop(DropReason.BAD_BUFFER);
      }
    }
    synchronized (receiveLock) {
      try {
        int r = unprotectRtcpLocked(buf, off, len);
        return r < 0 ? drop(DropReason.ofCode(r)) : r;
      } catch (GeneralSecurityException | RuntimeException e) {
        return drop(DropReason.CRYPTO_FAILURE);
      }
    }
  }

  private int unprotectRtcpLocked(byte[] buf, int off, int len) throws GeneralSecurityException {
    if (len > policy.maxPacket()) {
      return DropReason.TOO_LONG.code();
    }
    if (len < 8 + TAG + 4 + mkiLength || (buf[off] & 0xC0) != 0x80) {
      return DropReason.MALFORMED.code();
    }
    int mkiOff = off + len - mkiLength;
    int indexOff = mkiOff - 4;
    int word = KeyEntry.int32(buf, indexOff);
    boolean encrypted = word < 0;
    int index = word & 0x7FFF_FFFF;
    if (!encrypted && policy.requireEncryptedRtcp()) {
      return DropReason.NOT_ENCRYPTED.code();
    }
    KeyEntry key = findByMki(buf, mkiOff);
    if (key == null) {
      return DropReason.UNKNOWN_MKI.code();
    }
    if (key.expired(policy.clock().millis())) {
      return DropReason.KEY_EXPIRED.code();
    }
    int ssrc = KeyEntry.int32(buf, off + 4);
    if (!ssrcAllowed(ssrc)) {
      return DropReason.UNKNOWN_SSRC.code();
    }
    ReplayWindow stream = rtcpReceive.get(ssrc);
    if (stream == null && rtcpReceive.isFull()) {
      return DropReason.UNKNOWN_SSRC.code();
    }
    if (stream != null) {
      int r = stream.check(index);
      if (r != ReplayWindow.OK) {
        return r;
      }
    }
    SessionKeys keys = key.receiveKeys(buf, mkiOff);
    int plainEnd = indexOff - TAG;
    boolean ok = encrypted
        ? keys.rtcp.openRtcp(ssrc, index, buf, off, 8, buf, indexOff, 4, off + 8, indexOff - off - 8, receiveScratch)
        : keys.rtcp.openRtcp(ssrc, index, buf, off, plainEnd - off, buf, indexOff, 4, plainEnd, TAG, receiveScratch);
    if (!ok) {
      return DropReason.AUTH_FAILED.code();
    }
    key.confirm(buf, mkiOff, keys);
    if (stream == null) {
      stream = new ReplayWindow(policy.replayWindow());
      rtcpReceive.put(ssrc, stream);
    }
    stream.accept(index);
    acceptedRtcp++;
    return plainEnd - off;
  }

  // ---------------------------------------------------------------- counters

  /** Packets dropped for {@code reason} since the session was made. */
  public long dropped(DropReason reason) {
    synchronized (receiveLock) {
      return drops[reason.ordinal()];
    }
  }

  /** SRTP packets accepted. */
  public long acceptedRtp() {
    synchronized (receiveLock) {
      return acceptedRtp;
    }
  }

  /** SRTCP packets accepted. */
  public long acceptedRtcp() {
    synchronized (receiveLock) {
      return acceptedRtcp;
    }
  }

  // ---------------------------------------------------------------- helpers

  private int drop(DropReason reason) {
    drops[reason.ordinal()]++;
    return reason.code();
  }

  private KeyEntry activeKey() {
    KeyEntry k = sending;
    if (k == null || k.expired(policy.clock().millis())) {
      throw new SrtpProtectException(SrtpProtectException.Reason.NO_ACTIVE_KEY, "no unexpired key is active for sending");
    }
    return k;
  }

  private KeyEntry findByMki(byte[] buf, int mkiOff) {
    for (KeyEntry k : keys) {
      if (k.matches(buf, mkiOff)) {
        return k;
      }
    }
    return null;
  }

  private boolean ssrcAllowed(int ssrc) {
    int[] allowed = allowedSsrcs;
    if (allowed == null) {
      return true;
    }
    for (int a : allowed) {
      if (a == ssrc) {
        return true;
      }
    }
    return false;
  }

  private boolean carriesRoc(int seq) {
    return policy.rocCarriage() != RocCarriage.NONE && seq % policy.rocRate() == 0;
  }

  private static void checkBuffer(byte[] buf, int off, int len) {
    Objects.requireNonNull(buf, "buf");
    if (off < 0 || len < 0 || off > buf.length - len) {
      throw new IndexOutOfBoundsException("offset " + off + " and length " + len + " outside a buffer of " + buf.length);
    }
  }

  /**
   * The RTP header length (RFC 3550 5.1: 12 octets, 4 per CSRC, and the extension of RFC 3550
   * 5.3.1 when X is set), or -1 if the packet is not version 2 or is shorter than its header.
   */
  static int rtpHeaderLength(byte[] buf, int off, int len) {
    if (len < 12 || (buf[off] & 0xC0) != 0x80) {
      return -1;
    }
    int hdr = 12 + 4 * (buf[off] & 0x0F);
    if ((buf[off] & 0x10) != 0) {
      if (len < hdr + 4) {
        return -1;
      }
      hdr += 4 + 4 * u16(buf, off + hdr + 2);
    }
    return hdr <= len ? hdr : -1;
  }

  /**
   * The packet index of RFC 3711 3.3.1 (Appendix A) from the highest index received so far and
   * the new SEQ: the ROC guess v is ROC-1, ROC or ROC+1. May be negative (before index 0).
   */
  static long estimateIndex(long highest, int seq) {
    long roc = highest >>> 16;
    int sl = (int) (highest & 0xFFFF);
    long v;
    if (sl < 32768) {
      v = seq - sl > 32768 ? roc - 1 : roc;
    } else {
      v = sl - 32768 > seq ? roc + 1 : roc;
    }
    return v < 0 ? -1 : (v << 16) | seq;
  }

  private static int u16(byte[] b, int off) {
    return (b[off] & 0xFF) << 8 | (b[off + 1] & 0xFF);
  }

  private static int putInt(byte[] b, int off, int v) {
    b[off] = (byte) (v >>> 24);
    b[off + 1] = (byte) (v >>> 16);
    b[off + 2] = (byte) (v >>> 8);
    b[off + 3] = (byte) v;
    return off + 4;
  }
}

package org.mcxkms.media.srtp;

import java.util.List;
import org.mcxkms.crypto.SecretBytes;
import org.mcxkms.mikey.kdf.MikeyKdf;
import org.mcxkms.mikey.kdf.SrtpKeyMaterial;
import org.mcxkms.mikey.wire.ByteString;

/**
 * One master key of a session, found by its MKI (TS 33.180 7.4). The send keys are used under
 * the session's send lock, everything else under its receive lock.
 */
abstract class KeyEntry {
  final int keyId;
  final byte[] sendMki;
  final SessionKeys sendKeys;
  volatile long expiresAtMillis = Long.MAX_VALUE;

  KeyEntry(int keyId, byte[] sendMki, SessionKeys sendKeys) {
    this.keyId = keyId;
    this.sendMki = sendMki;
    this.sendKeys = sendKeys;
  }

  boolean expired(long nowMillis) {
    return nowMillis >= expiresAtMillis;
  }

  /** Whether the MKI at {@code buf[off]} names this key. MKIs are public: a plain compare. */
  abstract boolean matches(byte[] buf, int off);

  /**
   * The receive keys for the MKI at {@code buf[off]}, derived if need be but not yet remembered;
   * null if the MKI names a sender this key does not accept.
   */
  abstract SessionKeys receiveKeys(byte[] buf, int off);

  /**
   * Whether another sender's keys may be derived now: at most {@code perSecond} derivations a
   * second, so that forged MKIs cannot turn the receive path into a key derivation loop.
   */
  boolean mayDerive(long nowMillis, int perSecond) {
    return true;
  }

  /** Remembers keys that {@link #receiveKeys} derived, once a packet authenticated under them. */
  abstract void confirm(byte[] buf, int off, SessionKeys keys);

  abstract void destroy();

  static int int32(byte[] b, int off) {
    return (b[off] & 0xFF) << 24 | (b[off + 1] & 0xFF) << 16 | (b[off + 2] & 0xFF) << 8 | (b[off + 3] & 0xFF);
  }

  /** One master key per direction, the same MKI for everyone: PCK, CSK, MuSiK, MKFC, or given keys. */
  static final class Fixed extends KeyEntry {
    private final byte[] receiveMki;
    private final SessionKeys receiveKeys;

    Fixed(int keyId, SrtpKeyMaterial send, SrtpKeyMaterial receive) {
      this(keyId, send.mki().toByteArray(), SessionKeys.fromMaster(send), receive.mki().toByteArray(),
          SessionKeys.fromMaster(receive));
    }

    Fixed(int keyId, byte[] sendMki, SessionKeys send, byte[] receiveMki, SessionKeys receive) {
      super(keyId, sendMki, send);
      this.receiveMki = receiveMki;
      this.receiveKeys = receive;
    }

    @Override
    boolean matches(byte[] buf, int off) {
      for (int i = 0; i < receiveMki.length; i++) {
        if (buf[off + i] != receiveMki[i]) {
          return false;
        }
      }
      return true;
    }

    @Override
    SessionKeys receiveKeys(byte[] buf, int off) {
      return receiveKeys;
    }

    @Override
    void confirm(byte[] buf, int off, SessionKeys keys) {}

    @Override
    void destroy() {
      sendKeys.destroy();
      receiveKeys.destroy();
    }
  }

  /**
   * A GMK: every member derives its own master key with its GUK-ID as CSB ID (TS 33.180 5.2.3,
   * 7.4) and sends MKI = GMK-ID || GUK-ID, so a receiver derives each sender's keys from the GMK
   * and the GUK-ID in the MKI. Derived keys are kept, up to the policy's sender limit, only after a
   * packet authenticated under them.
   */
  static final class Group extends KeyEntry {
    private final SecretBytes gmk;
    private final ByteString rand;
    private final int receiveCsId;
    private final StreamTable<SessionKeys> senders;
    /** GUK-IDs of the group's members when the session was told them; null accepts any. */
    private volatile int[] members;
    private long windowStartMillis;
    private int derivationsInWindow;

    Group(int gmkId, SecretBytes gmk, ByteString rand, int sendCsId, int receiveCsId, int ownGukId, int maxSenders) {
      super(gmkId, MikeyKdf.gmkMki(gmkId, ownGukId).toByteArray(),
          SessionKeys.fromMaster(MikeyKdf.srtp(gmk, sendCsId, ownGukId, rand, ByteString.EMPTY)));
      this.gmk = gmk;
      this.rand = rand;
      this.receiveCsId = receiveCsId;
      this.senders = new StreamTable<>(maxSenders);
    }

    @Override
    boolean matches(byte[] buf, int off) {
      return int32(buf, off) == keyId;
    }

    /** Accepts only these members' GUK-IDs (TS 33.180 5.2.3: GUK-ID = GMK-ID XOR the member's User Salt). */
    void restrictTo(List<String> memberUris) {
      int[] ids = new int[memberUris.size()];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = MikeyKdf.gukId(gmk, keyId, memberUris.get(i));
      }
      members = ids;
    }

    @Override
    SessionKeys receiveKeys(byte[] buf, int off) {
      int gukId = int32(buf, off + 4);
      SessionKeys k = senders.get(gukId);
      if (k != null) {
        return k;
      }
      if (!isMember(buf, off)) {
        return null;
      }
      SrtpKeyMaterial m = MikeyKdf.srtp(gmk, receiveCsId, gukId, rand, ByteString.EMPTY);
      try {
        return SessionKeys.fromMaster(m);
      } finally {
        m.masterKey().destroy();
        m.masterSalt().destroy();
      }
    }

    @Override
    boolean mayDerive(long nowMillis, int perSecond) {
      if (nowMillis - windowStartMillis >= 1000 || nowMillis < windowStartMillis) {
        windowStartMillis = nowMillis;
        derivationsInWindow = 0;
      }
      return derivationsInWindow++ < perSecond;
    }

    /** Whether the GUK-ID at {@code buf[off + 4]} is a member's, or no member list was given. */
    boolean isMember(byte[] buf, int off) {
      int[] allowed = members;
      if (allowed == null) {
        return true;
      }
      int gukId = int32(buf, off + 4);
      for (int a : allowed) {
        if (a == gukId) {
          return true;
        }
      }
      return false;
    }

    /** Whether the keys of the sender named at {@code buf[off]} are already known. */
    boolean knows(byte[] buf, int off) {
      return senders.get(int32(buf, off + 4)) != null;
    }

    @Override
    void confirm(byte[] buf, int off, SessionKeys keys) {
      int gukId = int32(buf, off + 4);
      if (senders.get(gukId) == null) {
        SessionKeys old = senders.putEvicting(gukId, keys);
        if (old != null) {
          old.destroy();
        }
      }
    }

    @Override
    void destroy() {
      sendKeys.destroy();
      for (int i = 0; i < senders.size(); i++) {
        senders.valueAt(i).destroy();
      }
    }
  }
}

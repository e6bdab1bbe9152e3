package org.mcxkms.media.srtp;

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

  /** The receive keys for the MKI at {@code buf[off]}, derived if need be but not yet remembered. */
  abstract SessionKeys receiveKeys(byte[] buf, int off);

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

    @Override
    SessionKeys receiveKeys(byte[] buf, int off) {
      int gukId = int32(buf, off + 4);
      SessionKeys k = senders.get(gukId);
      if (k != null) {
        return k;
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

package org.mcxkms.kms.server.audit;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.crypto.SecretBytes;
import org.mcxkms.kms.server.domain.SecurityDomain;
import org.mcxkms.kms.server.seal.SealException;
import org.mcxkms.kms.server.store.AuditChain;
import org.mcxkms.kms.server.store.AuditRecord;
import org.mcxkms.kms.server.store.KmsStore;

/**
 * The key that chains the audit trail: HMAC-SHA256 (RFC 2104) over each record and the MAC of the
 * record before it, so a changed, inserted or deleted record breaks the chain. The key is random,
 * generated once per domain and kept in the database sealed under the KEK exactly like a TrK/InK
 * (AES-256-GCM bound to the domain and the seal ID {@value #SEAL_ID}, which holds spaces and so is
 * never the ID of a client key). Someone with write access to the database but not the KEK can
 * delete or alter records, but cannot make the chain verify afterwards.
 *
 * <pre>
 * mac = HMAC-SHA256(key, "mcx-kms audit v1" || seq || previous mac || at (epoch microseconds) ||
 *                   request id || node || caller || action || identity || period || outcome || detail)
 * </pre>
 * each field as a 4-octet length (-1 for absent) followed by its UTF-8 octets.
 */
public final class AuditKey implements AuditChain {
  static final String SEAL_ID = SecurityDomain.AUDIT_CHAIN_SEAL_ID;
  private static final int LENGTH = 32;

  private final SecretBytes key;
  private final ThreadLocal<Mac> macs;

  private AuditKey(SecretBytes key) {
    this.key = key;
    this.macs = ThreadLocal.withInitial(this::newMac);
  }

  /** The domain's chain key, generated and stored sealed on first use (the first node wins). */
  public static AuditKey openOrCreate(KmsStore store, SecurityDomain domain, SecureRandom random) throws SealException {
    var sealed = store.auditKey();
    if (sealed.isEmpty()) {
      byte[] b = new byte[LENGTH];
      random.nextBytes(b);
      SecretBytes fresh = SecretBytes.copyOf(b, SecretAccess.get());
      Arrays.fill(b, (byte) 0);
      if (store.createAuditKey(domain.sealProtectionKey(SEAL_ID, fresh))) {
        return new AuditKey(fresh);
      }
      fresh.destroy();
      sealed = store.auditKey(); // another node stored its key first
    }
    return new AuditKey(domain.openProtectionKey(SEAL_ID, sealed.orElseThrow(), LENGTH));
  }

  /** A key of this process only (tests, tools): its chain verifies with this instance alone. */
  public static AuditKey ephemeral(SecureRandom random) {
    byte[] b = new byte[LENGTH];
    random.nextBytes(b);
    try {
      return new AuditKey(SecretBytes.copyOf(b, SecretAccess.get()));
    } finally {
      Arrays.fill(b, (byte) 0);
    }
  }

  private Mac newMac() {
    byte[] b = key.toByteArray(SecretAccess.get());
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(b, "HmacSHA256"));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    } finally {
      Arrays.fill(b, (byte) 0);
    }
  }

  @Override
  public String link(long seq, String previousMac, AuditRecord r) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream(256);
    try (DataOutputStream out = new DataOutputStream(buf)) {
      field(out, "mcx-kms audit v1");
      field(out, Long.toString(seq));
      field(out, previousMac);
      field(out, Long.toString(r.at().getEpochSecond() * 1_000_000L + r.at().getNano() / 1000));
      field(out, r.requestId());
      field(out, r.node());
      field(out, r.caller());
      field(out, r.action());
      field(out, r.identity());
      field(out, r.period() == null ? null : Long.toString(r.period()));
      field(out, r.outcome());
      field(out, r.detail());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return HexFormat.of().formatHex(macs.get().doFinal(buf.toByteArray()));
  }

  /** Authenticates the retention anchor: the number and MAC of the last deleted record. */
  public String anchorTag(long seq, String mac) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream(128);
    try (DataOutputStream out = new DataOutputStream(buf)) {
      field(out, "mcx-kms audit anchor v1");
      field(out, Long.toString(seq));
      field(out, mac);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return HexFormat.of().formatHex(macs.get().doFinal(buf.toByteArray()));
  }

  /** Constant-time comparison of two MACs in hex. */
  static boolean same(String a, String b) {
    if (a == null || b == null) {
      return false;
    }
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
  }

  private static void field(DataOutputStream out, String s) throws IOException {
    if (s == null) {
      out.writeInt(-1);
      return;
    }
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  @Override
  public String toString() {
    return "AuditKey[redacted]";
  }
}

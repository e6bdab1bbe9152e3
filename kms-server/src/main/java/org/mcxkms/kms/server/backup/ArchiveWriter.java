package org.mcxkms.kms.server.backup;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.crypto.SecretBytes;
import org.mcxkms.kms.server.store.AuditRecord;
import org.mcxkms.kms.server.store.AuditRow;
import org.mcxkms.kms.server.store.AuditTrail;
import org.mcxkms.kms.server.store.CertificateRecord;
import org.mcxkms.kms.server.store.DomainRecord;
import org.mcxkms.kms.server.store.ExternalKmsRecord;
import org.mcxkms.kms.server.store.MigrationKmsRecord;
import org.mcxkms.kms.server.store.GrantRecord;
import org.mcxkms.kms.server.store.IdentityRecord;
import org.mcxkms.kms.server.store.ProtectionKeyRecord;
import org.mcxkms.kms.server.store.RedirectRecord;
import org.mcxkms.kms.server.store.StoreSnapshot;

/** Writes a backup archive ({@link ArchiveFormat}); {@link ArchiveReader} is its reader. */
final class ArchiveWriter {
  private ArchiveWriter() {}

  /** The archive of {@code snapshot} under {@code archiveKey} (sealed in {@code header}). */
  static byte[] write(ArchiveHeader header, StoreSnapshot snapshot, SecretBytes archiveKey, SecureRandom random) {
    try {
      byte[] head = preambleAndHeader(header);
      byte[] plain = snapshot(snapshot);
      byte[] nonce = new byte[ArchiveFormat.NONCE];
      random.nextBytes(nonce);
      byte[] key = archiveKey.toByteArray(SecretAccess.get());
      byte[] ct;
      try {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(ArchiveFormat.TAG * 8, nonce));
        c.updateAAD(head);
        ct = c.doFinal(plain);
      } finally {
        Arrays.fill(key, (byte) 0);
        Arrays.fill(plain, (byte) 0);
      }
      long bodyLength = (long) nonce.length + ct.length;
      if (bodyLength > ArchiveFormat.MAX_BODY) {
        throw new IllegalStateException("the store is too large for one archive (" + bodyLength + " octets)");
      }
      ByteArrayOutputStream buf = new ByteArrayOutputStream(head.length + 4 + (int) bodyLength + ArchiveFormat.CHECKSUM);
      DataOutputStream out = new DataOutputStream(buf);
      out.write(head);
      out.writeInt((int) bodyLength);
      out.write(nonce);
      out.write(ct);
      out.flush();
      out.write(MessageDigest.getInstance("SHA-256").digest(buf.toByteArray()));
      return buf.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM or SHA-256 unavailable", e);
    }
  }

  /** Magic, version, header length and header: the AEAD's associated data. */
  static byte[] preambleAndHeader(ArchiveHeader h) throws IOException {
    ByteArrayOutputStream hb = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(hb);
    string(out, h.archiveId());
    time(out, h.createdAt());
    domain(out, h.domain());
    string(out, h.sealedArchiveKey());
    for (String name : ArchiveFormat.COUNTS) {
      out.writeLong(h.counts().get(name));
    }
    out.flush();
    ByteArrayOutputStream all = new ByteArrayOutputStream(ArchiveFormat.PREAMBLE + hb.size());
    DataOutputStream o = new DataOutputStream(all);
    o.write(ArchiveFormat.MAGIC);
    o.writeShort(ArchiveFormat.VERSION);
    o.writeInt(hb.size());
    hb.writeTo(o);
    o.flush();
    return all.toByteArray();
  }

  private static byte[] snapshot(StoreSnapshot s) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream(4096);
    DataOutputStream out = new DataOutputStream(buf);
    domain(out, s.domain());
    list(out, s.certificates(), ArchiveWriter::certificate);
    list(out, s.identities(), ArchiveWriter::identity);
    list(out, s.grants(), ArchiveWriter::grant);
    list(out, s.protectionKeys(), ArchiveWriter::protectionKey);
    list(out, List.copyOf(s.pendingKeyIds()), ArchiveWriter::string);
    list(out, List.copyOf(s.securityRequired().entrySet()), (o, e) -> {
      string(o, e.getKey());
      o.writeBoolean(e.getValue());
    });
    list(out, s.externalKms(), ArchiveWriter::externalKms);
    list(out, s.migrationKms(), ArchiveWriter::migrationKms);
    out.writeLong(s.externalKmsGeneration());
    list(out, s.redirects(), ArchiveWriter::redirect);
    audit(out, s.audit());
    out.flush();
    return buf.toByteArray();
  }

  private interface Entry<T> {
    void write(DataOutputStream out, T value) throws IOException;
  }

  private static <T> void list(DataOutputStream out, List<T> values, Entry<T> entry) throws IOException {
    out.writeInt(values.size());
    for (T v : values) {
      entry.write(out, v);
    }
  }

  private static void domain(DataOutputStream out, DomainRecord d) throws IOException {
    string(out, d.domainId());
    string(out, d.kmsUri());
    out.writeLong(d.keyPeriodSeconds());
    out.writeLong(d.keyPeriodOffsetSeconds());
    string(out, d.kekKind());
    string(out, d.kekParams());
    string(out, d.kekCheck());
    time(out, d.createdAt());
  }

  private static void certificate(DataOutputStream out, CertificateRecord c) throws IOException {
    out.writeInt(c.number());
    string(out, c.certUri());
    time(out, c.validFrom());
    time(out, c.validTo());
    out.writeBoolean(c.revoked());
    string(out, c.pubEncKeyHex());
    string(out, c.pubAuthKeyHex());
    string(out, c.sealedSecrets());
    time(out, c.createdAt());
  }

  private static void identity(DataOutputStream out, IdentityRecord r) throws IOException {
    string(out, r.uri());
    string(out, r.kind().name());
    string(out, r.status().name());
    time(out, r.createdAt());
    time(out, r.revokedAt());
    optionalLong(out, r.revokedThroughPeriod());
  }

  private static void grant(DataOutputStream out, GrantRecord g) throws IOException {
    string(out, g.serverUri());
    string(out, g.targetUri());
    time(out, g.createdAt());
  }

  private static void protectionKey(DataOutputStream out, ProtectionKeyRecord k) throws IOException {
    string(out, k.keyId());
    string(out, k.identityUri());
    string(out, k.kind());
    string(out, k.sealedKey());
    time(out, k.createdAt());
  }

  private static void externalKms(DataOutputStream out, ExternalKmsRecord e) throws IOException {
    string(out, e.kmsUri());
    string(out, e.certificateXml());
    string(out, e.fingerprint());
    time(out, e.addedAt());
  }

  private static void migrationKms(DataOutputStream out, MigrationKmsRecord m) throws IOException {
    string(out, m.kmsUri());
    string(out, m.kmsUrl());
    string(out, m.tlsPin()); // null is written as length -1
    time(out, m.addedAt());
  }

  private static void redirect(DataOutputStream out, RedirectRecord r) throws IOException {
    string(out, r.digest());
    string(out, r.uploadedBy());
    string(out, r.processorUri());
    string(out, r.initiatorUri());
    string(out, r.receiverUri());
    string(out, r.rejectedKmsUri());
    list(out, r.acceptedKmsUris(), ArchiveWriter::string);
    out.writeInt(r.nested());
    time(out, r.krrTime());
    time(out, r.receivedAt());
    string(out, r.document());
  }

  private static void audit(DataOutputStream out, AuditTrail t) throws IOException {
    string(out, t.sealedKey());
    out.writeLong(t.headSeq());
    string(out, t.headMac());
    out.writeLong(t.anchorSeq());
    string(out, t.anchorMac());
    string(out, t.anchorTag());
    list(out, t.records(), (o, row) -> {
      optionalLong(o, row.seq());
      AuditRecord r = row.record();
      time(o, r.at());
      string(o, r.requestId());
      string(o, r.node());
      string(o, r.caller());
      string(o, r.action());
      string(o, r.identity());
      optionalLong(o, r.period());
      string(o, r.outcome());
      string(o, r.detail());
      string(o, row.previousMac());
      string(o, row.mac());
    });
  }

  static void string(DataOutputStream out, String s) throws IOException {
    if (s == null) {
      out.writeInt(-1);
      return;
    }
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static void time(DataOutputStream out, Instant t) throws IOException {
    out.writeLong(t == null ? Long.MIN_VALUE : Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L),
        t.getNano() / 1000));
  }

  private static void optionalLong(DataOutputStream out, Long v) throws IOException {
    out.writeBoolean(v != null);
    if (v != null) {
      out.writeLong(v);
    }
  }
}

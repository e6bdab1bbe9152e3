package org.mcxkms.kms.server.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.crypto.SecretBytes;
import org.mcxkms.kms.server.store.AuditTrail;
import org.mcxkms.kms.server.store.CertificateRecord;
import org.mcxkms.kms.server.store.DomainRecord;
import org.mcxkms.kms.server.store.MigrationKmsRecord;
import org.mcxkms.kms.server.store.StoreSnapshot;

/**
 * The archive format as documented in {@link ArchiveFormat}, octet by octet: an archive built here
 * by hand (not by {@link ArchiveWriter}) is read by {@link ArchiveReader}, and the writer's header
 * octets are the hand-built ones. A writer and reader sharing a bug would not pass both.
 */
class ArchiveFormatTest {
  private static final Instant T = Instant.parse("2026-05-06T07:08:09.123456Z");
  private static final long T_MICROS = 1778051289123456L;
  private static final DomainRecord DOMAIN = new DomainRecord("dom-1", "kms.example", 2592000, 0, "keyfile", "keyfile",
      "00ff", T);
  private static final CertificateRecord CERT = new CertificateRecord(1, "urn:c:1", T, T.plusSeconds(1), false, "04aa",
      "04bb", "v1.sealed", T);

  /** The documented encodings: string = length (4) || UTF-8, time = epoch microseconds (8). */
  private static void string(DataOutputStream o, String s) throws Exception {
    if (s == null) {
      o.writeInt(-1);
      return;
    }
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    o.writeInt(b.length);
    o.write(b);
  }

  private static void domain(DataOutputStream o) throws Exception {
    string(o, "dom-1");
    string(o, "kms.example");
    o.writeLong(2592000);
    o.writeLong(0);
    string(o, "keyfile");
    string(o, "keyfile");
    string(o, "00ff");
    o.writeLong(T_MICROS);
  }

  private static byte[] handHeader(Map<String, Long> counts) throws Exception {
    ByteArrayOutputStream h = new ByteArrayOutputStream();
    DataOutputStream o = new DataOutputStream(h);
    string(o, "archive-1");
    o.writeLong(T_MICROS);
    domain(o);
    string(o, "v1.sealed-archive-key");
    for (long n : counts.values()) {
      o.writeLong(n);
    }
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    DataOutputStream a = new DataOutputStream(all);
    a.write("MCXKMSBK".getBytes(StandardCharsets.US_ASCII));
    a.writeShort(1);
    a.writeInt(h.size());
    a.write(h.toByteArray());
    return all.toByteArray();
  }

  private static Map<String, Long> counts() {
    Map<String, Long> c = new LinkedHashMap<>();
    c.put("certificates", 1L);
    c.put("identities", 0L);
    c.put("grants", 0L);
    c.put("protection_keys", 0L);
    c.put("external_kms", 0L);
    c.put("migration_kms", 1L);
    c.put("redirects", 0L);
    c.put("audit_records", 0L);
    return c;
  }

  @Test
  void theWriterWritesTheDocumentedHeader() throws Exception {
    ArchiveHeader h = new ArchiveHeader("archive-1", T, DOMAIN, "v1.sealed-archive-key", counts());
    assertThat(ArchiveWriter.preambleAndHeader(h)).isEqualTo(handHeader(counts()));
  }

  @Test
  void theReaderReadsAHandBuiltArchive() throws Exception {
    byte[] head = handHeader(counts());
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    DataOutputStream o = new DataOutputStream(body);
    domain(o);
    o.writeInt(1); // certificates
    o.writeInt(1);
    string(o, "urn:c:1");
    o.writeLong(T_MICROS);
    o.writeLong(T_MICROS + 1_000_000);
    o.writeBoolean(false);
    string(o, "04aa");
    string(o, "04bb");
    string(o, "v1.sealed");
    o.writeLong(T_MICROS);
    for (int i = 0; i < 6; i++) {
      o.writeInt(0); // identities, grants, keys, pending IDs, policy, External KMS
    }
    o.writeInt(1); // Migration KMSs
    string(o, "kms.partner.example.org");
    string(o, "https://kms.partner.example.org:8443");
    string(o, null); // no TLS pin
    o.writeLong(T_MICROS);
    o.writeLong(3); // External KMS generation
    o.writeInt(0); // KMS Redirect Responses
    string(o, null); // no audit key yet
    o.writeLong(0);
    string(o, "");
    o.writeLong(0);
    string(o, "");
    string(o, "");
    o.writeInt(0); // audit records

    byte[] key = new byte[32];
    Arrays.fill(key, (byte) 7);
    byte[] nonce = new byte[12];
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
    c.updateAAD(head);
    byte[] ct = c.doFinal(body.toByteArray());
    ByteArrayOutputStream archive = new ByteArrayOutputStream();
    DataOutputStream a = new DataOutputStream(archive);
    a.write(head);
    a.writeInt(12 + ct.length);
    a.write(nonce);
    a.write(ct);
    a.write(MessageDigest.getInstance("SHA-256").digest(archive.toByteArray()));

    ArchiveReader.Parsed p = ArchiveReader.parse(archive.toByteArray());
    assertThat(p.header()).isEqualTo(new ArchiveHeader("archive-1", T, DOMAIN, "v1.sealed-archive-key", counts()));
    StoreSnapshot s = p.decrypt(SecretBytes.copyOf(key, SecretAccess.get()));
    assertThat(s).isEqualTo(new StoreSnapshot(DOMAIN, List.of(CERT), List.of(), List.of(), List.of(), Set.of(),
        new TreeMap<>(), List.of(),
        List.of(new MigrationKmsRecord("kms.partner.example.org", "https://kms.partner.example.org:8443", null, T)), 3,
        List.of(), new AuditTrail(null, 0, "", 0, "", "", List.of())));

    // And the writer's archive of that snapshot reads back the same under a random key and nonce.
    SecretBytes k2 = SecretBytes.random(32, new SecureRandom());
    byte[] written = ArchiveWriter.write(p.header(), s, k2, new SecureRandom());
    assertThat(ArchiveReader.parse(written).decrypt(k2)).isEqualTo(s);
  }
}

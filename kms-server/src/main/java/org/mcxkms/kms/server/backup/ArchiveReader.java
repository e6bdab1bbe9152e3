package org.mcxkms.kms.server.backup;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.crypto.SecretBytes;
import org.mcxkms.crypto.uid.KeyPeriodPolicy;
import org.mcxkms.kms.server.store.AuditRecord;
import org.mcxkms.kms.server.store.AuditRow;
import org.mcxkms.kms.server.store.AuditTrail;
import org.mcxkms.kms.server.store.CertificateRecord;
import org.mcxkms.kms.server.store.DomainRecord;
import org.mcxkms.kms.server.store.ExternalKmsRecord;
import org.mcxkms.kms.server.store.MigrationKmsRecord;
import org.mcxkms.kms.server.store.GrantRecord;
import org.mcxkms.kms.server.store.IdentityKind;
import org.mcxkms.kms.server.store.IdentityRecord;
import org.mcxkms.kms.server.store.IdentityStatus;
import org.mcxkms.kms.server.store.ProtectionKeyRecord;
import org.mcxkms.kms.server.store.RedirectRecord;
import org.mcxkms.kms.server.store.StoreSnapshot;

/**
 * Reads a backup archive ({@link ArchiveFormat}) in two steps: {@link #parse} checks the framing
 * and the checksum and reads the clear header; {@link Parsed#decrypt} authenticates and decrypts the
 * body with the archive key, then decodes the snapshot. Every length is checked against what
 * remains before anything is allocated.
 */
final class ArchiveReader {
  private ArchiveReader() {}

  /** A framed archive: its clear header, the octets authenticated with it and the encrypted body. */
  record Parsed(ArchiveHeader header, byte[] associatedData, byte[] body) {
    /** Authenticates and decrypts the body; TAMPERED if it does not authenticate under {@code archiveKey}. */
    StoreSnapshot decrypt(SecretBytes archiveKey) throws BackupException {
      byte[] key = archiveKey.toByteArray(SecretAccess.get());
      byte[] plain;
      try {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"),
            new GCMParameterSpec(ArchiveFormat.TAG * 8, body, 0, ArchiveFormat.NONCE));
        c.updateAAD(associatedData);
        plain = c.doFinal(body, ArchiveFormat.NONCE, body.length - ArchiveFormat.NONCE);
      } catch (AEADBadTagException e) {
        throw new BackupException(BackupError.TAMPERED, "the archive contents fail authentication: the archive was"
            + " altered after it was written");
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("AES-GCM unavailable", e);
      } finally {
        Arrays.fill(key, (byte) 0);
      }
      try {
        return snapshot(new In(plain, "the archive contents"));
      } finally {
        Arrays.fill(plain, (byte) 0);
      }
    }
  }

  static Parsed parse(byte[] a) throws BackupException {
    int magic = ArchiveFormat.MAGIC.length;
    if (a.length < magic && Arrays.equals(a, 0, a.length, ArchiveFormat.MAGIC, 0, a.length)) {
      throw new BackupException(BackupError.TRUNCATED, a.length == 0 ? "the archive is empty (0 octets)"
          : "the archive is truncated: it ends in the magic (" + a.length + " octets)");
    }
    if (a.length < magic || !Arrays.equals(a, 0, magic, ArchiveFormat.MAGIC, 0, magic)) {
      throw new BackupException(BackupError.NOT_AN_ARCHIVE, "not an MCX KMS backup archive (it does not start with "
          + new String(ArchiveFormat.MAGIC, StandardCharsets.US_ASCII) + ")");
    }
    ByteBuffer b = ByteBuffer.wrap(a);
    b.position(magic);
    need(b, 2, "the format version");
    int version = Short.toUnsignedInt(b.getShort());
    if (version != ArchiveFormat.VERSION) {
      throw new BackupException(BackupError.UNSUPPORTED_VERSION, "the archive has format version " + version
          + "; this KMS reads version " + ArchiveFormat.VERSION + " only");
    }
    need(b, 4, "the header length");
    int headerLength = b.getInt();
    if (headerLength < 0 || headerLength > ArchiveFormat.MAX_HEADER) {
      throw new BackupException(BackupError.MALFORMED, "the header length " + Integer.toUnsignedString(headerLength)
          + " exceeds " + ArchiveFormat.MAX_HEADER);
    }
    need(b, headerLength, "the header");
    int headerStart = b.position();
    b.position(headerStart + headerLength);
    need(b, 4, "the body length");
    int bodyLength = b.getInt();
    if (bodyLength < ArchiveFormat.NONCE + ArchiveFormat.TAG || bodyLength > ArchiveFormat.MAX_BODY) {
      throw new BackupException(BackupError.MALFORMED, "the body length " + Integer.toUnsignedString(bodyLength)
          + " is outside " + (ArchiveFormat.NONCE + ArchiveFormat.TAG) + ".." + ArchiveFormat.MAX_BODY);
    }
    need(b, bodyLength, "the body");
    int bodyStart = b.position();
    b.position(bodyStart + bodyLength);
    need(b, ArchiveFormat.CHECKSUM, "the checksum");
    int end = b.position() + ArchiveFormat.CHECKSUM;
    if (end != a.length) {
      throw new BackupException(BackupError.MALFORMED, (a.length - end) + " octets follow the checksum");
    }
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(a, 0, b.position());
      if (!MessageDigest.isEqual(sha.digest(), Arrays.copyOfRange(a, b.position(), end))) {
        throw new BackupException(BackupError.DAMAGED, "the archive is damaged: its SHA-256 checksum does not match"
            + " (corrupted in storage or transfer, or altered)");
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
    In h = new In(Arrays.copyOfRange(a, headerStart, headerStart + headerLength), "the archive header");
    String id = h.string("archive ID");
    Instant created = h.requiredTime("created at");
    DomainRecord domain = domain(h);
    String sealed = h.string("sealed archive key");
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String name : ArchiveFormat.COUNTS) {
      counts.put(name, h.count(name));
    }
    h.end();
    ArchiveHeader header;
    try {
      header = new ArchiveHeader(id, created, domain, sealed, counts);
    } catch (RuntimeException e) {
      throw new BackupException(BackupError.MALFORMED, "the archive header is invalid: " + e.getMessage());
    }
    return new Parsed(header, Arrays.copyOfRange(a, 0, headerStart + headerLength),
        Arrays.copyOfRange(a, bodyStart, bodyStart + bodyLength));
  }

  private static void need(ByteBuffer b, int n, String what) throws BackupException {
    if (b.remaining() < n) {
      throw new BackupException(BackupError.TRUNCATED, "the archive is truncated: it ends in " + what + " ("
          + b.limit() + " octets; " + (n - b.remaining()) + " more needed)");
    }
  }

  private static DomainRecord domain(In in) throws BackupException {
    String id = in.string("domain ID");
    String kmsUri = in.string("KmsUri");
    long period = in.longValue("key period");
    long offset = in.longValue("key period offset");
    String kekKind = in.string("KEK kind");
    String kekParams = in.string("KEK parameters");
    String kekCheck = in.string("KEK check value");
    Instant created = in.requiredTime("domain created at");
    return in.build("the domain", () -> {
      KeyPeriodPolicy.of(period, offset); // the rule every UID is made with: must be one a KMS accepts
      return new DomainRecord(id, kmsUri, period, offset, kekKind, kekParams, kekCheck, created);
    });
  }

  private static StoreSnapshot snapshot(In in) throws BackupException {
    DomainRecord domain = domain(in);
    List<CertificateRecord> certs = in.list("certificates", () -> {
      int number = in.intValue("certificate number");
      String uri = in.string("CertUri");
      Instant from = in.requiredTime("valid from");
      Instant to = in.requiredTime("valid to");
      boolean revoked = in.bool("revoked");
      String enc = in.string("PubEncKey");
      String auth = in.string("PubAuthKey");
      String sealed = in.string("sealed master secrets");
      Instant created = in.requiredTime("created at");
      return in.build("certificate " + number, () -> new CertificateRecord(number, uri, from, to, revoked, enc, auth,
          sealed, created));
    });
    List<IdentityRecord> identities = in.list("identities", () -> {
      String uri = in.string("identity URI");
      String kind = in.string("identity kind");
      String status = in.string("identity status");
      Instant created = in.requiredTime("created at");
      Instant revokedAt = in.time("revoked at");
      Long through = in.optionalLong("revoked through period");
      return in.build("identity " + uri, () -> new IdentityRecord(uri, IdentityKind.valueOf(kind),
          IdentityStatus.valueOf(status), created, revokedAt, through));
    });
    List<GrantRecord> grants = in.list("grants", () -> {
      String server = in.string("grant server");
      String target = in.string("grant target");
      Instant created = in.requiredTime("created at");
      return in.build("a grant", () -> new GrantRecord(server, target, created));
    });
    List<ProtectionKeyRecord> keys = in.list("protection keys", () -> {
      String id = in.string("key ID");
      String uri = in.string("key identity");
      String kind = in.string("key kind");
      String sealed = in.string("sealed key");
      Instant created = in.requiredTime("created at");
      return in.build("key " + id, () -> new ProtectionKeyRecord(id, uri, kind, sealed, created));
    });
    List<String> pending = in.list("pending key IDs", () -> in.string("pending key ID"));
    SortedMap<String, Boolean> required = new TreeMap<>();
    in.list("security policy", () -> {
      String uri = in.string("policy identity");
      required.put(uri, in.bool("required"));
      return uri;
    });
    List<ExternalKmsRecord> external = in.list("External KMS certificates", () -> {
      String uri = in.string("External KmsUri");
      String xml = in.string("External KMS certificate");
      String fingerprint = in.string("fingerprint");
      Instant added = in.requiredTime("added at");
      return in.build("External KMS " + uri, () -> new ExternalKmsRecord(uri, xml, fingerprint, added));
    });
    List<MigrationKmsRecord> migration = in.list("Migration KMSs", () -> {
      String uri = in.string("Migration KmsUri");
      String url = in.string("Migration KMS URL");
      String pin = in.optionalString("Migration KMS TLS pin");
      Instant added = in.requiredTime("added at");
      return in.build("Migration KMS " + uri, () -> new MigrationKmsRecord(uri, url, pin, added));
    });
    long generation = in.longValue("External KMS generation");
    List<RedirectRecord> redirects = in.list("KMS Redirect Responses", () -> {
      String digest = in.string("KRR digest");
      String uploadedBy = in.string("KRR uploaded by");
      String processor = in.string("KRR processor");
      String initiator = in.string("KRR initiator");
      String receiver = in.string("KRR receiver");
      String rejected = in.string("KRR rejected KMS");
      List<String> accepted = in.list("KRR accepted KMSs", () -> in.string("KRR accepted KMS"));
      int nested = in.intValue("KRR nested");
      Instant krrTime = in.requiredTime("KRR time");
      Instant received = in.requiredTime("KRR received at");
      String document = in.string("KRR document");
      return in.build("KRR " + digest, () -> new RedirectRecord(0, digest, uploadedBy, processor, initiator, receiver,
          rejected, accepted, nested, krrTime, received, document));
    });
    String auditKey = in.optionalString("sealed audit chain key");
    long headSeq = in.longValue("audit head");
    String headMac = in.string("audit head MAC");
    long anchorSeq = in.longValue("audit anchor");
    String anchorMac = in.string("audit anchor MAC");
    String anchorTag = in.string("audit anchor tag");
    List<AuditRow> rows = in.list("audit records", () -> {
      Long seq = in.optionalLong("audit number");
      Instant at = in.requiredTime("audit time");
      String rid = in.string("request ID");
      String node = in.optionalString("node");
      String caller = in.optionalString("caller");
      String action = in.string("action");
      String identity = in.optionalString("identity");
      Long period = in.optionalLong("period");
      String outcome = in.string("outcome");
      String detail = in.optionalString("detail");
      String prev = in.optionalString("previous MAC");
      String mac = in.optionalString("MAC");
      return in.build("audit record " + seq, () -> new AuditRow(seq,
          new AuditRecord(at, rid, node, caller, action, identity, period, outcome, detail), prev, mac));
    });
    in.end();
    AuditTrail trail = in.build("the audit trail", () -> new AuditTrail(auditKey, headSeq, headMac, anchorSeq,
        anchorMac, anchorTag, rows));
    return in.build("the snapshot", () -> new StoreSnapshot(domain, certs, identities, grants, keys,
        new TreeSet<>(pending), required, external, migration, generation, redirects, trail));
  }

  /** A bounded cursor over octets; every failure is MALFORMED and names the field. */
  private static final class In {
    private final ByteBuffer b;
    private final String where;

    In(byte[] bytes, String where) {
      this.b = ByteBuffer.wrap(bytes);
      this.where = where;
    }

    interface Item<T> {
      T read() throws BackupException;
    }

    interface Make<T> {
      T make();
    }

    private BackupException malformed(String message) {
      return new BackupException(BackupError.MALFORMED, where + ": " + message);
    }

    private void need(int n, String field) throws BackupException {
      if (b.remaining() < n) {
        throw malformed("ends in " + field);
      }
    }

    int intValue(String field) throws BackupException {
      need(4, field);
      return b.getInt();
    }

    long longValue(String field) throws BackupException {
      need(8, field);
      return b.getLong();
    }

    boolean bool(String field) throws BackupException {
      need(1, field);
      byte v = b.get();
      if (v != 0 && v != 1) {
        throw malformed(field + " is " + v + ", not a boolean");
      }
      return v == 1;
    }

    Long optionalLong(String field) throws BackupException {
      return bool(field + " present") ? longValue(field) : null;
    }

    long count(String field) throws BackupException {
      long n = longValue(field + " count");
      if (n < 0) {
        throw malformed(field + " count " + n + " is negative");
      }
      return n;
    }

    String optionalString(String field) throws BackupException {
      int n = intValue(field + " length");
      if (n == -1) {
        return null;
      }
      if (n < 0 || n > b.remaining()) {
        throw malformed(field + " length " + n + " exceeds the " + b.remaining() + " octets left");
      }
      byte[] s = new byte[n];
      b.get(s);
      try {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(s)).toString();
      } catch (CharacterCodingException e) {
        throw malformed(field + " is not UTF-8");
      }
    }

    String string(String field) throws BackupException {
      String s = optionalString(field);
      if (s == null) {
        throw malformed(field + " is missing");
      }
      return s;
    }

    Instant time(String field) throws BackupException {
      long micros = longValue(field);
      if (micros == Long.MIN_VALUE) {
        return null;
      }
      return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
    }

    Instant requiredTime(String field) throws BackupException {
      Instant t = time(field);
      if (t == null) {
        throw malformed(field + " is missing");
      }
      return t;
    }

    <T> List<T> list(String field, Item<T> item) throws BackupException {
      int n = intValue(field + " count");
      // every entry takes at least one octet: a count beyond what is left is a lie
      if (n < 0 || n > b.remaining()) {
        throw malformed(field + " count " + n + " exceeds the " + b.remaining() + " octets left");
      }
      List<T> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        out.add(item.read());
      }
      return out;
    }

    <T> T build(String what, Make<T> make) throws BackupException {
      try {
        return make.make();
      } catch (RuntimeException e) {
        throw malformed(what + " is invalid: " + e.getMessage());
      }
    }

    void end() throws BackupException {
      if (b.hasRemaining()) {
        throw malformed(b.remaining() + " octets follow the last field");
      }
    }
  }
}

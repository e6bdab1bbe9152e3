package org.mcxkms.kms.client.profile;

import java.net.URI;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.crypto.SecretBytes;
import org.mcxkms.crypto.uid.Uid;
import org.mcxkms.kms.client.internal.BinaryReader.FormatException;
import org.mcxkms.kms.client.internal.BinaryReader;
import org.mcxkms.kms.client.internal.BinaryWriter;
import org.mcxkms.kms.client.trust.CertificateFingerprint;
import org.mcxkms.kms.client.trust.TlsTrust;
import org.mcxkms.kms.protocol.KmsCertificate;
import org.mcxkms.kms.protocol.MigrationKms;
import org.mcxkms.kms.protocol.security.ProtectionKey;

/**
 * The sealed payload of a profile (inside {@link ProfileFile}): one writer and one reader of
 * {@link ProfileState}. Big-endian; strings are 2-octet length + UTF-8; octet strings 4-octet
 * length + octets; optional values a 0/1 octet first; times 8-octet epoch seconds + 4-octet nanos.
 *
 * <pre>
 *   payload version 2 (= 2; version 1 has no Migration KMS list and is read with an empty one)
 *   settings      kmsUrl, userUri, opt kmsUri, TLS trust (1 = pin: 32 octets; 2 = count 2, DER each),
 *                 keepPastPeriods 2, opt clientId, opt deviceId
 *   certificate   opt pinned Root certificate; count 2, earlier pins
 *   cert cache    opt CacheNum 8; count 2, certificates
 *   identities    count 2, URIs
 *   key sets      count 4; each: userUri, period 8, UID 32, certificate fingerprint 32,
 *                 RSK 257, SSK 32, PVT 65, validFrom, validTo, fetchedAt
 *   TrK/InK       count 2; each: kind 1 (1 TrK, 2 InK), ID, key 32, current 1, addedAt
 *   refresh       opt lastSuccess, opt lastAttempt, opt lastError, failures 4, opt nextAttempt,
 *                 opt KMS clock offset in ms 8
 *   migration     count 2; each: KMS URI, KMS URL, opt TLS pin (hex)          (since version 2)
 * </pre>
 */
final class ProfileCodec {
  static final int PAYLOAD_VERSION = 2;
  /** The version before the Migration KMS list; still read. */
  static final int PAYLOAD_VERSION_1 = 1;
  private static final int MAX_CERT_DER = 64 * 1024;
  private static final int MAX_ITEMS = 100_000;

  private ProfileCodec() {}

  static byte[] write(ProfileState s) {
    BinaryWriter w = new BinaryWriter();
    try {
      w.u16(PAYLOAD_VERSION);
      ProfileSettings p = s.settings();
      w.string(p.kmsUrl().toString()).string(p.userUri()).optString(p.kmsUri().orElse(null));
      if (p.tls().kind() == TlsTrust.Kind.PINNED) {
        w.u8(1).raw(p.tls().pin());
      } else {
        w.u8(2).u16(p.tls().anchors().size());
        for (X509Certificate c : p.tls().anchors()) {
          try {
            w.bytes(c.getEncoded());
          } catch (CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode a trust anchor", e);
          }
        }
      }
      w.u16(p.keepPastPeriods()).optString(p.clientId().orElse(null)).optString(p.deviceId().orElse(null));

      w.bool(s.certificate() != null);
      if (s.certificate() != null) {
        certificate(w, s.certificate());
      }
      w.u16(s.previousCertificates().size());
      s.previousCertificates().forEach(c -> certificate(w, c));
      w.optLong(s.certCacheNum());
      w.u16(s.certCache().size());
      s.certCache().forEach(c -> certificate(w, c));

      w.u16(s.identities().size());
      s.identities().forEach(w::string);

      w.u32(s.keySets().size());
      for (ProfileState.KeySet k : s.keySets()) {
        w.string(k.userUri()).i64(k.period()).raw(k.uid().toByteArray()).raw(k.certificate().toByteArray());
        secret(w, k.rsk());
        secret(w, k.ssk());
        w.raw(k.pvt()).instant(k.validFrom()).instant(k.validTo()).instant(k.fetchedAt());
      }

      w.u16(s.protectionKeys().size());
      for (ProfileState.ProtectionKeyEntry e : s.protectionKeys()) {
        w.u8(e.key().kind() == ProtectionKey.Kind.TRANSPORT ? 1 : 2).string(e.key().id());
        secret(w, e.key().secret());
        w.bool(e.current()).instant(e.addedAt());
      }

      RefreshRecord r = s.refresh();
      w.optInstant(r.lastSuccess()).optInstant(r.lastAttempt()).optString(r.lastError()).u32(r.consecutiveFailures())
          .optInstant(r.nextAttempt()).optLong(r.kmsClockOffset() == null ? null : r.kmsClockOffset().toMillis());
      w.u16(s.migrationKmss().size());
      for (MigrationKms m : s.migrationKmss()) {
        w.string(m.kmsUri()).string(m.kmsUrl().toString()).optString(m.tlsPin().orElse(null));
      }
      return w.toByteArray();
    } finally {
      w.erase();
    }
  }

  private static void secret(BinaryWriter w, SecretBytes s) {
    byte[] b = s.toByteArray(SecretAccess.get());
    try {
      w.raw(b);
    } finally {
      Arrays.fill(b, (byte) 0);
    }
  }

  private static SecretBytes secret(BinaryReader r, int length, String field) throws FormatException {
    byte[] b = r.raw(length, field);
    try {
      return SecretBytes.copyOf(b, SecretAccess.get());
    } finally {
      Arrays.fill(b, (byte) 0);
    }
  }

  private static void certificate(BinaryWriter w, KmsCertificate c) {
    w.string(c.version()).optString(c.id().orElse(null))
        .u8(c.role().map(role -> role == KmsCertificate.Role.ROOT ? 1 : 2).orElse(0)).bool(c.isSecurityGateway())
        .optString(c.certUri().orElse(null)).string(c.kmsUri()).optString(c.issuer().orElse(null))
        .optInstant(c.validFrom().orElse(null)).optInstant(c.validTo().orElse(null)).bool(c.revoked())
        .string(c.userIdFormat()).i64(c.userKeyPeriod()).i64(c.userKeyOffset()).bytes(c.pubEncKey())
        .bytes(c.pubAuthKey()).optLong(c.parameterSet().map(Integer::longValue).orElse(null));
    w.u16(c.kmsDomains().size());
    c.kmsDomains().forEach(w::string);
  }

  private static KmsCertificate certificate(BinaryReader r) throws FormatException {
    KmsCertificate.Builder b = KmsCertificate.builder().version(r.string("certificate version"))
        .id(r.optString("certificate Id"));
    int role = r.u8("certificate role");
    if (role > 2) {
      throw new FormatException("certificate role: unknown value " + role);
    }
    b.role(role == 0 ? null : role == 1 ? KmsCertificate.Role.ROOT : KmsCertificate.Role.EXTERNAL)
        .securityGateway(r.bool("IsSecurityGateway")).certUri(r.optString("CertUri")).kmsUri(r.string("KmsUri"))
        .issuer(r.optString("Issuer")).validFrom(r.optInstant("ValidFrom")).validTo(r.optInstant("ValidTo"))
        .revoked(r.bool("Revoked")).userIdFormat(r.string("UserIdFormat")).userKeyPeriod(r.i64("UserKeyPeriod"))
        .userKeyOffset(r.i64("UserKeyOffset")).pubEncKey(r.bytes(KmsCertificate.PUB_ENC_KEY_LENGTH, "PubEncKey"))
        .pubAuthKey(r.bytes(KmsCertificate.PUB_AUTH_KEY_LENGTH, "PubAuthKey"));
    Long ps = r.optLong("ParameterSet");
    b.parameterSet(ps == null ? null : Math.toIntExact(ps));
    int n = r.u16("KmsDomain count");
    for (int i = 0; i < n; i++) {
      b.addKmsDomain(r.string("KmsDomain"));
    }
    try {
      return b.build();
    } catch (IllegalStateException | ArithmeticException e) {
      throw new FormatException("certificate: " + e.getMessage());
    }
  }

  static ProfileState read(byte[] payload) throws FormatException {
    BinaryReader r = new BinaryReader(payload);
    int version = r.u16("payload version");
    if (version != PAYLOAD_VERSION && version != PAYLOAD_VERSION_1) {
      throw new FormatException("payload version " + version + " is not supported");
    }
    ProfileSettings.Builder sb = ProfileSettings.builder();
    String url = r.string("kmsUrl");
    sb.userUri(r.string("userUri")).kmsUri(r.optString("kmsUri"));
    int trust = r.u8("TLS trust kind");
    if (trust == 1) {
      sb.tls(TlsTrust.pinned(r.raw(32, "TLS pin")));
    } else if (trust == 2) {
      int n = r.u16("trust anchor count");
      List<byte[]> der = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        der.add(r.bytes(MAX_CERT_DER, "trust anchor"));
      }
      try {
        sb.tls(TlsTrust.anchorsFromDer(der));
      } catch (CertificateException | IllegalArgumentException e) {
        throw new FormatException("trust anchors: " + e.getMessage());
      }
    } else {
      throw new FormatException("TLS trust kind: unknown value " + trust);
    }
    sb.keepPastPeriods(r.u16("keepPastPeriods")).clientId(r.optString("clientId")).deviceId(r.optString("deviceId"));
    ProfileSettings settings;
    try {
      settings = sb.kmsUrl(URI.create(url)).build();
    } catch (IllegalArgumentException e) {
      throw new FormatException("settings: " + e.getMessage());
    }

    KmsCertificate pinned = r.bool("pinned certificate present") ? certificate(r) : null;
    List<KmsCertificate> previous = new ArrayList<>();
    for (int i = 0, n = r.u16("previous certificate count"); i < n; i++) {
      previous.add(certificate(r));
    }
    Long cacheNum = r.optLong("CacheNum");
    List<KmsCertificate> cache = new ArrayList<>();
    for (int i = 0, n = r.u16("certificate cache count"); i < n; i++) {
      cache.add(certificate(r));
    }
    List<String> identities = new ArrayList<>();
    for (int i = 0, n = r.u16("identity count"); i < n; i++) {
      identities.add(r.string("identity"));
    }
    long keySetCount = r.u32("key set count");
    if (keySetCount > MAX_ITEMS) {
      throw new FormatException("key set count " + keySetCount + " is implausible");
    }
    List<ProfileState.KeySet> keySets = new ArrayList<>();
    for (long i = 0; i < keySetCount; i++) {
      String user = r.string("key set UserUri");
      long period = r.i64("key set period");
      Uid uid = Uid.of(r.raw(Uid.LENGTH, "key set UID"));
      CertificateFingerprint fp = CertificateFingerprint.ofBytes(r.raw(32, "key set certificate"));
      SecretBytes rsk = secret(r, 257, "RSK");
      SecretBytes ssk = secret(r, 32, "SSK");
      byte[] pvt = r.raw(65, "PVT");
      keySets.add(new ProfileState.KeySet(user, period, uid, fp, rsk, ssk, pvt, r.instant("ValidFrom"),
          r.instant("ValidTo"), r.instant("fetchedAt")));
    }
    List<ProfileState.ProtectionKeyEntry> keys = new ArrayList<>();
    for (int i = 0, n = r.u16("protection key count"); i < n; i++) {
      int kind = r.u8("protection key kind");
      if (kind != 1 && kind != 2) {
        throw new FormatException("protection key kind: unknown value " + kind);
      }
      String id = r.string("protection key ID");
      SecretBytes key = secret(r, ProtectionKey.LENGTH, "protection key");
      boolean current = r.bool("protection key current");
      Instant added = r.instant("protection key addedAt");
      try {
        keys.add(new ProfileState.ProtectionKeyEntry(
            ProtectionKey.of(kind == 1 ? ProtectionKey.Kind.TRANSPORT : ProtectionKey.Kind.INTEGRITY, id, key),
            current, added));
      } catch (IllegalArgumentException e) {
        throw new FormatException("protection key: " + e.getMessage());
      }
    }
    Instant lastSuccess = r.optInstant("lastSuccess");
    Instant lastAttempt = r.optInstant("lastAttempt");
    String lastError = r.optString("lastError");
    long failures = r.u32("failures");
    Instant next = r.optInstant("nextAttempt");
    Long offset = r.optLong("clock offset");
    List<MigrationKms> migration = new ArrayList<>();
    if (version >= PAYLOAD_VERSION) {
      for (int i = 0, n = r.u16("Migration KMS count"); i < n; i++) {
        String uri = r.string("Migration KMS URI");
        String address = r.string("Migration KMS URL");
        String pin = r.optString("Migration KMS TLS pin");
        try {
          migration.add(new MigrationKms(uri, URI.create(address), Optional.ofNullable(pin)));
        } catch (IllegalArgumentException e) {
          throw new FormatException("Migration KMS: " + e.getMessage());
        }
      }
    }
    r.expectEnd("profile payload");
    RefreshRecord refresh = new RefreshRecord(lastSuccess, lastAttempt, lastError, (int) Math.min(failures, Integer.MAX_VALUE),
        next, offset == null ? null : Duration.ofMillis(offset));
    return new ProfileState(settings, pinned, previous, cacheNum, cache, identities, keySets, keys, refresh, migration);
  }
}

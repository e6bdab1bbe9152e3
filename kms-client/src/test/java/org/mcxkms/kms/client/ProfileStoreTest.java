package org.mcxkms.kms.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.crypto.SecretBytes;
import org.mcxkms.crypto.uid.KeyPeriodPolicy;
import org.mcxkms.crypto.uid.NtpTime;
import org.mcxkms.crypto.uid.Uid;
import org.mcxkms.kms.client.ProfileException.Reason;
import org.mcxkms.kms.protocol.KmsCertificate;
import org.mcxkms.kms.protocol.security.ProtectionKey;
import org.mcxkms.testkit.MutableClock;
import org.mcxkms.testkit.Samples;

/**
 * The sealed profile file: a full round trip of everything it holds, several identities and
 * periods, pruning, PKCS#12 keys, two writers, and every kind of damage (truncation at every
 * length, a flipped bit anywhere, appended bytes, a wrong key, another format version) reported
 * with its reason and never half-read.
 */
class ProfileStoreTest {
  static final String PASS = "correct horse battery staple";
  static final KeyPeriodPolicy POLICY = KeyPeriodPolicy.of(2_592_000, 0);
  // The sample certificate keys (RFC 6508/6507 test Z and KPAK).
  static final String Z = Samples.Z_HEX;
  static final String KPAK = Samples.KPAK_HEX;

  static KmsCertificate certificate() {
    return KmsCertificate.builder().role(KmsCertificate.Role.ROOT).certUri("kms.example.org/cert/1")
        .kmsUri("kms.example.org").issuer("kms.example.org").validFrom(Instant.parse("2025-01-01T00:00:00Z"))
        .validTo(Instant.parse("2035-01-01T00:00:00Z")).userIdFormat("2").keyPeriodPolicy(POLICY)
        .pubEncKey(HexFormat.of().parseHex(Z)).pubAuthKey(HexFormat.of().parseHex(KPAK)).parameterSet(1)
        .addKmsDomain("example.org").build();
  }

  static ProfileSettings settings() {
    return ProfileSettings.builder().kmsUrl("https://kms.example.org:8443").userUri("sip:gms@example.org")
        .kmsUri("kms.example.org").tls(TlsTrust.pinned("AB".repeat(32))).keepPastPeriods(1).clientId("client-7")
        .build();
  }

  static SecretBytes random(Random r, int n) {
    byte[] b = new byte[n];
    r.nextBytes(b);
    return SecretBytes.copyOf(b, SecretAccess.get());
  }

  /** A key set with arbitrary octets (the store does not validate; reading key material does). */
  static ProfileState.KeySet keySet(Random r, String user, long period) {
    return new ProfileState.KeySet(user, period, Uid.format2(user, "kms.example.org", POLICY, period),
        CertificateFingerprint.of(certificate()), random(r, 257), random(r, 32),
        random(r, 65).toByteArray(SecretAccess.get()), POLICY.validFrom(period), POLICY.validTo(period),
        Instant.parse("2026-02-01T10:00:00Z"));
  }

  MutableClock clock = new MutableClock(POLICY.validFrom(700).plusSeconds(3600));

  KeyProfile filled(Path dir) throws Exception {
    KeyProfile p = KeyProfile.create(dir, Profiles.key(PASS), settings(), clock);
    Random r = new Random(7);
    p.update(s -> {
      ProfileState.Builder b = s.toBuilder();
      b.certificate = certificate();
      b.certCacheNum = 4L;
      b.certCache.add(certificate().toBuilder().role(KmsCertificate.Role.EXTERNAL).kmsUri("kms.partner.org").build());
      for (String u : List.of("sip:gms@example.org", "sip:group-a@example.org", "sip:group-b@example.org")) {
        for (long n = 699; n <= 701; n++) {
          b.putKeySet(keySet(r, u, n));
        }
      }
      b.addCurrentKey(ProtectionKey.transport("trk-1", random(r, 32)), clock.instant());
      b.addCurrentKey(ProtectionKey.integrity("ink-1", random(r, 32)), clock.instant());
      b.refresh = new RefreshRecord(clock.instant(), clock.instant(), "earlier: timeout", 2,
          clock.instant().plusSeconds(60), Duration.ofMillis(-1234));
      return b.build();
    });
    return p;
  }

  @Test
  void everythingSurvivesAReopen(@TempDir Path dir) throws Exception {
    ProfileState written;
    try (KeyProfile p = filled(dir)) {
      written = p.state();
    }
    try (KeyProfile p = KeyProfile.open(dir, Profiles.key(PASS), clock)) {
      ProfileState s = p.state();
      assertThat(s.settings.toString()).isEqualTo(written.settings.toString());
      assertThat(s.settings.clientId()).contains("client-7");
      assertThat(s.certificate).isEqualTo(certificate());
      assertThat(s.certCacheNum).isEqualTo(4L);
      assertThat(s.certCache).isEqualTo(written.certCache);
      assertThat(s.identities).containsExactly("sip:gms@example.org", "sip:group-a@example.org", "sip:group-b@example.org");
      assertThat(s.keySets).hasSize(9);
      for (int i = 0; i < 9; i++) {
        ProfileState.KeySet a = written.keySets.get(i);
        ProfileState.KeySet b = s.keySets.get(i);
        assertThat(b.userUri()).isEqualTo(a.userUri());
        assertThat(b.period()).isEqualTo(a.period());
        assertThat(b.uid()).isEqualTo(a.uid());
        assertThat(b.rsk().equalsSecretBytes(a.rsk())).isTrue();
        assertThat(b.ssk().equalsSecretBytes(a.ssk())).isTrue();
        assertThat(b.pvt()).isEqualTo(a.pvt());
        assertThat(b.info()).isEqualTo(a.info());
      }
      assertThat(p.protectionKeys()).extracting(ProtectionKeyInfo::id).containsExactly("trk-1", "ink-1");
      assertThat(s.currentKey(ProtectionKey.Kind.TRANSPORT).get()).isEqualTo(written.currentKey(ProtectionKey.Kind.TRANSPORT).get());
      assertThat(p.refreshRecord()).isEqualTo(written.refresh);
    }
  }

  @Test
  void nothingSecretIsInTheFileInClear(@TempDir Path dir) throws Exception {
    byte[] ssk;
    try (KeyProfile p = filled(dir)) {
      ssk = p.state().keySets.get(0).ssk().toByteArray(SecretAccess.get());
    }
    String file = HexFormat.of().formatHex(Files.readAllBytes(dir.resolve(ProfileFile.FILE_NAME)));
    assertThat(file).doesNotContain(HexFormat.of().formatHex(ssk));
    assertThat(file).doesNotContain(HexFormat.of().formatHex("sip:gms".getBytes()));
    if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
      assertThat(Files.getPosixFilePermissions(dir.resolve(ProfileFile.FILE_NAME)))
          .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }
  }

  @Test
  void oldPeriodsArePrunedByPolicy(@TempDir Path dir) throws Exception {
    try (KeyProfile p = filled(dir)) {
      // current period 700, keep 1 past: 699..701 kept
      assertThat(p.periods("sip:group-a@example.org")).extracting(KeyPeriodInfo::period).containsExactly(699L, 700L, 701L);
      clock.set(POLICY.validFrom(701).plusSeconds(10));
      p.track("sip:group-c@example.org"); // any write prunes
      assertThat(p.periods("sip:group-a@example.org")).extracting(KeyPeriodInfo::period).containsExactly(700L, 701L);
    }
    try (KeyProfile p = KeyProfile.open(dir, Profiles.key(PASS), clock)) {
      assertThat(p.keySets()).hasSize(6);
      assertThat(p.identities()).contains("sip:group-c@example.org");
    }
  }

  @Test
  void wrongPassphraseIsToldApartFromDamage(@TempDir Path dir) throws Exception {
    filled(dir).close();
    assertThatThrownBy(() -> KeyProfile.open(dir, Profiles.key("wrong")))
        .isInstanceOfSatisfying(ProfileException.class, e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_KEY));
    assertThatThrownBy(() -> KeyProfile.open(dir.resolve("nothing-here"), Profiles.key(PASS)))
        .isInstanceOfSatisfying(ProfileException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND));
    assertThatThrownBy(() -> KeyProfile.create(dir, Profiles.key(PASS), settings()))
        .isInstanceOfSatisfying(ProfileException.class, e -> assertThat(e.reason()).isEqualTo(Reason.ALREADY_EXISTS));
  }

  @Test
  void aTruncatedFileIsReportedAtEveryLength(@TempDir Path dir) throws Exception {
    filled(dir).close();
    Path f = dir.resolve(ProfileFile.FILE_NAME);
    byte[] good = Files.readAllBytes(f);
    for (int len = 0; len < good.length; len += (len < 120 ? 1 : 97)) {
      Files.write(f, java.util.Arrays.copyOf(good, len));
      int n = len;
      assertThatThrownBy(() -> KeyProfile.open(dir, Profiles.key(PASS)))
          .as("truncated to %d of %d octets", n, good.length)
          .isInstanceOfSatisfying(ProfileException.class,
              e -> assertThat(e.reason()).as(e.getMessage()).isIn(Reason.TRUNCATED, Reason.CORRUPT));
    }
    Files.write(f, java.util.Arrays.copyOf(good, good.length - 1));
    assertThatThrownBy(() -> KeyProfile.open(dir, Profiles.key(PASS)))
        .isInstanceOfSatisfying(ProfileException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.TRUNCATED);
          assertThat(e.getMessage()).contains("truncated");
        });
  }

  @Test
  void aFlippedBitAnywhereIsDetected(@TempDir Path dir) throws Exception {
    filled(dir).close();
    Path f = dir.resolve(ProfileFile.FILE_NAME);
    byte[] good = Files.readAllBytes(f);
    long seed = new SecureRandom().nextLong();
    Random r = new Random(seed);
    for (int i = 0; i < 40; i++) {
      byte[] bad = good.clone();
      // Header fields, then anywhere; not the Argon2 memory field (offsets 11-14): a flip there may
      // legitimately ask for up to 1 GiB before the key check can fail.
      int pos = i < 20 ? i * 5 % 120 : r.nextInt(bad.length);
      while (pos >= 11 && pos <= 14) {
        pos = r.nextInt(bad.length);
      }
      bad[pos] ^= (byte) (1 << r.nextInt(8));
      Files.write(f, bad);
      assertThatThrownBy(() -> KeyProfile.open(dir, Profiles.key(PASS)))
          .as("seed %d, bit flipped at octet %d", seed, pos)
          .isInstanceOf(ProfileException.class)
          .satisfies(e -> assertThat(((ProfileException) e).reason()).isIn(Reason.TAMPERED, Reason.CORRUPT,
              Reason.TRUNCATED, Reason.WRONG_KEY, Reason.UNSUPPORTED_VERSION));
    }
    byte[] tail = good.clone();
    tail[tail.length - 3] ^= 1;
    Files.write(f, tail);
    assertThatThrownBy(() -> KeyProfile.open(dir, Profiles.key(PASS)))
        .isInstanceOfSatisfying(ProfileException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TAMPERED));
    byte[] longer = java.util.Arrays.copyOf(good, good.length + 1);
    Files.write(f, longer);
    assertThatThrownBy(() -> KeyProfile.open(dir, Profiles.key(PASS)))
        .isInstanceOfSatisfying(ProfileException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CORRUPT));
    byte[] version = good.clone();
    version[9] = 2;
    Files.write(f, version);
    assertThatThrownBy(() -> KeyProfile.open(dir, Profiles.key(PASS)))
        .isInstanceOfSatisfying(ProfileException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_VERSION));
    Files.write(f, good);
    KeyProfile.open(dir, Profiles.key(PASS)).close();
  }

  @Test
  void theGenerationInTheHeaderIsAuthenticated(@TempDir Path dir) throws Exception {
    filled(dir).close();
    Path f = dir.resolve(ProfileFile.FILE_NAME);
    byte[] bytes = Files.readAllBytes(f);
    // generation: after magic(8) version(2) kdf(1+4+4+1+1+16) id(16) -> offset 53, 8 octets
    assertThat(ProfileFile.generationOnDisk(dir)).isEqualTo(2);
    bytes[53 + 7] = 9;
    Files.write(f, bytes);
    assertThat(ProfileFile.generationOnDisk(dir)).isEqualTo(9);
    assertThatThrownBy(() -> KeyProfile.open(dir, Profiles.key(PASS)))
        .isInstanceOfSatisfying(ProfileException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TAMPERED));
  }

  @Test
  void aLeftoverTemporaryFileFromACrashIsHarmless(@TempDir Path dir) throws Exception {
    filled(dir).close();
    Files.write(dir.resolve("." + ProfileFile.FILE_NAME + ".tmp-deadbeef0000"), new byte[] {1, 2, 3});
    try (KeyProfile p = KeyProfile.open(dir, Profiles.key(PASS), clock)) {
      assertThat(p.keySets()).hasSize(9);
      p.track("sip:x@example.org");
    }
    assertThat(KeyProfile.open(dir, Profiles.key(PASS), clock).identities()).contains("sip:x@example.org");
  }

  @Test
  void twoHandlesOnOneProfileSeeEachOthersWrites(@TempDir Path dir) throws Exception {
    filled(dir).close();
    try (KeyProfile a = KeyProfile.open(dir, Profiles.key(PASS), clock);
        KeyProfile b = KeyProfile.open(dir, Profiles.key(PASS), clock)) {
      a.track("sip:from-a@example.org");
      b.track("sip:from-b@example.org"); // b re-reads a's write before writing
      a.reload();
      assertThat(a.identities()).contains("sip:from-a@example.org", "sip:from-b@example.org");
    }
  }

  @Test
  void aPkcs12KeystoreKeySealsTheProfile(@TempDir Path dir) throws Exception {
    Path ks = dir.resolve("profile-key.p12");
    ProfileKey key = ProfileKey.pkcs12(ks, "store-pass".toCharArray(), "mcx-profile");
    try (KeyProfile p = KeyProfile.create(dir.resolve("p"), key, settings(), clock)) {
      p.track("sip:y@example.org");
    }
    assertThat(ks).exists();
    try (KeyProfile p = KeyProfile.open(dir.resolve("p"), ProfileKey.pkcs12(ks, "store-pass".toCharArray(), "mcx-profile"))) {
      assertThat(p.identities()).contains("sip:y@example.org");
    }
    assertThatThrownBy(() -> KeyProfile.open(dir.resolve("p"), ProfileKey.pkcs12(ks, "other".toCharArray(), "mcx-profile")))
        .isInstanceOfSatisfying(ProfileException.class, e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_KEY));
    assertThatThrownBy(() -> KeyProfile.open(dir.resolve("p"), ProfileKey.pkcs12(ks, "store-pass".toCharArray(), "other")))
        .isInstanceOfSatisfying(ProfileException.class, e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_KEY));
    assertThatThrownBy(() -> KeyProfile.open(dir.resolve("p"), Profiles.key(PASS)))
        .isInstanceOfSatisfying(ProfileException.class, e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_KEY));
  }

  @Test
  void storedKeysAreRevalidatedOnRead(@TempDir Path dir) throws Exception {
    try (KeyProfile p = filled(dir)) {
      // The arbitrary octets stored above are not a valid RSK/SSK/PVT: reading them fails typed.
      assertThatThrownBy(() -> p.keyMaterial("sip:gms@example.org", 700))
          .isInstanceOfSatisfying(KeyMaterialRejectedException.class,
              e -> assertThat(e.check()).isEqualTo(KeyMaterialRejectedException.Check.ENCODING));
      assertThat(p.keyMaterial("sip:gms@example.org", 42)).isEmpty();
      assertThat(p.keyMaterialAt("sip:nobody@example.org", NtpTime.ofSeconds(POLICY.startSeconds(700)).toInstant())).isEmpty();
    }
  }

  @Test
  void toStringNeverShowsSecrets(@TempDir Path dir) throws Exception {
    try (KeyProfile p = filled(dir)) {
      String all = p + " " + p.state().keySets + " " + p.state().protectionKeys + " " + Profiles.key(PASS);
      assertThat(all).doesNotContain(PASS).contains("redacted");
      for (ProfileState.KeySet k : p.state().keySets) {
        assertThat(all).doesNotContain(HexFormat.of().formatHex(k.ssk().toByteArray(SecretAccess.get())));
      }
    }
  }
}

package org.mcxkms.kms.client.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.crypto.SecretBytes;
import org.mcxkms.crypto.uid.KeyPeriodPolicy;
import org.mcxkms.crypto.uid.NtpTime;
import org.mcxkms.crypto.uid.Uid;
import org.mcxkms.kms.client.error.KeyMaterialRejectedException;
import org.mcxkms.kms.client.error.ProfileException.Reason;
import org.mcxkms.kms.client.error.ProfileException;
import org.mcxkms.kms.client.trust.CertificateFingerprint;
import org.mcxkms.kms.client.trust.TlsTrust;
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

  static ProfileKey key(String passphrase) {
    return ProfileKey.passphrase(passphrase.toCharArray(), new ProfileKey.Argon2Params(256, 1, 1));
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
    KeyProfile p = KeyProfile.create(dir, key(PASS), settings(), clock);
    Random r = new Random(7);
    p.update(s -> {
      ProfileState.Builder b = s.toBuilder();
      b.certificate(certificate());
      b.certCache(List.of(certificate().toBuilder().role(KmsCertificate.Role.EXTERNAL).kmsUri("kms.partner.org").build()),
          4L);
      for (String u : List.of("sip:gms@example.org", "sip:group-a@example.org", "sip:group-b@example.org")) {
        for (long n = 699; n <= 701; n++) {
          b.putKeySet(keySet(r, u, n));
        }
      }
      b.addCurrentKey(ProtectionKey.transport("trk-1", random(r, 32)), clock.instant());
      b.addCurrentKey(ProtectionKey.integrity("ink-1", random(r, 32)), clock.instant());
      b.refresh(new RefreshRecord(clock.instant(), clock.instant(), "earlier: timeout", 2,
          clock.instant().plusSeconds(60), Duration.ofMillis(-1234)));
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
    try (KeyProfile p = KeyProfile.open(dir, key(PASS), clock)) {
      ProfileState s = p.state();
      assertThat(s.settings().toString()).isEqualTo(written.settings().toString());
      assertThat(s.settings().clientId()).contains("client-7");
      assertThat(s.certificate()).isEqualTo(certificate());
      assertThat(s.certCacheNum()).isEqualTo(4L);
      assertThat(s.certCache()).isEqualTo(written.certCache());
      assertThat(s.identities()).containsExactly("sip:gms@example.org", "sip:group-a@example.org", "sip:group-b@example.org");
      assertThat(s.keySets()).hasSize(9);
      for (int i = 0; i < 9; i++) {
        ProfileState.KeySet a = written.keySets().get(i);
        ProfileState.KeySet b = s.keySets().get(i);
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
      assertThat(p.refreshRecord()).isEqualTo(written.refresh());
    }
  }

  @Test
  void nothingSecretIsInTheFileInClear(@TempDir Path dir) throws Exception {
    byte[] ssk;
    try (KeyProfile p = filled(dir)) {
      ssk = p.state().keySets().get(0).ssk().toByteArray(SecretAccess.get());
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
  void oldPeriodsArePrunedAtTheKmsTimeNeverByTheLocalClock(@TempDir Path dir) throws Exception {
    try (KeyProfile p = filled(dir)) {
      // current period 700, keep 1 past: 699..701 kept
      assertThat(p.periods("sip:group-a@example.org")).extracting(KeyPeriodInfo::period).containsExactly(699L, 700L, 701L);
      // A fast local clock deletes nothing: a plain write does not prune.
      clock.set(POLICY.validFrom(705).plusSeconds(10));
      p.track("sip:group-c@example.org");
      assertThat(p.periods("sip:group-a@example.org")).extracting(KeyPeriodInfo::period).containsExactly(699L, 700L, 701L);
      // The client prunes after an exchange, at the KMS's Time (period 701 is current there).
      p.update(s -> s.toBuilder().pruneAt(POLICY.validFrom(701).plusSeconds(10)).build());
      assertThat(p.periods("sip:group-a@example.org")).extracting(KeyPeriodInfo::period).containsExactly(700L, 701L);
    }
    try (KeyProfile p = KeyProfile.open(dir, key(PASS), clock)) {
      assertThat(p.keySets()).hasSize(6);
      assertThat(p.identities()).contains("sip:group-c@example.org");
    }
  }

  @Test
  void wrongPassphraseIsToldApartFromDamage(@TempDir Path dir) throws Exception {
    filled(dir).close();
    assertThatThrownBy(() -> KeyProfile.open(dir, key("wrong")))
        .isInstanceOfSatisfying(ProfileException.class, e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_KEY));
    assertThatThrownBy(() -> KeyProfile.open(dir.resolve("nothing-here"), key(PASS)))
        .isInstanceOfSatisfying(ProfileException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND));
    assertThatThrownBy(() -> KeyProfile.create(dir, key(PASS), settings()))
        .isInstanceOfSatisfying(ProfileException.class, e -> assertThat(e.reason()).isEqualTo(Reason.ALREADY_EXISTS));
  }

  @Test
  void aTruncatedFileIsReportedAtEveryLength(@TempDir Path dir) throws Exception {
    filled(dir).close();
    Path f = dir.resolve(ProfileFile.FILE_NAME);
    byte[] good = Files.readAllBytes(f);
    for (int len = 0; len < good.length; len += (len < 120 ? 1 : 97)) {
      Files.write(f, Arrays.copyOf(good, len));
      int n = len;
      assertThatThrownBy(() -> KeyProfile.open(dir, key(PASS)))
          .as("truncated to %d of %d octets", n, good.length)
          .isInstanceOfSatisfying(ProfileException.class,
              e -> assertThat(e.reason()).as(e.getMessage()).isIn(Reason.TRUNCATED, Reason.CORRUPT));
    }
    Files.write(f, Arrays.copyOf(good, good.length - 1));
    assertThatThrownBy(() -> KeyProfile.open(dir, key(PASS)))
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
      // Header fields (the first 20, Argon2 parameters included), then anywhere. Damage is never
      // reported as a wrong passphrase.
      int pos = i < 20 ? i * 5 % HEADER_LENGTH : r.nextInt(bad.length);
      bad[pos] ^= (byte) (1 << r.nextInt(8));
      Files.write(f, bad);
      boolean header = pos < HEADER_LENGTH;
      assertThatThrownBy(() -> KeyProfile.open(dir, key(PASS)))
          .as("seed %d, bit flipped at octet %d", seed, pos)
          .isInstanceOfSatisfying(ProfileException.class, e -> assertThat(e.reason()).isIn(header
              ? new Reason[] {Reason.CORRUPT, Reason.UNSUPPORTED_VERSION}
              : new Reason[] {Reason.TAMPERED}));
    }
    byte[] tail = good.clone();
    tail[tail.length - 3] ^= 1;
    Files.write(f, tail);
    assertThatThrownBy(() -> KeyProfile.open(dir, key(PASS)))
        .isInstanceOfSatisfying(ProfileException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TAMPERED));
    byte[] longer = Arrays.copyOf(good, good.length + 1);
    Files.write(f, longer);
    assertThatThrownBy(() -> KeyProfile.open(dir, key(PASS)))
        .isInstanceOfSatisfying(ProfileException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CORRUPT));
    byte[] version = good.clone();
    version[9] = 3;
    Files.write(f, version);
    assertThatThrownBy(() -> KeyProfile.open(dir, key(PASS)))
        .isInstanceOfSatisfying(ProfileException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_VERSION));
    Files.write(f, good);
    KeyProfile.open(dir, key(PASS)).close();
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
    // The header check catches the edit first ...
    assertThatThrownBy(() -> KeyProfile.open(dir, key(PASS)))
        .isInstanceOfSatisfying(ProfileException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CORRUPT));
    // ... and an edit that also recomputes the (unkeyed) check still fails authentication.
    Files.write(f, withHeaderCheck(bytes));
    assertThatThrownBy(() -> KeyProfile.open(dir, key(PASS)))
        .isInstanceOfSatisfying(ProfileException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TAMPERED));
  }

  @Test
  void aLeftoverTemporaryFileFromACrashIsRemovedOnOpen(@TempDir Path dir) throws Exception {
    filled(dir).close();
    Path leftover = dir.resolve("." + ProfileFile.FILE_NAME + ".tmp-deadbeef0000");
    Files.write(leftover, new byte[] {1, 2, 3});
    try (KeyProfile p = KeyProfile.open(dir, key(PASS), clock)) {
      assertThat(leftover).doesNotExist();
      assertThat(p.keySets()).hasSize(9);
      p.track("sip:x@example.org");
    }
    assertThat(KeyProfile.open(dir, key(PASS), clock).identities()).contains("sip:x@example.org");
  }

  @Test
  void twoHandlesOnOneProfileSeeEachOthersWrites(@TempDir Path dir) throws Exception {
    filled(dir).close();
    try (KeyProfile a = KeyProfile.open(dir, key(PASS), clock);
        KeyProfile b = KeyProfile.open(dir, key(PASS), clock)) {
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
    assertThatThrownBy(() -> KeyProfile.open(dir.resolve("p"), key(PASS)))
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
      String all = p + " " + p.state().keySets() + " " + p.state().protectionKeys() + " " + key(PASS);
      assertThat(all).doesNotContain(PASS).contains("redacted");
      for (ProfileState.KeySet k : p.state().keySets()) {
        assertThat(all).doesNotContain(HexFormat.of().formatHex(k.ssk().toByteArray(SecretAccess.get())));
      }
    }
  }

  /** The version 2 header of a passphrase profile: everything before the ciphertext. */
  static final int HEADER_LENGTH = 8 + 2 + (1 + 4 + 4 + 1 + 1 + 16) + 16 + 8 + 16 + 12 + 4 + 16;

  /** {@code bytes} with the header check recomputed over the (edited) header. */
  static byte[] withHeaderCheck(byte[] bytes) throws Exception {
    int end = HEADER_LENGTH - 16;
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    sha.update(bytes, 0, end);
    byte[] out = bytes.clone();
    System.arraycopy(sha.digest(), 0, out, end, 16);
    return out;
  }

  @Test
  void aHeaderAskingForAHostileKdfCostIsRefusedBeforeDeriving(@TempDir Path dir) throws Exception {
    filled(dir).close();
    Path f = dir.resolve(ProfileFile.FILE_NAME);
    byte[] good = Files.readAllBytes(f);
    // Argon2 memory at offset 11 (4 octets), iterations at 15 (4 octets): 1 GiB and 16 passes,
    // with a header check that matches, as a deliberate forger would write it.
    byte[] hostile = good.clone();
    ByteBuffer.wrap(hostile, 11, 8).putInt(1024 * 1024).putInt(16);
    Files.write(f, withHeaderCheck(hostile));
    // A keystore key would fail as WRONG_KEY if the KDF step were reached: the bounds come first.
    ProfileKey keystoreKey = ProfileKey.pkcs12(dir.resolve("none.p12"), "x".toCharArray(), "alias");
    for (ProfileKey k : List.of(key(PASS), keystoreKey)) {
      assertThatThrownBy(() -> KeyProfile.open(dir, k))
          .isInstanceOfSatisfying(ProfileException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.CORRUPT);
            assertThat(e.getMessage()).contains("1048576 KiB, 16 passes").contains("refused without deriving a key");
          });
    }
    // A random flip in the salt (no matching check) is damage, not a wrong passphrase.
    byte[] salt = good.clone();
    salt[22] ^= 0x10;
    Files.write(f, salt);
    assertThatThrownBy(() -> KeyProfile.open(dir, key(PASS)))
        .isInstanceOfSatisfying(ProfileException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.CORRUPT);
          assertThat(e.getMessage()).contains("is damaged").contains("not a wrong passphrase");
        });
    // The state afterwards: the intact file opens with everything in it.
    Files.write(f, good);
    try (KeyProfile p = KeyProfile.open(dir, key(PASS), clock)) {
      assertThat(p.keySets()).hasSize(9);
    }
  }

  @Test
  void aProfileFileCopiedFromAnotherIdentitysDirectoryIsRefused(@TempDir Path root) throws Exception {
    Path alice = root.resolve("alice");
    Path bob = root.resolve("bob");
    KeyProfile.create(alice, key(PASS), settings().toBuilder().userUri("sip:alice@example.org").build(), clock).close();
    KeyProfile.create(bob, key(PASS), settings().toBuilder().userUri("sip:bob@example.org").build(), clock).close();
    assertThat(Files.readString(alice.resolve(ProfileFile.BINDING_NAME))).contains("sip:alice@example.org");
    byte[] alicesOwn = Files.readAllBytes(alice.resolve(ProfileFile.FILE_NAME));
    Files.copy(bob.resolve(ProfileFile.FILE_NAME), alice.resolve(ProfileFile.FILE_NAME),
        StandardCopyOption.REPLACE_EXISTING);
    assertThatThrownBy(() -> KeyProfile.open(alice, key(PASS)))
        .isInstanceOfSatisfying(ProfileException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.TAMPERED);
          assertThat(e.getMessage()).contains("is the profile of sip:bob@example.org")
              .contains("holds the profile of sip:alice@example.org").contains("copied or moved here");
        });
    // Nothing was changed by the refusal: the right file opens again as Alice.
    Files.write(alice.resolve(ProfileFile.FILE_NAME), alicesOwn);
    try (KeyProfile p = KeyProfile.open(alice, key(PASS))) {
      assertThat(p.settings().userUri()).isEqualTo("sip:alice@example.org");
    }
  }

  @Test
  void theLockFileIsPrivateAndWaitingForItIsToldAndBounded(@TempDir Path dir) throws Exception {
    filled(dir).close();
    assertThat(Files.getPosixFilePermissions(dir.resolve(ProfileFile.LOCK_NAME)))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread holder = new Thread(() -> {
      try {
        ProfileDirectory.locked(dir, LockPolicy.DEFAULT, () -> {
          held.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return null;
        });
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    holder.start();
    held.await();
    List<Path> told = new CopyOnWriteArrayList<>();
    try (KeyProfile p = KeyProfile.open(dir, key(PASS), clock, new LockPolicy(Duration.ofMillis(200), told::add))) {
      assertThatThrownBy(() -> p.track("sip:late@example.org"))
          .isInstanceOfSatisfying(ProfileException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.LOCKED);
            assertThat(e.getMessage()).contains("is locked by another process").contains("gave up after 200 ms");
          });
      assertThat(told).containsExactly(dir);
      release.countDown();
      holder.join();
      p.track("sip:late@example.org");
      assertThat(p.identities()).contains("sip:late@example.org");
    }
  }
}

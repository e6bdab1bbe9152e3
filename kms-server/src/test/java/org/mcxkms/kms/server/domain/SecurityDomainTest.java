package org.mcxkms.kms.server.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcxkms.kms.server.config.ConfigKey;
import org.mcxkms.kms.server.config.KmsConfig;
import org.mcxkms.kms.server.store.CertificateRecord;
import org.mcxkms.kms.server.store.JdbcKmsStore;
import org.mcxkms.kms.server.store.KmsStore;
import org.mcxkms.testkit.MutableClock;

/**
 * Creating, reopening and rotating the domain; the seal fails closed. Each domain creation costs
 * SAKKE scalar multiplications, so the cases share work where they can.
 */
class SecurityDomainTest {
  @TempDir Path dir;
  private final List<KmsStore> stores = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T00:00:00Z"), ZoneOffset.UTC);

  private KmsStore newStore() {
    KmsStore s = JdbcKmsStore.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "", "", 2);
    stores.add(s);
    return s;
  }

  @AfterEach
  void closeStores() {
    stores.forEach(KmsStore::close);
  }

  private KmsConfig.Builder config() {
    return KmsConfig.builder()
        .set(ConfigKey.DATA_DIR, dir.toString())
        .set(ConfigKey.KMS_URI, "kms.test.org")
        .set(ConfigKey.SEAL_ARGON2_MEMORY_KIB, 1024)
        .set(ConfigKey.SEAL_ARGON2_ITERATIONS, 1);
  }

  @Test
  void zeroSetupGeneratesKeyFileReopensAndRefusesWrongOrTamperedSeal() throws Exception {
    KmsStore store = newStore();
    SecurityDomain d = SecurityDomain.openOrCreate(config().build(), store, CLOCK, RANDOM, warnings::add);
    Path keyFile = dir.resolve("seal.key");
    assertThat(Files.getPosixFilePermissions(keyFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(warnings).anyMatch(w -> w.contains("production"));
    assertThat(d.kmsUri()).isEqualTo("kms.test.org");
    CertificateKeys c1 = d.current(CLOCK.instant()).orElseThrow();
    assertThat(c1.number()).isEqualTo(1);
    assertThat(c1.validTo()).isEqualTo(CLOCK.instant().plus(Duration.ofDays(730)));
    String sealed = store.certificates().get(0).sealedSecrets();
    assertThat(sealed).startsWith("v1.");

    // Reopen: same public keys from the opened seal.
    SecurityDomain again = SecurityDomain.openOrCreate(config().build(), store, CLOCK, RANDOM, warnings::add);
    assertThat(again.current(CLOCK.instant()).orElseThrow().kpak()).isEqualTo(c1.kpak());
    assertThat(again.current(CLOCK.instant()).orElseThrow().z()).isEqualTo(c1.z());
    assertThat(again.domainId()).isEqualTo(d.domainId());

    // Wrong key file.
    Files.writeString(keyFile, "00".repeat(32) + "\n");
    assertThatThrownBy(() -> SecurityDomain.openOrCreate(config().build(), store, CLOCK, RANDOM, warnings::add))
        .isInstanceOf(StartupException.class).hasMessageContaining("wrong seal key file");

    // Key file others can read.
    Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> SecurityDomain.openOrCreate(config().build(), store, CLOCK, RANDOM, warnings::add))
        .isInstanceOf(StartupException.class).hasMessageContaining("chmod 600");

    // A passphrase where a key file sealed the domain.
    assertThatThrownBy(() -> SecurityDomain.openOrCreate(config().set(ConfigKey.SEAL_PASSPHRASE, "x").build(), store,
        CLOCK, RANDOM, warnings::add)).isInstanceOf(StartupException.class).hasMessageContaining("sealed with a key file");
  }

  @Test
  void passphraseSealAndTamperedCertificateRow() throws Exception {
    KmsStore store = newStore();
    KmsConfig good = config().set(ConfigKey.SEAL_PASSPHRASE, "a long operator passphrase").build();
    SecurityDomain d = SecurityDomain.openOrCreate(good, store, CLOCK, RANDOM, warnings::add);
    assertThat(Files.exists(dir.resolve("seal.key"))).isFalse();
    assertThat(store.domain().orElseThrow().kekParams()).startsWith("argon2id;v=19;m=1024;t=1;p=1;salt=");

    assertThatThrownBy(() -> SecurityDomain.openOrCreate(config().set(ConfigKey.SEAL_PASSPHRASE, "a long operator passphrasE")
        .build(), store, CLOCK, RANDOM, warnings::add))
        .isInstanceOf(StartupException.class).hasMessageContaining("wrong seal passphrase");
    assertThatThrownBy(() -> SecurityDomain.openOrCreate(config().build(), store, CLOCK, RANDOM, warnings::add))
        .isInstanceOf(StartupException.class).hasMessageContaining("none is configured");

    // The same domain in a second database whose certificate row was tampered with.
    CertificateRecord c = store.certificates().get(0);
    String s = c.sealedSecrets();
    char flipped = s.charAt(20) == 'A' ? 'B' : 'A';
    String tamperedSeal = s.substring(0, 20) + flipped + s.substring(21);
    KmsStore copy = newStore();
    copy.createDomain(store.domain().orElseThrow(), new CertificateRecord(c.number(), c.certUri(), c.validFrom(),
        c.validTo(), false, c.pubEncKeyHex(), c.pubAuthKeyHex(), tamperedSeal, c.createdAt()));
    assertThatThrownBy(() -> SecurityDomain.openOrCreate(good, copy, CLOCK, RANDOM, warnings::add))
        .isInstanceOf(StartupException.class).hasMessageContaining("tampered");

    KmsStore truncated = newStore();
    truncated.createDomain(store.domain().orElseThrow(), new CertificateRecord(c.number(), c.certUri(), c.validFrom(),
        c.validTo(), false, c.pubEncKeyHex(), c.pubAuthKeyHex(), s.substring(0, s.length() / 2), c.createdAt()));
    assertThatThrownBy(() -> SecurityDomain.openOrCreate(good, truncated, CLOCK, RANDOM, warnings::add))
        .isInstanceOf(StartupException.class).hasMessageContaining("truncated");

    // A swapped public key (KPAK of another certificate) is caught against the sealed secrets.
    KmsStore swapped = newStore();
    String otherKpak = "04" + c.pubAuthKeyHex().substring(2, 66) + c.pubAuthKeyHex().substring(66);
    swapped.createDomain(store.domain().orElseThrow(), new CertificateRecord(c.number(), c.certUri(), c.validFrom(),
        c.validTo(), false, c.pubEncKeyHex(), otherKpak.replace('a', 'b'), s, c.createdAt()));
    assertThatThrownBy(() -> SecurityDomain.openOrCreate(good, swapped, CLOCK, RANDOM, warnings::add))
        .isInstanceOf(StartupException.class).hasMessageContaining("does not match");

    // An explicitly configured KmsUri that differs from the stored one.
    assertThatThrownBy(() -> SecurityDomain.openOrCreate(
        config().set(ConfigKey.SEAL_PASSPHRASE, "a long operator passphrase").set(ConfigKey.KMS_URI, "kms.other.org").build(),
        store, CLOCK, RANDOM, warnings::add))
        .isInstanceOf(StartupException.class).hasMessageContaining("kms.uri");
    assertThat(d.toString()).doesNotContain(s);
  }

  @Test
  void rotationMakesANewCurrentCertificateAndKeepsTheOldOnePublished() throws Exception {
    KmsStore store = newStore();
    MutableClock clock = new MutableClock(CLOCK.instant());
    SecurityDomain d = SecurityDomain.openOrCreate(config().build(), store, clock, RANDOM, warnings::add);
    long cache1 = d.cacheNumber(clock.instant());
    CertificateKeys c1 = d.current(clock.instant()).orElseThrow();
    clock.advance(Duration.ofDays(1));
    Instant now = clock.instant();
    CertificateKeys c2 = d.rotate();
    assertThat(c2.number()).isEqualTo(2);
    assertThat(c2.kpak()).isNotEqualTo(c1.kpak());
    assertThat(d.current(now).orElseThrow().number()).isEqualTo(2);
    assertThat(d.published(now)).extracting(CertificateKeys::number).containsExactly(1, 2);
    assertThat(d.cacheNumber(now)).isGreaterThan(cache1);
    // After certificate 1 expires it is no longer published, and the cache number moves again.
    Instant later = c1.validTo().plusSeconds(1);
    assertThat(d.published(later)).extracting(CertificateKeys::number).containsExactly(2);
    assertThat(d.cacheNumber(later)).isGreaterThan(d.cacheNumber(now));
  }
}

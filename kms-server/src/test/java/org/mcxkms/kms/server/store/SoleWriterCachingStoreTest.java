package org.mcxkms.kms.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The identity cache for a sole-writer database: every change through it is seen at once. */
class SoleWriterCachingStoreTest {
  private KmsStore jdbc;
  private KmsStore store;

  @BeforeEach
  void open() {
    jdbc = JdbcKmsStore.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "", "", 2);
    store = new SoleWriterCachingStore(jdbc);
  }

  @AfterEach
  void close() {
    store.close();
  }

  private static IdentityRecord user(String uri) {
    return new IdentityRecord(uri, IdentityKind.USER, IdentityStatus.ENABLED, Instant.now(), null, null);
  }

  @Test
  void changesThroughTheStoreAreSeenByTheNextLookup() {
    assertThat(store.identity("a")).isEmpty();
    store.addIdentity(user("a")); // the miss above was not cached
    assertThat(store.identity("a").orElseThrow().status()).isEqualTo(IdentityStatus.ENABLED);
    assertThat(store.identity("a").orElseThrow().status()).isEqualTo(IdentityStatus.ENABLED); // cached
    store.setStatus("a", IdentityStatus.DISABLED);
    assertThat(store.identity("a").orElseThrow().status()).isEqualTo(IdentityStatus.DISABLED);
    store.setStatus("a", IdentityStatus.ENABLED);
    assertThat(store.identity("a").orElseThrow().status()).isEqualTo(IdentityStatus.ENABLED);
    store.revoke("a", Instant.now(), 42);
    assertThat(store.identity("a").orElseThrow().revokedThroughPeriod()).isEqualTo(42L);
    assertThat(store.identity("a").orElseThrow().status()).isEqualTo(IdentityStatus.REVOKED);
  }

  @Test
  void lookupsAreServedFromMemoryOnceSeen() {
    store.addIdentity(user("b"));
    assertThat(store.identity("b")).isPresent();
    // A write that bypasses the wrapper (which a sole-writer database rules out) is not seen:
    // this is what the cache saves, and why it is only used for an exclusively locked H2 file.
    jdbc.setStatus("b", IdentityStatus.DISABLED);
    assertThat(store.identity("b").orElseThrow().status()).isEqualTo(IdentityStatus.ENABLED);
  }

  @Test
  void onlyExclusiveH2FilesAreSoleWriters() {
    assertThat(SoleWriterCachingStore.isSoleWriter("jdbc:h2:file:/var/kms/db/kms")).isTrue();
    assertThat(SoleWriterCachingStore.isSoleWriter("jdbc:h2:file:/var/kms/db/kms;AUTO_SERVER=TRUE")).isFalse();
    assertThat(SoleWriterCachingStore.isSoleWriter("jdbc:h2:file:/x;FILE_LOCK=NO")).isFalse();
    assertThat(SoleWriterCachingStore.isSoleWriter("jdbc:h2:mem:x")).isFalse();
    assertThat(SoleWriterCachingStore.isSoleWriter("jdbc:h2:tcp://host/x")).isFalse();
    assertThat(SoleWriterCachingStore.isSoleWriter("jdbc:postgresql://db/kms")).isFalse();
  }
}

package org.mcxkms.kms.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** extension.required=keyed: holding a TrK or InK makes the security extension mandatory. */
class ExtensionRequiredWhenKeyedTest {
  @Test
  void identitiesWithKeysMustUseTheExtension() {
    try (KmsStore jdbc = JdbcKmsStore.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "", "", 2)) {
      KmsStore store = new ExtensionRequiredWhenKeyed(jdbc);
      Instant t = Instant.parse("2026-01-01T00:00:00Z");
      store.addIdentity(new IdentityRecord("alice", IdentityKind.USER, IdentityStatus.ENABLED, t, null, null));
      store.addIdentity(new IdentityRecord("bob", IdentityKind.USER, IdentityStatus.ENABLED, t, null, null));
      assertThat(store.securityRequired("alice")).isFalse();
      store.addProtectionKey(new ProtectionKeyRecord("ink.1", "alice", "INTEGRITY", "v1.sealed", t));
      assertThat(store.securityRequired("alice")).isTrue();
      assertThat(jdbc.securityRequired("alice")).as("the per-identity setting is untouched").isFalse();
      assertThat(store.securityRequired("bob")).isFalse();
      store.setSecurityRequired("bob", true);
      assertThat(store.securityRequired("bob")).as("required one by one still works").isTrue();
      store.removeProtectionKey("ink.1");
      assertThat(store.securityRequired("alice")).isFalse();
    }
  }
}

package org.mcxkms.kms.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KmsConfigTest {
  @TempDir Path dir;

  @Test
  void defaultsAreValidAndDocumented() {
    KmsConfig c = KmsConfig.defaults();
    assertThat(c.listenPort()).isEqualTo(8443);
    assertThat(c.keyPeriodSeconds()).isEqualTo(2592000);
    assertThat(c.scope()).isEqualTo("3gpp:mc:key_management");
    assertThat(c.identityClaim()).isEqualTo("mcptt_id");
    assertThat(c.devIdm()).isTrue();
    assertThat(c.tokenAudience()).isEqualTo(c.kmsUri());
    assertThat(c.dbUrl()).startsWith("jdbc:h2:file:").endsWith("/db/kms");
    for (ConfigKey k : ConfigKey.values()) {
      assertThat(k.description()).as(k.key()).isNotBlank();
      assertThat(k.envName()).startsWith("MCX_KMS_").doesNotContain(".");
    }
    assertThat(ConfigKey.KEY_PERIOD_SECONDS.envName()).isEqualTo("MCX_KMS_KEY_PERIOD_SECONDS");
  }

  @Test
  void fileOverridesDefaultsAndEnvironmentOverridesFile() throws Exception {
    Path f = dir.resolve("kms.properties");
    Files.writeString(f, "kms.uri = kms.file.org\nlisten.port=9443\n# comment\nkey.periods.future=2\n");
    KmsConfig c = KmsConfig.load(f, Map.of("MCX_KMS_LISTEN_PORT", "10443", "UNRELATED", "x"));
    assertThat(c.kmsUri()).isEqualTo("kms.file.org");
    assertThat(c.listenPort()).isEqualTo(10443);
    assertThat(c.periodsFuture()).isEqualTo(2);
  }

  @Test
  void badValuesNameTheirKey() throws Exception {
    Path f = dir.resolve("bad.properties");
    Files.writeString(f, "listen.prot=1\n");
    assertThatThrownBy(() -> KmsConfig.load(f, Map.of())).isInstanceOf(ConfigException.class).hasMessageContaining("listen.prot");
    assertThatThrownBy(() -> KmsConfig.load(null, Map.of("MCX_KMS_LISTEN_PORT", "eighty")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("listen.port");
    assertThatThrownBy(() -> KmsConfig.load(null, Map.of("MCX_KMS_KEY_PERIOD_SECONDS", "0")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("key.period.seconds");
    assertThatThrownBy(() -> KmsConfig.load(null, Map.of("MCX_KMS_REQUEST_URL_CHECK", "full")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("public.url");
    assertThatThrownBy(() -> KmsConfig.load(null, Map.of("MCX_KMS_DEV_IDM", "off")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("auth.jwks");
    assertThatThrownBy(() -> KmsConfig.load(dir.resolve("missing.properties"), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("missing.properties");
  }

  @Test
  void secretsAreRedactedInTheDescription() {
    KmsConfig c = KmsConfig.builder().set(ConfigKey.SEAL_PASSPHRASE, "hunter2-secret").set(ConfigKey.DB_PASSWORD, "pw-9")
        .build();
    assertThat(c.describe()).doesNotContain("hunter2-secret").doesNotContain("pw-9").contains("seal.passphrase=(set, redacted)");
    assertThat(c.toString()).doesNotContain("hunter2");
  }
}

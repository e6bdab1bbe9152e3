package org.mcxkms.kms.client.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcxkms.kms.client.KmsClient;
import org.mcxkms.kms.client.error.KmsClientException;
import org.mcxkms.kms.client.internal.BinaryReader.FormatException;
import org.mcxkms.kms.client.trust.TlsTrust;
import org.mcxkms.kms.protocol.MigrationKms;

/**
 * The Migration KMS list in the profile (TS 33.180 5.3.1): kept across saves, absent (empty) in
 * profiles written before it existed, and the only KMSs a client may be pointed at for migration.
 */
class MigrationKmsProfileTest {
  static final MigrationKms B = new MigrationKms("kms.b.example", URI.create("https://kms.b.example/kms"),
      Optional.of("cd".repeat(32)));
  static final MigrationKms C = MigrationKms.of("kms.c.example", URI.create("https://kms.c.example/kms"));

  @TempDir Path dir;

  static ProfileState withList(ProfileState s) {
    return s.toBuilder().certificate(ProfileStoreTest.certificate()).migrationKmss(List.of(B, C)).build();
  }

  @Test
  void theListSurvivesASaveAndAReopen() throws Exception {
    try (KeyProfile p = KeyProfile.create(dir, ProfileStoreTest.key(ProfileStoreTest.PASS), ProfileStoreTest.settings())) {
      p.update(MigrationKmsProfileTest::withList);
    }
    try (KeyProfile p = KeyProfile.open(dir, ProfileStoreTest.key(ProfileStoreTest.PASS))) {
      assertThat(p.migrationKmss()).containsExactly(B, C);
    }
  }

  /** A version 1 payload is a version 2 payload without the trailing list, under version number 1. */
  @Test
  void aVersion1PayloadIsReadWithAnEmptyList() throws Exception {
    ProfileState s = ProfileState.initial(ProfileStoreTest.settings()).toBuilder()
        .certificate(ProfileStoreTest.certificate()).build();
    byte[] v2 = ProfileCodec.write(s);
    assertThat(v2[0] << 8 | v2[1]).isEqualTo(2);
    assertThat(Arrays.copyOfRange(v2, v2.length - 2, v2.length)).containsExactly(0, 0);
    byte[] v1 = Arrays.copyOf(v2, v2.length - 2);
    v1[1] = 1;
    ProfileState read = ProfileCodec.read(v1);
    assertThat(read.migrationKmss()).isEmpty();
    assertThat(read.certificate()).isEqualTo(s.certificate());
    assertThat(read.settings().userUri()).isEqualTo(s.settings().userUri());

    // The same bytes under version 2 lack the list count: refused, not half-read.
    byte[] truncated = Arrays.copyOf(v2, v2.length - 2);
    assertThatThrownBy(() -> ProfileCodec.read(truncated)).isInstanceOf(FormatException.class);
    byte[] v3 = v2.clone();
    v3[1] = 3;
    assertThatThrownBy(() -> ProfileCodec.read(v3)).isInstanceOf(FormatException.class).hasMessageContaining("3");
  }

  @Test
  void migrationSettingsOnlyForAListedKms() throws Exception {
    try (KeyProfile p = KeyProfile.create(dir, ProfileStoreTest.key(ProfileStoreTest.PASS), ProfileStoreTest.settings())) {
      assertThatThrownBy(() -> KmsClient.migrationSettings(p, "kms.b.example"))
          .isInstanceOfSatisfying(KmsClientException.class,
              e -> assertThat(e.problem()).isEqualTo(KmsClientException.Problem.NOT_PERMITTED));
      p.update(MigrationKmsProfileTest::withList);

      ProfileSettings b = KmsClient.migrationSettings(p, "kms.b.example");
      assertThat(b.kmsUrl().toString()).startsWith("https://kms.b.example/kms"); // ProfileSettings may add a final /
      assertThat(b.kmsUri()).contains("kms.b.example");
      assertThat(b.userUri()).isEqualTo(p.settings().userUri());
      assertThat(b.tls().kind()).isEqualTo(TlsTrust.Kind.PINNED);
      assertThat(b.tls().pin()).isEqualTo(B.tlsPinBytes().orElseThrow());

      // C has no pin and this profile trusts its KMS by a pin only: nothing to trust C's TLS with.
      assertThatThrownBy(() -> KmsClient.migrationSettings(p, "kms.c.example"))
          .isInstanceOfSatisfying(KmsClientException.class,
              e -> assertThat(e.problem()).isEqualTo(KmsClientException.Problem.CONFIGURATION));
      assertThatThrownBy(() -> KmsClient.migrationSettings(p, "kms.d.example"))
          .isInstanceOfSatisfying(KmsClientException.class,
              e -> assertThat(e.problem()).isEqualTo(KmsClientException.Problem.NOT_PERMITTED))
          .hasMessageContaining("kms.b.example").hasMessageContaining("kms.c.example");
    }
  }
}

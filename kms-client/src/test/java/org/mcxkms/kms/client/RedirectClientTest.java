package org.mcxkms.kms.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.mcxkms.kms.client.error.KmsErrorCodes;
import org.mcxkms.kms.client.error.KmsErrorException;
import org.mcxkms.kms.client.profile.KeyProfile;
import org.mcxkms.kms.client.redirect.KrrCredentials;
import org.mcxkms.kms.client.redirect.Refusals;
import org.mcxkms.kms.protocol.KrrCredential;
import org.mcxkms.kms.protocol.KrrTrust;
import org.mcxkms.kms.protocol.KrrXmlReader;
import org.mcxkms.kms.protocol.VerifiedKrr;
import org.mcxkms.kms.server.config.ConfigKey;
import org.mcxkms.testkit.TestPki;

/**
 * A client refuses an I_MESSAGE's KMS with a KMS Redirect Response signed by its X.509 credential
 * (TS 33.180 5.2.8, D.4), and the initiator uploads it to its Home KMS (5.3.1) through the library
 * against the real KMS; a KRR about a KMS the Home KMS does not know comes back as KmsError 138.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedirectClientTest {
  static final String ALICE = "sip:alice@example.org";
  static final String BOB = "sip:bob@example.org";

  @TempDir Path dir;
  TestKms kms;
  TestPki ca;
  KrrCredential bob;

  @BeforeAll
  void start(@TempDir Path kmsDir) throws Exception {
    ca = TestPki.create("operator CA");
    Path anchors = kmsDir.resolve("krr-ca.pem");
    Files.writeString(anchors, TestPki.pem(List.of(ca.caCertificate())));
    kms = TestKms.start(kmsDir, Clock.systemUTC(), 2_592_000, "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
        Map.of(ConfigKey.KRR_TRUST_ANCHORS, anchors.toString()));
    kms.addUser(ALICE);
    kms.addUser(BOB);
    Path bobFiles = Files.createDirectories(kmsDir.resolve("bob-krr"));
    ca.issue(BOB).writePem(bobFiles, "krr");
    bob = KrrCredentials.load(bobFiles.resolve(KrrCredentials.KEY_FILE), bobFiles.resolve(KrrCredentials.CERT_FILE));
  }

  @AfterAll
  void stop() {
    kms.close();
  }

  @Test
  void aCredentialLoadsFromPemFilesAndRefusesAMismatch() throws Exception {
    assertThat(bob.identity()).isEqualTo(BOB);
    Path mixed = Files.createDirectories(dir.resolve("mixed"));
    ca.issue(BOB).writePem(mixed, "a");
    ca.issue(BOB).writePem(mixed, "b");
    assertThatThrownBy(() -> KrrCredentials.load(mixed.resolve("a.key"), mixed.resolve("b.pem")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not belong");
    assertThatThrownBy(() -> KrrCredentials.load(mixed.resolve("a.pem"), mixed.resolve("a.pem")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PRIVATE KEY");
  }

  @Test
  void theRefusingClientSignsAKrrNamingItselfAndWhatItAccepts() throws Exception {
    byte[] krr = Refusals.refuse(bob, ALICE, "kms.other.example", List.of(TestKms.KMS_URI, "kms.other.example"),
        Instant.now(), List.of());
    VerifiedKrr v = KrrXmlReader.create().read(krr, KrrTrust.of(List.of(ca.caCertificate())), Instant.now());
    assertThat(v.krr().processorUri()).isEqualTo(BOB);
    assertThat(v.krr().receiverUri()).isEqualTo(BOB);
    assertThat(v.krr().initiatorUri()).isEqualTo(ALICE);
    assertThat(v.krr().rejectedKmsUri()).isEqualTo("kms.other.example");
    assertThat(v.krr().acceptedKmsUris()).as("the refused KMS is not proposed").containsExactly(TestKms.KMS_URI);
  }

  @Test
  void theInitiatorUploadsTheKrrToItsHomeKms() throws Exception {
    byte[] krr = Refusals.refuse(bob, ALICE, TestKms.KMS_URI, List.of("kms.b.example"), Instant.now(), List.of());
    try (KeyProfile profile = Profiles.create(dir.resolve("alice"), kms, ALICE)) {
      KmsClient client = KmsClient.builder(profile).tokenSource(kms.tokens(ALICE)).build();
      client.init();
      CertCacheResult r = client.uploadRedirects(List.of(krr));
      assertThat(r.cacheNum()).isPresent();
      assertThat(profile.state().certCacheNum()).isEqualTo(r.cacheNum().get());
    }
    JsonNode listed = kms.admin("GET", "redirects", null);
    assertThat(listed.get(0).get("uploaded_by").asText()).isEqualTo(ALICE);
    assertThat(listed.get(0).get("processor").asText()).isEqualTo(BOB);
  }

  @Test
  void aKrrAboutAKmsTheHomeKmsDoesNotKnowIsRefusedWithItsCode() throws Exception {
    byte[] krr = Refusals.refuse(bob, ALICE, "kms.other.example", List.of(TestKms.KMS_URI), Instant.now(), List.of());
    try (KeyProfile profile = Profiles.create(dir.resolve("alice-2"), kms, ALICE)) {
      KmsClient client = KmsClient.builder(profile).tokenSource(kms.tokens(ALICE)).build();
      client.init();
      assertThatThrownBy(() -> client.uploadRedirects(List.of(krr)))
          .isInstanceOfSatisfying(KmsErrorException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(400);
            assertThat(e.kmsError().orElseThrow().code()).isEqualTo(138);
            assertThat(KmsErrorCodes.explain(138).orElseThrow().name()).isEqualTo("UNKNOWN_KMS");
          });
    }
  }
}

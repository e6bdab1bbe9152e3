package org.mcxkms.kms.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcxkms.crypto.uid.Uid;
import org.mcxkms.kms.client.error.KeyMaterialRejectedException.Check;
import org.mcxkms.kms.client.error.KeyMaterialRejectedException;
import org.mcxkms.kms.client.error.KmsClientException;
import org.mcxkms.kms.client.profile.KeyProfile;
import org.mcxkms.kms.client.profile.ProfileSettings;
import org.mcxkms.kms.client.trust.TlsTrust;
import org.mcxkms.kms.protocol.KmsRequest;
import org.mcxkms.kms.protocol.KmsSchema;
import org.mcxkms.kms.protocol.KmsXmlReader;
import org.mcxkms.testkit.MutableClock;
import org.mcxkms.testkit.Samples;
import org.mcxkms.testkit.VendorVectors;

/**
 * What deployed KMSs send, through the whole client: the two sample responses of TS 33.180 Annex D
 * and the cryptographically consistent key material of Streamwide's public test KMS
 * (sw_mikey_sakke) dressed as that KMS and its variants would send it: Version
 * 1.0.0, UserID in hex of either case or base64, no xsi:type or an explicit one, zoneless Time,
 * optional elements missing, vendor extensions, no namespace. And what the client writes is valid
 * against the Annex D schema.
 */
class VendorVariantsTest {
  static final String SW_KMS = VendorVectors.SW_KMS_URI;
  static final String SW_Z = VendorVectors.SW_Z;
  static final String SW_KPAK = VendorVectors.SW_KPAK;
  // Streamwide test key material: GMS and Alice, KeyPeriodNo 236.
  static final String GMS = VendorVectors.SW_GMS.uri();
  static final String GMS_UID = VendorVectors.SW_GMS.uid();
  static final String GMS_RSK = VendorVectors.SW_GMS.rsk();
  static final String GMS_SSK = VendorVectors.SW_GMS.ssk();
  static final String GMS_PVT = VendorVectors.SW_GMS.pvt();
  static final String ALICE = VendorVectors.SW_ALICE.uri();
  static final String ALICE_UID = VendorVectors.SW_ALICE.uid();
  static final String ALICE_RSK = VendorVectors.SW_ALICE.rsk();
  static final String ALICE_SSK = VendorVectors.SW_ALICE.ssk();
  static final String ALICE_PVT = VendorVectors.SW_ALICE.pvt();

  static String resource(String name) throws IOException {
    try (InputStream in = VendorVariantsTest.class.getResourceAsStream("/samples/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static void assertSchemaValid(byte[] request) throws Exception {
    if (request.length > 0) {
      KmsSchema.annexD().validate(request);
    }
  }

  @Test
  void theDigestSampleResponsesAreReadAndTheirKeySetIsRefusedAsTheDigestSays(@TempDir Path dir) throws Exception {
    Scripted kms = new Scripted()
        .answer("/init", resource("test_init_response.xml"))
        .answer("/keyprov", resource("test_key_prov_response.xml"));
    ProfileSettings settings = ProfileSettings.builder().kmsUrl("https://localhost:8080/keymanagement/identity/v1/")
        .userUri("alice@org.com").tls(TlsTrust.pinned("00".repeat(32))).build();
    try (KeyProfile profile = KeyProfile.create(dir, Profiles.key("x"), settings)) {
      KmsClient client = KmsClient.builder(profile).tokenSource(TokenSource.of("eyJ.test.token")).transport(kms).build();
      InitResult init = client.init();
      assertThat(kms.last().body()).isEmpty(); // KmsUri unknown before init: an empty body, as Streamwide sends
      assertThat(kms.last().token()).isEqualTo("eyJ.test.token");
      assertThat(init.certificate().kmsUri()).isEqualTo("localhost:8080");
      assertThat(init.certificate().userKeyPeriod()).isEqualTo(2592000);
      assertThat(init.certificate().validTo()).isEmpty();
      assertThat(HexFormat.of().formatHex(init.certificate().pubAuthKey())).isEqualToIgnoringCase(
          Samples.KPAK_HEX);
      // The response Time (2021) teaches the client the KMS clock.
      assertThat(client.kmsNow()).isBefore(Instant.parse("2021-05-11T00:00:00Z"));

      // The sample key set's UserID is the UID we compute (TS 33.180 F.2.1) - so the UID check
      // passes - but its keys were issued under another master secret.
      assertThatThrownBy(client::provision).isInstanceOfSatisfying(KeyMaterialRejectedException.class, e -> {
        assertThat(e.check()).isEqualTo(Check.SSK_PVT);
        assertThat(e.period()).isEqualTo(625);
      });
      byte[] request = kms.last().body();
      assertSchemaValid(request);
      KmsRequest sent = KmsXmlReader.create().readRequest(request);
      assertThat(sent.kmsUri()).isEqualTo("localhost:8080");
      assertThat(sent.userUri()).isEqualTo("alice@org.com");
      assertThat(sent.clientReqUrl()).isEqualTo("https://localhost:8080/keymanagement/identity/v1/keyprov");
      assertThat(sent.time()).isBefore(Instant.parse("2021-05-11T00:00:00Z")); // in KMS time
      assertThat(profile.keySets()).isEmpty();
      assertThat(Uid.format2("alice@org.com", "localhost:8080", init.certificate().keyPeriodPolicy(), 625).toHex())
          .isEqualTo("060c5cddd13b87be1e37d3ff091101684b88aadef26c409a8b49c8da9dd81a05");
    }
  }

  static String init(String time) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + "<KmsResponse xmlns=\"urn:3gpp:ns:mcsecKMSInterface:1.0\" Id=\"xmldoc\" Version=\"1.0.0\">\n"
        + "  <UserUri>" + GMS + "</UserUri>\n  <KmsUri>" + SW_KMS + "</KmsUri>\n  <Time>" + time + "</Time>\n"
        + "  <ClientReqUrl>https://" + SW_KMS + "/keymanagement/identity/v1/init</ClientReqUrl>\n"
        + "  <KmsMessage><KmsInit Version=\"1.0.0\"><KmsCertificate Version=\"1.1.0\" Role=\"Root\">\n"
        + "    <KmsUri>" + SW_KMS + "</KmsUri><UserIdFormat>2</UserIdFormat>\n"
        + "    <UserKeyPeriod>16777215</UserKeyPeriod><UserKeyOffset>0</UserKeyOffset>\n"
        + "    <PubEncKey>" + SW_Z + "</PubEncKey><PubAuthKey>" + SW_KPAK.toUpperCase() + "</PubAuthKey>\n"
        + "  </KmsCertificate></KmsInit></KmsMessage>\n</KmsResponse>\n";
  }

  @Test
  void theStreamwideKmsKeyMaterialValidatesInItsVendorVariants(@TempDir Path dir) throws Exception {
    String gmsKeyProv = "<?xml version=\"1.0\"?>\n"
        + "<KmsResponse xmlns=\"urn:3gpp:ns:mcsecKMSInterface:1.0\" xmlns:v=\"urn:example:vendor\" Id=\"xmldoc\">\n"
        + "  <UserUri>" + GMS + "</UserUri><KmsUri>" + SW_KMS + "</KmsUri><Time>2025-10-02T10:00:01</Time>\n"
        + "  <ClientReqUrl>https://" + SW_KMS + "/keymanagement/identity/v1/keyprov</ClientReqUrl>\n"
        + "  <KmsMessage><KmsKeyProv Version=\"1.0.0\">\n"
        + "    <KmsKeySet Version=\"1.0.0\"><KmsUri>" + SW_KMS + "</KmsUri><UserUri>" + GMS + "</UserUri>\n"
        + "      <UserID>" + GMS_UID + "</UserID><KeyPeriodNo>236</KeyPeriodNo>\n"
        + "      <UserDecryptKey>" + GMS_RSK + "</UserDecryptKey>\n"
        + "      <UserSigningKeySSK>" + GMS_SSK.toUpperCase() + "</UserSigningKeySSK>\n"
        + "      <UserPubTokenPVT>" + GMS_PVT + "</UserPubTokenPVT>\n"
        + "      <v:Extra>vendor extension</v:Extra></KmsKeySet>\n"
        + "  </KmsKeyProv></KmsMessage>\n</KmsResponse>\n";
    String aliceBase64 = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(ALICE_UID));
    // No namespace at all, base64 UserID, explicit xsi:type, Time with an offset.
    String aliceKeyProv = "<KmsResponse xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
        + "<UserUri>" + GMS + "</UserUri><KmsUri>" + SW_KMS + "</KmsUri><Time>2025-10-02T12:00:02+02:00</Time>"
        + "<ClientReqUrl>http://proxy.internal:8080/keymanagement/identity/v1/keyprov/sip:alice@streamwide.com</ClientReqUrl>"
        + "<KmsMessage><KmsKeyProv xsi:type=\"KmsKeyProvTkIkType\"><KmsKeySet>"
        + "<KmsUri>" + SW_KMS + "</KmsUri><CertUri>" + SW_KMS + "/cert</CertUri><UserUri>" + ALICE + "</UserUri>"
        + "<UserID>" + aliceBase64 + "</UserID><KeyPeriodNo>236</KeyPeriodNo><Revoked>false</Revoked>"
        + "<UserDecryptKey xsi:type=\"KeyContentType\">" + ALICE_RSK.toUpperCase() + "</UserDecryptKey>"
        + "<UserSigningKeySSK xsi:type=\"KeyContentType\">" + ALICE_SSK + "</UserSigningKeySSK>"
        + "<UserPubTokenPVT xsi:type=\"KeyContentType\">" + ALICE_PVT + "</UserPubTokenPVT>"
        + "</KmsKeySet></KmsKeyProv></KmsMessage></KmsResponse>";
    Scripted kms = new Scripted().answer("/init", init("2025-10-02T10:00:00")).answer("/keyprov", gmsKeyProv)
        .answer("/keyprov/sip%3Aalice%40streamwide.com", aliceKeyProv);
    MutableClock clock = new MutableClock(Instant.parse("2025-10-02T10:00:00Z"));
    ProfileSettings settings = ProfileSettings.builder().kmsUrl("https://" + SW_KMS).userUri(GMS).kmsUri(SW_KMS)
        .tls(TlsTrust.pinned("00".repeat(32))).build();
    try (KeyProfile profile = KeyProfile.create(dir, Profiles.key("x"), settings, clock)) {
      KmsClient client = KmsClient.builder(profile).tokenSource(TokenSource.of("t")).transport(kms).build();
      client.init();
      assertSchemaValid(kms.last().body());
      assertThat(profile.certificate().get().keyPeriodPolicy().periodNumber(clock.instant())).isEqualTo(236);

      ProvisionResult gms = client.provision();
      assertSchemaValid(kms.last().body());
      assertThat(gms.stored()).singleElement().satisfies(k -> {
        assertThat(k.period()).isEqualTo(236);
        assertThat(k.uid().toHex()).isEqualTo(GMS_UID);
      });

      ProvisionResult alice = client.provision(ALICE);
      assertSchemaValid(kms.last().body());
      assertThat(kms.last().url().getRawPath()).endsWith("/keyprov/sip%3Aalice%40streamwide.com");
      assertThat(alice.stored()).singleElement().satisfies(k -> assertThat(k.uid().toHex()).isEqualTo(ALICE_UID));
    }
    try (KeyProfile reopened = KeyProfile.open(dir, Profiles.key("x"), clock)) {
      assertThat(reopened.keyMaterial(GMS, 236).orElseThrow().uid().toHex()).isEqualTo(GMS_UID);
      assertThat(reopened.keyMaterial(ALICE, 236).orElseThrow().uid().toHex()).isEqualTo(ALICE_UID);
    }
  }

  @Test
  void aResponseThatAnswersAnotherRequestIsRefused(@TempDir Path dir) throws Exception {
    String other = init("2025-10-02T10:00:00").replace("/v1/init</ClientReqUrl>", "/v1/certcache</ClientReqUrl>");
    Scripted kms = new Scripted().answer("/init", other);
    ProfileSettings settings = ProfileSettings.builder().kmsUrl("https://" + SW_KMS).userUri(GMS).kmsUri(SW_KMS)
        .tls(TlsTrust.pinned("00".repeat(32))).build();
    try (KeyProfile profile = KeyProfile.create(dir, Profiles.key("x"), settings)) {
      KmsClient client = KmsClient.builder(profile).tokenSource(TokenSource.of("t")).transport(kms).build();
      assertThatThrownBy(client::init).isInstanceOfSatisfying(KmsClientException.class, e -> {
        assertThat(e.problem()).isEqualTo(KmsClientException.Problem.PROTOCOL);
        assertThat(e.getMessage()).contains("ClientReqUrl");
      });
      assertThat(profile.certificate()).isEmpty();
      // A certificate for another KMS than the configured one is refused as well.
      Scripted elsewhere = new Scripted().answer("/init", init("2025-10-02T10:00:00").replace(SW_KMS + "</KmsUri>",
          "kms.elsewhere.org</KmsUri>"));
      KmsClient c2 = KmsClient.builder(profile).tokenSource(TokenSource.of("t")).transport(elsewhere).build();
      assertThatThrownBy(c2::init).isInstanceOf(KmsClientException.class);
      assertThat(profile.certificate()).isEmpty();
    }
  }
}

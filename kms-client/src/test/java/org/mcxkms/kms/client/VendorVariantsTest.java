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

/**
 * What deployed KMSs send, through the whole client: the two sample responses of TS 33.180 Annex D
 * and the cryptographically consistent key material of Streamwide's public test KMS
 * (sw_mikey_sakke) dressed as that KMS and its variants would send it: Version
 * 1.0.0, UserID in hex of either case or base64, no xsi:type or an explicit one, zoneless Time,
 * optional elements missing, vendor extensions, no namespace. And what the client writes is valid
 * against the Annex D schema.
 */
class VendorVariantsTest {
  static final String SW_KMS = "kms.mydev.streamwide.com";
  static final String SW_Z = "046fc2cf00fd48467abe7c02f383002fc49b6632bf0f7071d958f1f128154e6fae1f69bb91691a191a358fe647a3e020d2365d52f81fb3af4ea271654f1a880274c1ae228ac72cc15d535394321bd2143cea2619fb3b0c6ce7a5f72714d8ef4d11cb0c991c3376ca31b168b01e66021effdbf7920bd66615e6f0d6a1e61c06e72e61b4138738c11bc249a3849e9c4cff327a7d0d2769c3d97a37f86adfb13baa257e628ce236f40360d3f7b8d95b0e3fcc19417602d7d6b8928b855eae9129be1f0b87d33e884906dd95a04a8bd61240bad60f9dfada64806726f8f08b86343f54046416f5198116e9798c218bcf9ca07d0baa4be50062bfe54e44495b6ed59cb6";
  static final String SW_KPAK = "0448f9c2c48b50735f6bc70ec6691073243f1e0bd83cc73bb936d61ffcb2d6049a5b297e8205b29fbd8591cb582d6402add21451ce4beebeaaa7520e93b11cf28f";
  // Streamwide's test key material: GMS and Alice, KeyPeriodNo 236.
  static final String GMS = "gms@streamwide.com";
  static final String GMS_UID = "15a4d5b12856538d02d91fedbb766e6dd377b014c92e216666c8fb678608d20e";
  static final String GMS_RSK = "043f591611206a0913ecb68ab28e086ac1148fbd5ce4a40bf00a186653ecf6f0055f4f1b5ef8a4b527d33dd28c731c7b2829d6329283533d499b04c31e2d30437919f486ef76c8a6cbca2f279724539e52b3a1760077670fc35756a9417625d57876717811bd3f1fb8fb473b547ba874a8f5d747cd63b2ebcdb150f5b454a46ec2512a86f0672439d3121a0eddf5995f18e1c77e3423ea34427b62281977e3afb9b5c8766c5a32e1f9b29f0bb12d46a03f8f3ec7357e59f969473bcf4d4cdc3cdedb6e7982e6477117a3c02d86165896485323c96f53a330e5e995ce83b23127542f2177916d5007a5aa116680093911d4bc587cd94e2bdec36d7290ed4f2d3998";
  static final String GMS_SSK = "2e7237faa18a874b88d955199dea974b7d0fefcbbae1946baf659b26a4d05a5e";
  static final String GMS_PVT = "0468a24d49b184d7008d22f63a415debd38bfa9295f066fa6ada5951c2322d2eca1d6f1d994f22710daef776d9c54d9a338f32395080d6f2bdffb6c7895f12cda2";
  static final String ALICE = "sip:alice@streamwide.com";
  static final String ALICE_UID = "b5c452309219da6a3d805615548d6c1b0f4de45a6b48fb13d9a24d857fc03dc4";
  static final String ALICE_RSK = "0428b44cd6dffd2e7fe73521a5c514738287df177c1ae841ba6f5d72601b9c6bc5509c3fd800ac1fee833dd81c74ab39d2740a10fba25cd9b0debb25a3da958cf52e35e863d2db37ea22b318d23d9911d36f585eb110e430123f3cd84d2692a4013bc7f59533e5da2083d8e6e8b96764eb8e8be599dc2361e7428460b8490200417baa5bac10efaa5262301b3110f6da9e8bc9c4b62827c3d4f4070a8e341346a326a23f219d2a99298036615956bb85a60cf303d15d469c1ee837c29cba5dccb28d74e4ba0d83dac9400d72eecb1817cc60127203f1321e82b7a24f60c07f1804a9895cbb455a94694a5ef627b1c631760295dad53f0eed1714ba52d5a932bddd";
  static final String ALICE_SSK = "a1be54a56c7905c06abd2be177fc0c137a32278c9067550b0f0d93fb630d2428";
  static final String ALICE_PVT = "0426cd8b0a33af9b381ee53ebc6841aed5c1c98fb0d2beb9c7ff98d7c79808d1f566659f6b735016192dd9984df56e54f3f95c76ac4638c1f3d3228f3c752c8cc8";

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
          "0450D4670BDE75244F28D2838A0D25558A7A72686D4522D4C8273FB6442AEBFA93DBDD37551AFD263B5DFD617F3960C65A8C298850FF99F20366DCE7D4367217F4");
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

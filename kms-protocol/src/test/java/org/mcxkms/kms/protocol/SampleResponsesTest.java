package org.mcxkms.kms.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.crypto.uid.KeyPeriodPolicy;
import org.mcxkms.crypto.uid.Uid;

/** The two published Streamwide sample responses (KMS agent unit tests), parsed exactly. */
class SampleResponsesTest {
  private final KmsXmlReader reader = KmsXmlReader.create();

  @Test
  void initResponse() throws Exception {
    KmsResponse r = reader.readResponse(Fixtures.resource("test_init_response.xml"));

    assertThat(r.id()).contains("xmldoc");
    assertThat(r.version()).isEqualTo("1.0.0"); // absent: the schema's fixed value
    assertThat(r.userUri()).isEqualTo("alice@org.com");
    assertThat(r.kmsUri()).isEqualTo("localhost:8080");
    assertThat(r.time()).isEqualTo(Instant.parse("2021-05-10T11:23:02Z")); // zoneless read as UTC
    assertThat(r.clientReqUrl()).isEqualTo("http://localhost:8080/keymanagement/identity/v1/init");
    assertThat(r.kmsId()).isEmpty();
    assertThat(r.error()).isEmpty();
    assertThat(r.trkId()).isEmpty();
    assertThat(r.signatureId()).isEmpty();

    KmsInit init = r.init().orElseThrow();
    assertThat(init.version()).isEqualTo("1.0.0");
    assertThat(init.newTransportKeys()).isEmpty();
    assertThat(init.newIntegrityKeys()).isEmpty();
    KmsCertificate c = init.certificate();
    assertThat(c.version()).isEqualTo("1.1.0");
    assertThat(c.role()).contains(KmsCertificate.Role.ROOT);
    assertThat(c.isSecurityGateway()).isFalse();
    assertThat(c.kmsUri()).isEqualTo("localhost:8080");
    assertThat(c.certUri()).isEmpty();
    assertThat(c.issuer()).isEmpty();
    assertThat(c.validFrom()).isEmpty();
    assertThat(c.validTo()).isEmpty();
    assertThat(c.revoked()).isFalse();
    assertThat(c.userIdFormat()).isEqualTo("2");
    assertThat(c.userKeyPeriod()).isEqualTo(2592000);
    assertThat(c.userKeyOffset()).isZero();
    assertThat(c.pubEncKey()).isEqualTo(Fixtures.hex(Fixtures.Z_HEX));
    assertThat(c.pubAuthKey()).isEqualTo(Fixtures.hex(Fixtures.KPAK_HEX));
    assertThat(c.parameterSet()).isEmpty();
    assertThat(c.kmsDomains()).isEmpty();
    assertThat(c.issuerSignature()).isEmpty();
  }

  @Test
  void keyProvResponse() throws Exception {
    KmsResponse r = reader.readResponse(Fixtures.resource("test_key_prov_response.xml"));

    assertThat(r.id()).contains("xmldoc");
    assertThat(r.userUri()).isEqualTo("alice@org.com");
    assertThat(r.kmsUri()).isEqualTo("localhost:8080");
    assertThat(r.time()).isEqualTo(Instant.parse("2021-05-17T13:25:16Z"));
    assertThat(r.clientReqUrl()).isEqualTo("http://localhost:8080/keymanagement/identity/v1/keyprov");

    KmsKeyProv kp = r.keyProv().orElseThrow();
    assertThat(kp.version()).isEqualTo("1.0.0");
    assertThat(kp.keySets()).hasSize(1);
    KmsKeySet k = kp.keySets().get(0);
    assertThat(k.version()).isEqualTo("1.1.0");
    assertThat(k.kmsUri()).isEqualTo("localhost:8080");
    assertThat(k.userUri()).isEqualTo("alice@org.com");
    assertThat(k.userId()).isEqualTo(Uid.fromHex(Fixtures.USER_ID_HEX));
    assertThat(k.keyPeriodNo()).isEqualTo(625);
    assertThat(k.certUri()).isEmpty();
    assertThat(k.issuer()).isEmpty();
    assertThat(k.validFrom()).isEmpty();
    assertThat(k.validTo()).isEmpty();
    assertThat(k.revoked()).isFalse();
    assertThat(k.isEncrypted()).isFalse();
    assertThat(k.userDecryptKey().plain().toByteArray(SecretAccess.get())).isEqualTo(Fixtures.hex(Fixtures.RSK_HEX));
    assertThat(k.userSigningKeySsk().plain().toByteArray(SecretAccess.get())).isEqualTo(Fixtures.hex(Fixtures.SSK_HEX));
    assertThat(k.userPubTokenPvt().plain().toByteArray(SecretAccess.get())).isEqualTo(Fixtures.hex(Fixtures.PVT_HEX));
  }

  @Test
  void sampleUserIdIsTheUidOfAliceForPeriod625() throws Exception {
    // The sample UserID is the TS 33.180 F.2.1 UID of (alice@org.com, localhost:8080, 2592000, 0,
    // 625); checking it ties the reader to the crypto core's UID.
    KmsKeySet k = reader.readResponse(Fixtures.resource("test_key_prov_response.xml")).keyProv().orElseThrow().keySets().get(0);
    assertThat(k.userId()).isEqualTo(
        Uid.format2(k.userUri(), k.kmsUri(), KeyPeriodPolicy.of(2592000, 0), k.keyPeriodNo()));
  }

  @Test
  void toStringNeverShowsKeyMaterial() throws Exception {
    KmsResponse r = reader.readResponse(Fixtures.resource("test_key_prov_response.xml"));
    String s = r.toString();
    assertThat(s).contains("alice@org.com").contains("625");
    assertThat(s.toUpperCase()).doesNotContain(Fixtures.SSK_HEX.substring(0, 16))
        .doesNotContain(Fixtures.RSK_HEX.substring(2, 18)).doesNotContain("D31C6FD2");
  }
}

package org.mcxkms.kms.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.crypto.uid.Uid;

/** What deployed KMSs and clients send and the reader must accept. */
class ReaderToleranceTest {
  private final KmsXmlReader reader = KmsXmlReader.create();

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** A KmsRequest as the Streamwide client builds it: Version 1.0.0, local time without zone. */
  @Test
  void streamwideStyleRequest() throws Exception {
    KmsRequest r = reader.readRequest(utf8("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + "<KmsRequest xmlns=\"urn:3gpp:ns:mcsecKMSInterface:1.0\" Version=\"1.0.0\" Id=\"kmsRequest\">"
        + "<UserUri>sip:alice@example.org</UserUri><KmsUri>kms.example.org</KmsUri>"
        + "<Time>2025-10-02T14:03:07</Time>"
        + "<ClientReqUrl>https://kms.example.org/keymanagement/identity/v1/keyprov</ClientReqUrl>"
        + "</KmsRequest>"));
    assertThat(r.version()).isEqualTo("1.0.0");
    assertThat(r.id()).contains("kmsRequest");
    assertThat(r.time()).isEqualTo(Instant.parse("2025-10-02T14:03:07Z"));
    assertThat(r.clientId()).isEmpty();
    assertThat(r.deviceId()).isEmpty();
    assertThat(r.krrList()).isEmpty();
    assertThat(r.clientError()).isEmpty();
    assertThat(r.trkId()).isEmpty();
    assertThat(r.signatureId()).isEmpty();
  }

  @Test
  void timesWithZonesAndFractions() throws Exception {
    String[][] cases = {
        {"2026-03-01T12:00:00Z", "2026-03-01T12:00:00Z"},
        {"2026-03-01T13:30:00+01:30", "2026-03-01T12:00:00Z"},
        {"2026-03-01T07:00:00-05:00", "2026-03-01T12:00:00Z"},
        {"2026-03-01T12:00:00.5Z", "2026-03-01T12:00:00.500Z"},
        {"2026-03-01T12:00:00.123456789", "2026-03-01T12:00:00.123456789Z"},
        {"  2026-03-01T12:00:00  ", "2026-03-01T12:00:00Z"},
    };
    for (String[] c : cases) {
      KmsRequest r = reader.readRequest(utf8(request("<Time>" + c[0] + "</Time>", "")));
      assertThat(r.time()).as(c[0]).isEqualTo(Instant.parse(c[1]));
    }
  }

  @Test
  void rel17ElementsAndUnknownExtensionsInOtherNamespaces() throws Exception {
    KmsRequest r = reader.readRequest(utf8(request("<Time>2026-03-01T12:00:00Z</Time>",
        "<x:Vendor xmlns:x=\"urn:vendor\"><x:Stuff>1</x:Stuff></x:Vendor>"
            + "<TrK-ID>trk-7</TrK-ID><Signature-ID>ink-7</Signature-ID>"
            + "<FutureElement>ignored</FutureElement>")));
    assertThat(r.trkId()).contains("trk-7");
    assertThat(r.signatureId()).contains("ink-7");
  }

  @Test
  void userIdInUpperCaseHexAndBase64() throws Exception {
    Uid uid = Uid.fromHex(Fixtures.USER_ID_HEX);
    String b64 = Base64.getEncoder().encodeToString(uid.toByteArray());
    for (String form : new String[] {Fixtures.USER_ID_HEX.toUpperCase(), Fixtures.USER_ID_HEX, b64, " " + b64 + "\n"}) {
      String xml = new String(Fixtures.resource("test_key_prov_response.xml"), StandardCharsets.UTF_8)
          .replace(Fixtures.USER_ID_HEX, form);
      KmsKeySet k = reader.readResponse(utf8(xml)).keyProv().orElseThrow().keySets().get(0);
      assertThat(k.userId()).as(form).isEqualTo(uid);
    }
  }

  @Test
  void keyElementsWithAndWithoutXsiTypeAndWrappedHex() throws Exception {
    String xml = new String(Fixtures.resource("test_key_prov_response.xml"), StandardCharsets.UTF_8)
        .replace("<UserDecryptKey>", "<UserDecryptKey xsi:type=\"KeyContentType\">")
        .replace("<UserSigningKeySSK>", "<UserSigningKeySSK xmlns:k=\"urn:3gpp:ns:mcsecKMSInterface:1.0\" xsi:type=\"k:KeyContentType\">")
        .replace("04FA3C2493070D9CF23A0EAE", "04fa3c2493070d9c\n   f23a0eae");
    KmsKeySet k = reader.readResponse(utf8(xml)).keyProv().orElseThrow().keySets().get(0);
    assertThat(k.userDecryptKey().plain().toByteArray(SecretAccess.get())).isEqualTo(Fixtures.hex(Fixtures.RSK_HEX));
    assertThat(k.userSigningKeySsk().plain().toByteArray(SecretAccess.get())).isEqualTo(Fixtures.hex(Fixtures.SSK_HEX));
    assertThat(k.userPubTokenPvt().plain().toByteArray(SecretAccess.get())).isEqualTo(Fixtures.hex(Fixtures.PVT_HEX));
  }

  @Test
  void encryptedKeyWithoutXsiTypeIsRecognisedByItsContent() throws Exception {
    String enc = "<xenc:EncryptedKey xmlns:xenc=\"http://www.w3.org/2001/04/xmlenc#\">"
        + "<xenc:EncryptionMethod Algorithm=\"" + KmsXml.KW_AES256_PAD + "\"/>"
        + "<ds:KeyInfo xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"><ds:KeyName>trk-1</ds:KeyName></ds:KeyInfo>"
        + "<xenc:CipherData><xenc:CipherValue>AAECAw==</xenc:CipherValue></xenc:CipherData></xenc:EncryptedKey>";
    String xml = new String(Fixtures.resource("test_key_prov_response.xml"), StandardCharsets.UTF_8)
        .replace(Fixtures.SSK_HEX, enc);
    KmsKeySet k = reader.readResponse(utf8(xml)).keyProv().orElseThrow().keySets().get(0);
    assertThat(k.isEncrypted()).isTrue();
    EncryptedKey e = k.userSigningKeySsk().encrypted();
    assertThat(e.algorithm()).isEqualTo(KmsXml.KW_AES256_PAD);
    assertThat(e.keyName()).contains("trk-1");
    assertThat(e.carriedKeyName()).isEmpty();
    assertThat(e.cipherValue()).containsExactly(0, 1, 2, 3);
    assertThat(k.userDecryptKey().isEncrypted()).isFalse();
  }

  @Test
  void plainKmsInitAndKmsKeyProvWithoutXsiTypeAndAnyVersion1() throws Exception {
    String xml = new String(Fixtures.resource("test_init_response.xml"), StandardCharsets.UTF_8)
        .replace(" xsi:type=\"KmsInitTkIkType\"", "").replace("<KmsInit Version=\"1.0.0\"", "<KmsInit Version=\"1.1.0\"");
    assertThat(reader.readResponse(utf8(xml)).init().orElseThrow().version()).isEqualTo("1.1.0");
  }

  @Test
  void documentWithoutNamespaceIsReadAsKmsNamespace() throws Exception {
    String xml = new String(Fixtures.resource("test_init_response.xml"), StandardCharsets.UTF_8)
        .replace("xmlns=\"urn:3gpp:ns:mcsecKMSInterface:1.0\"", "");
    KmsResponse r = reader.readResponse(utf8(xml));
    assertThat(r.init().orElseThrow().certificate().kmsUri()).isEqualTo("localhost:8080");
  }

  @Test
  void prefixedKmsNamespaceAndChildOrderDoNotMatter() throws Exception {
    KmsRequest r = reader.readRequest(utf8("<k:KmsRequest xmlns:k=\"urn:3gpp:ns:mcsecKMSInterface:1.0\">"
        + "<k:ClientReqUrl>https://kms/keymanagement/identity/v1/init</k:ClientReqUrl>"
        + "<k:Time>2026-03-01T12:00:00Z</k:Time><k:KmsUri>kms</k:KmsUri><k:UserUri>sip:a@b</k:UserUri>"
        + "</k:KmsRequest>"));
    assertThat(r.userUri()).isEqualTo("sip:a@b");
    assertThat(r.version()).isEqualTo("1.1.0");
  }

  @Test
  void certCacheWithSignedAndPlainCertificates() throws Exception {
    String cert = "<KmsCertificate Version=\"1.1.0\" Role=\"External\" IsSecurityGateway=\"1\"><CertUri>c1</CertUri>"
        + "<KmsUri>kms.partner</KmsUri><Revoked>0</Revoked><UserIdFormat>2</UserIdFormat>"
        + "<UserKeyPeriod>86400</UserKeyPeriod><UserKeyOffset>+0</UserKeyOffset>"
        + "<PubEncKey>" + Fixtures.Z_HEX + "</PubEncKey><PubAuthKey>" + Fixtures.KPAK_HEX + "</PubAuthKey>"
        + "<KmsDomainList><KmsDomain>partner.net</KmsDomain></KmsDomainList></KmsCertificate>";
    String xml = "<KmsResponse xmlns=\"urn:3gpp:ns:mcsecKMSInterface:1.0\"><UserUri>u</UserUri><KmsUri>k</KmsUri>"
        + "<Time>2026-03-01T12:00:00Z</Time><ClientReqUrl>r</ClientReqUrl><KmsMessage>"
        + "<KmsCertCache Version=\"1.0.0\" CacheNum=\"42\">"
        + "<SignedKmsCertificate>" + cert + "<ds:Signature xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\">"
        + "<ds:SignatureValue>AAAA</ds:SignatureValue></ds:Signature></SignedKmsCertificate>"
        + cert.replace("c1", "c2") + "</KmsCertCache></KmsMessage></KmsResponse>";
    KmsCertCache cc = reader.readResponse(utf8(xml)).certCache().orElseThrow();
    assertThat(cc.cacheNum()).contains(42L);
    assertThat(cc.certificates()).hasSize(2);
    KmsCertificate signed = cc.certificates().get(0);
    assertThat(signed.certUri()).contains("c1");
    assertThat(signed.issuerSignature()).isPresent();
    assertThat(signed.issuerSignature().get().xml()).contains("AAAA");
    assertThat(signed.isSecurityGateway()).isTrue();
    assertThat(signed.role()).contains(KmsCertificate.Role.EXTERNAL);
    assertThat(signed.kmsDomains()).containsExactly("partner.net");
    assertThat(signed.keyPeriodPolicy().periodSeconds()).isEqualTo(86400);
    assertThat(cc.certificates().get(1).issuerSignature()).isEmpty();
    // Re-written, the signed certificate comes first again, as SignedKmsCertificate.
    KmsResponse back = reader.readResponse(KmsXmlWriter.create().write(reader.readResponse(utf8(xml))));
    assertThat(back.certCache().orElseThrow().certificates()).isEqualTo(cc.certificates());
  }

  @Test
  void errorResponseWithoutMessage() throws Exception {
    KmsResponse r = reader.readResponse(utf8("<KmsResponse xmlns=\"urn:3gpp:ns:mcsecKMSInterface:1.0\">"
        + "<UserUri>u</UserUri><KmsUri>k</KmsUri><Time>2026-03-01T12:00:00Z</Time><ClientReqUrl>r</ClientReqUrl>"
        + "<KmsError><ErrorCode>401</ErrorCode><ErrorMsg>no</ErrorMsg><x:More xmlns:x=\"urn:x\"/></KmsError>"
        + "</KmsResponse>"));
    assertThat(r.message()).isEmpty();
    assertThat(r.error()).contains(KmsError.of(401, "no"));
  }

  private static String request(String time, String tail) {
    return "<KmsRequest xmlns=\"urn:3gpp:ns:mcsecKMSInterface:1.0\" Version=\"1.1.0\">"
        + "<UserUri>sip:alice@example.org</UserUri><KmsUri>kms.example.org</KmsUri>" + time
        + "<ClientReqUrl>https://kms.example.org/keymanagement/identity/v1/init</ClientReqUrl>" + tail
        + "</KmsRequest>";
  }
}

package org.mcxkms.kms.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.crypto.SecretBytes;
import org.mcxkms.crypto.uid.Uid;

/** The strict writer: exact output written out by hand from the schema, and round trips. */
class WriterTest {
  private final KmsXmlWriter writer = KmsXmlWriter.create();
  private final KmsXmlReader reader = KmsXmlReader.create();

  @Test
  void requestIsWrittenExactly() {
    KmsRequest r = KmsRequest.builder()
        .version("1.0.0") // as a Streamwide client would have sent it: the writer fixes 1.1.0
        .id("kmsRequest")
        .userUri("sip:alice@example.org")
        .kmsUri("kms.example.org")
        .time(Instant.parse("2026-03-01T12:00:00Z"))
        .deviceId("imei-1234")
        .clientReqUrl("https://kms.example.org/keymanagement/identity/v1/keyprov")
        .clientError(KmsError.of(7, "bad <thing> & more"))
        .trkId("trk-1")
        .signatureId("ink-1")
        .build();
    String expected = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + "<KmsRequest xmlns=\"urn:3gpp:ns:mcsecKMSInterface:1.0\""
        + " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" Id=\"kmsRequest\" Version=\"1.1.0\">\n"
        + "  <UserUri>sip:alice@example.org</UserUri>\n"
        + "  <KmsUri>kms.example.org</KmsUri>\n"
        + "  <Time>2026-03-01T12:00:00Z</Time>\n"
        + "  <DeviceId>imei-1234</DeviceId>\n"
        + "  <ClientReqUrl>https://kms.example.org/keymanagement/identity/v1/keyprov</ClientReqUrl>\n"
        + "  <ClientError>\n"
        + "    <ErrorCode>7</ErrorCode>\n"
        + "    <ErrorMsg>bad &lt;thing&gt; &amp; more</ErrorMsg>\n"
        + "  </ClientError>\n"
        + "  <TrK-ID>trk-1</TrK-ID>\n"
        + "  <Signature-ID>ink-1</Signature-ID>\n"
        + "</KmsRequest>\n";
    assertThat(normaliseAttributeOrder(writer.toXml(r))).isEqualTo(normaliseAttributeOrder(expected));
  }

  @Test
  void keyProvResponseIsWrittenExactly() {
    Uid uid = Uid.fromHex(Fixtures.USER_ID_HEX);
    KmsKeySet k = KmsKeySet.builder()
        .version("1.0.0") // ignored: the schema fixes 1.1.0
        .kmsUri("localhost:8080")
        .userUri("alice@org.com")
        .userId(uid)
        .keyPeriodNo(625)
        .userDecryptKey(KeyContent.plain(Fixtures.secret(Fixtures.RSK_HEX.toLowerCase())))
        .userSigningKeySsk(KeyContent.plain(Fixtures.secret(Fixtures.SSK_HEX)))
        .userPubTokenPvt(KeyContent.plain(Fixtures.secret(Fixtures.PVT_HEX)))
        .build();
    KmsResponse r = KmsResponse.builder()
        .version("1.1.0")
        .id("xmldoc")
        .userUri("alice@org.com")
        .kmsUri("localhost:8080")
        .time(Instant.parse("2021-05-17T13:25:16.250Z"))
        .clientReqUrl("http://localhost:8080/keymanagement/identity/v1/keyprov")
        .message(new KmsKeyProv("1.1.0", Optional.empty(), List.of(k), List.of(), List.of()))
        .build();
    String expected = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + "<KmsResponse xmlns=\"urn:3gpp:ns:mcsecKMSInterface:1.0\""
        + " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" Id=\"xmldoc\" Version=\"1.0.0\">\n"
        + "  <UserUri>alice@org.com</UserUri>\n"
        + "  <KmsUri>localhost:8080</KmsUri>\n"
        + "  <Time>2021-05-17T13:25:16.250Z</Time>\n"
        + "  <ClientReqUrl>http://localhost:8080/keymanagement/identity/v1/keyprov</ClientReqUrl>\n"
        + "  <KmsMessage>\n"
        + "    <KmsKeyProv Version=\"1.0.0\" xsi:type=\"KmsKeyProvTkIkType\">\n"
        + "      <KmsKeySet Version=\"1.1.0\">\n"
        + "        <KmsUri>localhost:8080</KmsUri>\n"
        + "        <UserUri>alice@org.com</UserUri>\n"
        + "        <UserID>060c5cddd13b87be1e37d3ff091101684b88aadef26c409a8b49c8da9dd81a05</UserID>\n"
        + "        <KeyPeriodNo>625</KeyPeriodNo>\n"
        + "        <Revoked>false</Revoked>\n"
        + "        <UserDecryptKey xsi:type=\"KeyContentType\">" + Fixtures.RSK_HEX + "</UserDecryptKey>\n"
        + "        <UserSigningKeySSK xsi:type=\"KeyContentType\">" + Fixtures.SSK_HEX + "</UserSigningKeySSK>\n"
        + "        <UserPubTokenPVT xsi:type=\"KeyContentType\">" + Fixtures.PVT_HEX + "</UserPubTokenPVT>\n"
        + "      </KmsKeySet>\n"
        + "    </KmsKeyProv>\n"
        + "  </KmsMessage>\n"
        + "</KmsResponse>\n";
    assertThat(normaliseAttributeOrder(writer.toXml(r))).isEqualTo(normaliseAttributeOrder(expected));
  }

  @Test
  void encryptedKeyElementsAreWrittenWithXencAndKeyName() {
    EncryptedKey ek = EncryptedKey.of(KmsXml.KW_AES256_PAD, "trk-1", null, new byte[] {1, 2, 3, (byte) 0xff});
    EncryptedKey newTrk = EncryptedKey.of(KmsXml.KW_AES256_PAD, "trk-1", "trk-2", new byte[] {9, 9});
    KmsKeySet k = Fixtures.keySet("sip:alice@example.org", 1388).toBuilder()
        .userSigningKeySsk(KeyContent.encrypted(ek)).build();
    KmsResponse r = Fixtures.response("keyprov",
        KmsKeyProv.of(List.of(k)).withNewKeys(List.of(newTrk), List.of())).trkId("trk-1").build();
    String xml = writer.toXml(r);
    assertThat(xml).contains(
        "<UserSigningKeySSK xsi:type=\"EncKeyContentType\">\n"
            + "          <xenc:EncryptedKey xmlns:xenc=\"http://www.w3.org/2001/04/xmlenc#\">\n"
            + "            <xenc:EncryptionMethod Algorithm=\"http://www.w3.org/2009/xmlenc11#kw-aes-256-pad\"/>\n"
            + "            <ds:KeyInfo xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\">\n"
            + "              <ds:KeyName>trk-1</ds:KeyName>\n"
            + "            </ds:KeyInfo>\n"
            + "            <xenc:CipherData>\n"
            + "              <xenc:CipherValue>AQID/w==</xenc:CipherValue>\n"
            + "            </xenc:CipherData>\n"
            + "          </xenc:EncryptedKey>\n"
            + "        </UserSigningKeySSK>");
    // NewTransportKey is declared EncKeyContentType (not abstract): no xsi:type needed.
    assertThat(xml).contains("<NewTransportKey>\n        <xenc:EncryptedKey");
    assertThat(xml).contains("<xenc:CarriedKeyName>trk-2</xenc:CarriedKeyName>");
    assertThat(xml.indexOf("</KmsKeySet>")).isLessThan(xml.indexOf("<NewTransportKey>"));
    assertThat(xml.indexOf("</KmsMessage>")).isLessThan(xml.indexOf("<TrK-ID>trk-1</TrK-ID>"));
  }

  @Test
  void certificateElementOrderFollowsTheSchema() {
    KmsCertificate c = Fixtures.certificate().toBuilder().addKmsDomain("example.org").securityGateway(true).build();
    String xml = writer.toXml(Fixtures.response("init", KmsInit.of(c)).kmsId("kms-1").build());
    List<String> order = List.of("<CertUri>", "<KmsUri>", "<Issuer>", "<ValidFrom>2025-01-01T00:00:00Z",
        "<ValidTo>2027-01-01T00:00:00Z", "<Revoked>false", "<UserIdFormat>2", "<UserKeyPeriod>2592000",
        "<UserKeyOffset>0", "<PubEncKey>" + Fixtures.Z_HEX, "<PubAuthKey>" + Fixtures.KPAK_HEX, "<ParameterSet>1",
        "<KmsDomainList>", "<KmsDomain>example.org");
    int at = xml.indexOf("<KmsCertificate");
    assertThat(at).isPositive();
    for (String s : order) {
      int next = xml.indexOf(s, at);
      assertThat(next).as(s).isGreaterThan(at);
      at = next;
    }
    assertThat(xml).contains("Role=\"Root\"").contains("IsSecurityGateway=\"true\"").contains("Version=\"1.1.0\"")
        .contains("xsi:type=\"KmsInitTkIkType\"");
    assertThat(xml.indexOf("<KmsId>kms-1</KmsId>")).isBetween(xml.indexOf("</Time>"), xml.indexOf("<ClientReqUrl>"));
  }

  @Test
  void roundTripsEveryMessageType() throws Exception {
    KmsCertificate cert = Fixtures.certificate();
    KmsCertificate external = cert.toBuilder().role(KmsCertificate.Role.EXTERNAL).kmsUri("kms.partner.net")
        .certUri("kms.partner.net/c/3").addKmsDomain("partner.net").addKmsDomain("partner2.net").build();
    List<KmsMessage> messages = List.of(
        KmsInit.of(cert),
        KmsKeyProv.of(List.of()),
        KmsKeyProv.of(List.of(Fixtures.keySet("sip:alice@example.org", 1388))),
        KmsKeyProv.of(List.of(Fixtures.keySet("sip:alice@example.org", 1387),
            Fixtures.keySet("sip:alice@example.org", 1388), Fixtures.keySet("sip:gms@example.org", 1389))),
        KmsCertCache.of(12, List.of(external)),
        new KmsCertCache(KmsXml.CERT_CACHE_VERSION, Optional.empty(), Optional.empty(), List.of()));
    for (KmsMessage m : messages) {
      KmsResponse r = Fixtures.response("x", m).kmsId("kms-1").build();
      assertThat(reader.readResponse(writer.write(r))).as(m.toString()).isEqualTo(r);
    }
    KmsResponse error = Fixtures.response("keyprov", null).error(KmsError.of(403, "not yours")).build();
    assertThat(reader.readResponse(writer.write(error))).isEqualTo(error);

    KmsRequest request = Fixtures.request("keyprov").toBuilder().clientError(KmsError.of(-1, "")).build();
    assertThat(reader.readRequest(writer.write(request))).isEqualTo(request);
  }

  @Test
  void requestWithKrrListKeepsItVerbatim() throws Exception {
    OpaqueXml krr = OpaqueXml.parse("<KrrList xmlns=\"" + KmsXml.NS + "\"><krr:KmsRedirectResponse xmlns:krr=\""
        + KmsXml.KRR_NS + "\" Id=\"krr1\"><krr:KmsUri>kms.option1</krr:KmsUri></krr:KmsRedirectResponse></KrrList>");
    KmsRequest r = Fixtures.request("redirect").toBuilder().krrList(krr).build();
    KmsRequest back = reader.readRequest(writer.write(r));
    assertThat(back.krrList()).isPresent();
    assertThat(back.krrList().get().xml()).contains("<krr:KmsUri>kms.option1</krr:KmsUri>");
    assertThat(back).isEqualTo(r);
  }

  @Test
  void buildersRejectMissingFieldsAndWrongKeyLengths() {
    assertThatThrownBy(() -> KmsRequest.builder().userUri("a").kmsUri("b").clientReqUrl("c").build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("Time");
    assertThatThrownBy(() -> Fixtures.response("x", null).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("KmsMessage or a KmsError");
    assertThatThrownBy(() -> Fixtures.certificate().toBuilder().pubAuthKey(new byte[64]).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("PubAuthKey");
    assertThatThrownBy(() -> Fixtures.certificate().toBuilder().userKeyPeriod(0).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("UserKeyPeriod");
    SecretBytes shortSsk = SecretBytes.copyOf(new byte[31], SecretAccess.get());
    assertThatThrownBy(() -> Fixtures.keySet("a", 1).toBuilder().userSigningKeySsk(KeyContent.plain(shortSsk)).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("UserSigningKeySSK");
    assertThatThrownBy(() -> new KmsInit(KmsXml.INIT_VERSION, Optional.empty(), null, List.of(), List.of())).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void standaloneCertificateRoundTripsAndIsSchemaValid() throws Exception {
    KmsCertificate c = Fixtures.certificate().toBuilder().addKmsDomain("example.org").build();
    byte[] xml = writer.write(c);
    assertThat(new String(xml, StandardCharsets.UTF_8)).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + "<KmsCertificate xmlns=\"urn:3gpp:ns:mcsecKMSInterface:1.0\"");
    KmsSchema.annexD().validate(xml);
    assertThat(reader.readCertificate(xml)).isEqualTo(c);
    OpaqueXml sig = OpaqueXml.parse("<ds:Signature xmlns:ds=\"" + KmsXml.DS_NS + "\"><ds:SignedInfo>"
        + "<ds:CanonicalizationMethod Algorithm=\"" + KmsXml.C14N + "\"/><ds:SignatureMethod Algorithm=\"urn:x\"/>"
        + "<ds:Reference URI=\"#c\"><ds:DigestMethod Algorithm=\"" + KmsXml.SHA256 + "\"/>"
        + "<ds:DigestValue>AAAA</ds:DigestValue></ds:Reference></ds:SignedInfo>"
        + "<ds:SignatureValue>AAAA</ds:SignatureValue></ds:Signature>");
    KmsCertificate signed = c.toBuilder().id("c").issuerSignature(sig).build();
    byte[] signedXml = writer.write(signed);
    assertThat(new String(signedXml, StandardCharsets.UTF_8)).contains("<SignedKmsCertificate");
    KmsSchema.annexD().validate(signedXml);
    KmsCertificate back = reader.readCertificate(signedXml);
    assertThat(back.issuerSignature()).isPresent();
    assertThat(back.issuerSignature().get().xml()).contains("<ds:SignatureValue>AAAA</ds:SignatureValue>");
    assertThat(back.toBuilder().build()).isEqualTo(c.toBuilder().id("c").build());
  }

  @Test
  void outputIsUtf8() throws Exception {
    KmsRequest r = Fixtures.request("init").toBuilder().clientId("clïent-ß-日本").build();
    byte[] xml = writer.write(r);
    assertThat(new String(xml, StandardCharsets.UTF_8)).contains("<ClientId>clïent-ß-日本</ClientId>");
    assertThat(reader.readRequest(xml).clientId()).contains("clïent-ß-日本");
  }

  /** Attribute order is not significant in XML; the serializer may sort them. */
  static String normaliseAttributeOrder(String xml) {
    return xml.replaceAll("<(\\w[\\w-]*)((?:\\s+[\\w:]+=\"[^\"]*\")+)(\\s*/?>)", "$0")
        .lines().map(WriterTest::sortAttributes).reduce("", (a, b) -> a + b + "\n");
  }

  private static String sortAttributes(String line) {
    Matcher m = Pattern.compile("^(\\s*<[\\w:-]+)((?:\\s+[\\w:-]+=\"[^\"]*\")+)(.*)$").matcher(line);
    if (!m.matches()) {
      return line;
    }
    List<String> attrs = new ArrayList<>();
    Matcher a = Pattern.compile("\\s+([\\w:-]+=\"[^\"]*\")").matcher(m.group(2));
    while (a.find()) {
      attrs.add(a.group(1));
    }
    Collections.sort(attrs);
    return m.group(1) + " " + String.join(" ", attrs) + m.group(3);
  }
}

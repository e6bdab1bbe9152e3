package org.mcxkms.kms.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mcxkms.kms.protocol.KmsProtocolException.Reason;

/** Every document type the writer produces is valid against the bundled schemas. */
class SchemaTest {
  private final KmsXmlWriter writer = KmsXmlWriter.create();

  static Map<String, byte[]> writtenDocuments() {
    KmsXmlWriter w = KmsXmlWriter.create();
    KmsCertificate cert = Fixtures.certificate();
    KmsCertificate external = cert.toBuilder().role(KmsCertificate.Role.EXTERNAL).kmsUri("kms.partner.net")
        .addKmsDomain("partner.net").securityGateway(true).build();
    EncryptedKey ek = EncryptedKey.of(KmsXml.KW_AES256_PAD, "trk-1", null, new byte[272]);
    KmsKeySet encrypted = Fixtures.keySet("sip:alice@example.org", 1388).toBuilder()
        .userDecryptKey(KeyContent.encrypted(ek))
        .userSigningKeySsk(KeyContent.encrypted(EncryptedKey.of(KmsXml.KW_AES256_PAD, "trk-1", null, new byte[40])))
        .userPubTokenPvt(KeyContent.encrypted(EncryptedKey.of(KmsXml.AES256_GCM, null, null, new byte[93])))
        .build();
    EncryptedKey newTrk = EncryptedKey.of(KmsXml.KW_AES256_PAD, "trk-1", "trk-2", new byte[40]);
    EncryptedKey newInk = EncryptedKey.of(KmsXml.KW_AES256_PAD, "trk-1", "ink-2", new byte[40]);

    Map<String, byte[]> docs = new LinkedHashMap<>();
    docs.put("request", w.write(Fixtures.request("keyprov")));
    docs.put("request with ClientError", w.write(Fixtures.request("keyprov").toBuilder()
        .clientError(KmsError.of(5, "cannot validate RSK")).build()));
    docs.put("init", w.write(Fixtures.response("init", KmsInit.of(cert)).kmsId("kms-1").build()));
    docs.put("init with new TrK and InK", w.write(Fixtures.response("init",
        KmsInit.of(cert).withNewKeys(List.of(newTrk), List.of(newInk))).build()));
    docs.put("keyprov with no key set", w.write(Fixtures.response("keyprov", KmsKeyProv.of(List.of())).build()));
    docs.put("keyprov with one key set", w.write(Fixtures.response("keyprov",
        KmsKeyProv.of(List.of(Fixtures.keySet("sip:alice@example.org", 1388)))).build()));
    docs.put("keyprov with three key sets", w.write(Fixtures.response("keyprov", KmsKeyProv.of(List.of(
        Fixtures.keySet("sip:alice@example.org", 1387), Fixtures.keySet("sip:alice@example.org", 1388),
        Fixtures.keySet("sip:alice@example.org", 1389)))).build()));
    docs.put("keyprov revoked", w.write(Fixtures.response("keyprov", KmsKeyProv.of(List.of(
        Fixtures.keySet("sip:alice@example.org", 1388).toBuilder().revoked(true).build()))).build()));
    docs.put("keyprov encrypted with new TrK", w.write(Fixtures.response("keyprov",
        KmsKeyProv.of(List.of(encrypted)).withNewKeys(List.of(newTrk), List.of())).build()));
    docs.put("certcache", w.write(Fixtures.response("certcache",
        KmsCertCache.of(3, List.of(external, cert))).build()));
    docs.put("certcache with Migration KMSs", w.write(Fixtures.response("certcache",
        KmsCertCache.of(4, List.of(cert)).withMigrationKmss(List.of(
            MigrationKms.of("kms.b.example", URI.create("https://kms.b.example/keymanagement/identity/v1")),
            new MigrationKms("kms.c.example", URI.create("https://kms.c.example:8443/kms"),
                Optional.of("00".repeat(32)))))).build()));
    docs.put("empty certcache", w.write(Fixtures.response("certcache/3", KmsCertCache.of(3, List.of())).build()));
    docs.put("error", w.write(Fixtures.response("keyprov", null).error(KmsError.of(104, "KmsRequest/Time: missing")).build()));
    return docs;
  }

  @Test
  void everyWrittenDocumentIsValidAgainstBothSchemas() {
    List<String> failures = new ArrayList<>();
    for (Map.Entry<String, byte[]> d : writtenDocuments().entrySet()) {
      for (KmsSchema schema : List.of(KmsSchema.rel17(), KmsSchema.annexD())) {
        try {
          schema.validate(d.getValue());
        } catch (KmsProtocolException e) {
          failures.add(d.getKey() + " / " + schema + ": " + e.getMessage());
        }
      }
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void rel17ElementsAreValidOnlyInTheRel17Schema() {
    byte[] request = writer.write(Fixtures.request("keyprov").toBuilder().trkId("trk-1").signatureId("ink-1").build());
    byte[] response = writer.write(Fixtures.response("init", KmsInit.of(Fixtures.certificate()))
        .trkId("trk-1").signatureId("ink-1").build());
    for (byte[] doc : List.of(request, response)) {
      assertThatCode(() -> KmsSchema.rel17().validate(doc)).doesNotThrowAnyException();
      assertThatCode(() -> KmsSchema.annexD().validate(doc))
          .isInstanceOfSatisfying(KmsProtocolException.class,
              e -> assertThat(e.reason()).isEqualTo(Reason.SCHEMA_VIOLATION));
    }
  }

  @Test
  void streamwideSamples() throws Exception {
    // The init sample is schema-valid.
    KmsSchema.annexD().validate(Fixtures.resource("test_init_response.xml"));
    // The keyprov sample is not: its key elements lack the xsi:type their abstract type requires.
    // That is why the reader is tolerant and the writer always adds xsi:type.
    assertThatCode(() -> KmsSchema.annexD().validate(Fixtures.resource("test_key_prov_response.xml")))
        .isInstanceOfSatisfying(KmsProtocolException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.SCHEMA_VIOLATION);
          assertThat(e.getMessage()).contains("UserDecryptKey");
        });
  }

  @Test
  void schemaViolationsAreDetected() {
    String ok = new String(writer.write(Fixtures.request("init")), StandardCharsets.UTF_8);
    List<String> broken = List.of(
        ok.replace("Version=\"1.1.0\"", "Version=\"1.0.0\""), // fixed value
        ok.replace("<KmsUri>kms.example.org</KmsUri>", ""), // required element
        ok.replaceAll("(?s)(<UserUri>.*</UserUri>)(\\s*)(<KmsUri>.*</KmsUri>)", "$3$2$1"), // order
        ok.replace("2026-03-01T12:00:00Z", "2026-03-01 12:00"), // dateTime
        ok.replace("</ClientReqUrl>", "</ClientReqUrl><Unknown/>")); // unknown element in our namespace
    for (String doc : broken) {
      assertThat(doc).isNotEqualTo(ok);
      assertThatCode(() -> KmsSchema.rel17().validate(doc.getBytes(StandardCharsets.UTF_8)))
          .as(doc).isInstanceOf(KmsProtocolException.class);
    }
    String cert = new String(writer.write(Fixtures.response("init", KmsInit.of(Fixtures.certificate())).build()),
        StandardCharsets.UTF_8);
    assertThatCode(() -> KmsSchema.rel17().validate(cert.replace("<PubAuthKey>04", "<PubAuthKey>0G")
        .getBytes(StandardCharsets.UTF_8))).isInstanceOf(KmsProtocolException.class);
  }

  @Test
  void instanceDocumentsCannotPullInSchemas() throws Exception {
    String doc = new String(writer.write(Fixtures.request("init")), StandardCharsets.UTF_8)
        .replace("<KmsRequest ", "<KmsRequest xsi:schemaLocation=\"urn:x http://127.0.0.1:9/evil.xsd\" ");
    KmsSchema.rel17().validate(doc.getBytes(StandardCharsets.UTF_8)); // valid, and nothing fetched
  }
}

package org.mcxkms.kms.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The Migration KMS list extension of the certificate cache (TS 33.180 5.3.1), both directions. */
class MigrationKmsXmlTest {
  private static final String PIN = "ab".repeat(32);

  private static String certCache(String extension) {
    return "<KmsResponse xmlns=\"urn:3gpp:ns:mcsecKMSInterface:1.0\" Version=\"1.0.0\">"
        + "<UserUri>sip:alice@example.org</UserUri><KmsUri>kms.example.org</KmsUri>"
        + "<Time>2026-03-01T12:00:01Z</Time>"
        + "<ClientReqUrl>https://kms.example.org/keymanagement/identity/v1/certcache</ClientReqUrl>"
        + "<KmsMessage><KmsCertCache Version=\"1.0.0\" CacheNum=\"7\">" + extension + "</KmsCertCache></KmsMessage>"
        + "</KmsResponse>";
  }

  private static KmsCertCache read(String xml) throws KmsProtocolException {
    return KmsXmlReader.create().readResponse(xml.getBytes(StandardCharsets.UTF_8)).certCache().orElseThrow();
  }

  @Test
  void readsAHandWrittenList() throws Exception {
    KmsCertCache cc = read(certCache("<m:MigrationKmsList xmlns:m=\"urn:mcxkms:ns:migration-kms:1.0\">"
        + "<m:MigrationKms><m:KmsUri>kms.b.example</m:KmsUri>"
        + "<m:KmsUrl> https://kms.b.example/keymanagement/identity/v1 </m:KmsUrl></m:MigrationKms>"
        + "<m:MigrationKms><m:TlsPin>" + PIN.toUpperCase() + "</m:TlsPin><m:KmsUri>kms.c.example</m:KmsUri>"
        + "<m:KmsUrl>https://kms.c.example:8443/kms</m:KmsUrl><m:Later>ignored</m:Later></m:MigrationKms>"
        + "</m:MigrationKmsList>"));
    assertThat(cc.cacheNum()).contains(7L);
    assertThat(cc.migrationKmss()).containsExactly(
        MigrationKms.of("kms.b.example", URI.create("https://kms.b.example/keymanagement/identity/v1")),
        new MigrationKms("kms.c.example", URI.create("https://kms.c.example:8443/kms"), Optional.of(PIN)));
  }

  @Test
  void aCacheWithoutTheExtensionListsNone() throws Exception {
    assertThat(read(certCache("")).migrationKmss()).isEmpty();
    // Our element names in the KMS namespace are not the extension: ignored like any unknown element.
    assertThat(read(certCache("<MigrationKmsList><MigrationKms><KmsUri>x</KmsUri></MigrationKms></MigrationKmsList>"))
        .migrationKmss()).isEmpty();
  }

  @Test
  void writesTheExactElements() {
    KmsCertCache cc = KmsCertCache.of(7, List.of()).withMigrationKmss(List.of(
        new MigrationKms("kms.b.example", URI.create("https://kms.b.example/v1"), Optional.of(PIN))));
    String xml = new String(KmsXmlWriter.create().write(Fixtures.response("certcache", cc).build()),
        StandardCharsets.UTF_8);
    assertThat(xml).contains("<mk:MigrationKmsList xmlns:mk=\"urn:mcxkms:ns:migration-kms:1.0\">"
        + "<mk:MigrationKms><mk:KmsUri>kms.b.example</mk:KmsUri><mk:KmsUrl>https://kms.b.example/v1</mk:KmsUrl>"
        + "<mk:TlsPin>" + PIN + "</mk:TlsPin></mk:MigrationKms></mk:MigrationKmsList>");
  }

  @Test
  void refusesMalformedEntriesNamingThem() {
    String ns = "<m:MigrationKmsList xmlns:m=\"urn:mcxkms:ns:migration-kms:1.0\">";
    String[][] cases = {
        {"<m:MigrationKms><m:KmsUri>kms.b.example</m:KmsUri><m:KmsUrl>http://kms.b.example/</m:KmsUrl></m:MigrationKms>",
            "https"},
        {"<m:MigrationKms><m:KmsUri>kms.b.example</m:KmsUri></m:MigrationKms>", "KmsUrl"},
        {"<m:MigrationKms><m:KmsUri>kms b</m:KmsUri><m:KmsUrl>https://b/</m:KmsUrl></m:MigrationKms>", "whitespace"},
        {"<m:MigrationKms><m:KmsUri>b</m:KmsUri><m:KmsUrl>https://b/</m:KmsUrl><m:TlsPin>12</m:TlsPin></m:MigrationKms>",
            "TlsPin"},
        {"<m:MigrationKms><m:KmsUri>b</m:KmsUri><m:KmsUrl>https://b/</m:KmsUrl></m:MigrationKms>"
            + "<m:MigrationKms><m:KmsUri>b</m:KmsUri><m:KmsUrl>https://c/</m:KmsUrl></m:MigrationKms>", "twice"},
    };
    for (String[] c : cases) {
      assertThatThrownBy(() -> read(certCache(ns + c[0] + "</m:MigrationKmsList>"))).as(c[0])
          .isInstanceOf(KmsProtocolException.class).hasMessageContaining(c[1]);
    }
    String tooMany = ns + ("<m:MigrationKms><m:KmsUri>b</m:KmsUri><m:KmsUrl>https://b/</m:KmsUrl></m:MigrationKms>")
        .repeat(MigrationKms.MAX_ENTRIES + 1) + "</m:MigrationKmsList>";
    assertThatThrownBy(() -> read(certCache(tooMany))).isInstanceOf(KmsProtocolException.class)
        .hasMessageContaining("at most " + MigrationKms.MAX_ENTRIES);
  }
}

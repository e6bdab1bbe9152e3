package org.mcxkms.kms.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The Rel-17 KmsLookup in our minimal form (UNCONFIRMED content), both directions. */
class KmsLookupXmlTest {
  private static String response(String message) {
    return "<KmsResponse xmlns=\"urn:3gpp:ns:mcsecKMSInterface:1.0\" Version=\"1.0.0\">"
        + "<UserUri>sip:alice@a.example</UserUri><KmsUri>kms.a.example</KmsUri><Time>2026-03-01T12:00:01Z</Time>"
        + "<ClientReqUrl>https://kms.a.example/keymanagement/identity/v1/discovery/sip%3Abob%40b.example</ClientReqUrl>"
        + "<KmsMessage>" + message + "</KmsMessage></KmsResponse>";
  }

  @Test
  void readsAHandWrittenLookup() throws Exception {
    KmsResponse r = KmsXmlReader.create().readResponse(response("<KmsLookup Version=\"1.0.0\" Id=\"l1\">"
        + "<KmsUri> kms.b.example </KmsUri><UserUri>sip:bob@b.example</UserUri><x:More xmlns:x=\"urn:x\"/>"
        + "</KmsLookup>").getBytes(StandardCharsets.UTF_8));
    KmsLookup l = r.lookup().orElseThrow();
    assertThat(l.userUri()).isEqualTo("sip:bob@b.example");
    assertThat(l.kmsUri()).isEqualTo("kms.b.example");
    assertThat(l.id()).contains("l1");
    assertThat(r.certCache()).isEmpty();
  }

  @Test
  void writesTheExactElements() {
    String xml = new String(KmsXmlWriter.create().write(Fixtures.response("discovery/x",
        KmsLookup.of("sip:bob@b.example", "kms.b.example")).build()), StandardCharsets.UTF_8);
    assertThat(xml.replaceAll(">\\s+<", "><")).contains("<KmsMessage><KmsLookup Version=\"1.0.0\">"
        + "<UserUri>sip:bob@b.example</UserUri><KmsUri>kms.b.example</KmsUri></KmsLookup></KmsMessage>");
  }

  @Test
  void refusesALookupWithoutItsKmsUriOrNextToAnotherMessage() {
    assertThatThrownBy(() -> KmsXmlReader.create().readResponse(response(
        "<KmsLookup><UserUri>sip:bob@b.example</UserUri></KmsLookup>").getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(KmsProtocolException.class,
            e -> assertThat(e.element()).isEqualTo("KmsResponse/KmsMessage/KmsLookup/KmsUri"));
    assertThatThrownBy(() -> KmsXmlReader.create().readResponse(response(
        "<KmsLookup><UserUri>u</UserUri><KmsUri>k</KmsUri></KmsLookup><KmsCertCache/>")
        .getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(KmsProtocolException.class).hasMessageContaining("more than one kind");
  }
}

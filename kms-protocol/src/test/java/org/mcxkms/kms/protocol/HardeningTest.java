package org.mcxkms.kms.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcxkms.kms.protocol.KmsProtocolException.Reason;

/** Hostile and malformed input: refused with a precise typed error, never expanded or fetched. */
class HardeningTest {
  private final KmsXmlReader reader = KmsXmlReader.create();

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private KmsProtocolException requestError(String xml) {
    try {
      reader.readRequest(utf8(xml));
    } catch (KmsProtocolException e) {
      return e;
    }
    throw new AssertionError("accepted: " + xml);
  }

  private KmsProtocolException responseError(String xml) {
    try {
      reader.readResponse(utf8(xml));
    } catch (KmsProtocolException e) {
      return e;
    }
    throw new AssertionError("accepted: " + xml);
  }

  private static String sample(String name) {
    return new String(Fixtures.resource(name), StandardCharsets.UTF_8);
  }

  @Test
  void externalEntityIsNeverResolved(@TempDir Path dir) throws IOException {
    Path secret = dir.resolve("secret.txt");
    Files.writeString(secret, "TOP-SECRET-CONTENT");
    String xml = "<?xml version=\"1.0\"?><!DOCTYPE KmsRequest [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>"
        + "<KmsRequest xmlns=\"urn:3gpp:ns:mcsecKMSInterface:1.0\"><UserUri>&xxe;</UserUri><KmsUri>k</KmsUri>"
        + "<Time>2026-03-01T12:00:00Z</Time><ClientReqUrl>u</ClientReqUrl></KmsRequest>";
    KmsProtocolException e = requestError(xml);
    assertThat(e.reason()).isEqualTo(Reason.DOCTYPE_FORBIDDEN);
    assertThat(e.getMessage()).doesNotContain("TOP-SECRET");
  }

  @Test
  void billionLaughsIsRefusedWithoutExpansion() {
    StringBuilder dtd = new StringBuilder("<!DOCTYPE lolz [<!ENTITY lol \"lol\">");
    for (int i = 1; i <= 9; i++) {
      dtd.append("<!ENTITY lol").append(i).append(" \"");
      for (int j = 0; j < 10; j++) {
        dtd.append("&lol").append(i == 1 ? "" : Integer.toString(i - 1)).append(';');
      }
      dtd.append("\">");
    }
    dtd.append("]>");
    KmsProtocolException e = requestError("<?xml version=\"1.0\"?>" + dtd
        + "<KmsRequest xmlns=\"urn:3gpp:ns:mcsecKMSInterface:1.0\"><UserUri>&lol9;</UserUri></KmsRequest>");
    assertThat(e.reason()).isEqualTo(Reason.DOCTYPE_FORBIDDEN);
  }

  @Test
  void externalDtdIsNotFetched() throws Exception {
    try (ServerSocket server = new ServerSocket(0)) {
      server.setSoTimeout(300);
      String xml = "<?xml version=\"1.0\"?><!DOCTYPE KmsRequest SYSTEM \"http://127.0.0.1:" + server.getLocalPort()
          + "/evil.dtd\"><KmsRequest xmlns=\"urn:3gpp:ns:mcsecKMSInterface:1.0\"/>";
      assertThat(requestError(xml).reason()).isEqualTo(Reason.DOCTYPE_FORBIDDEN);
      assertThatThrownBy(server::accept).isInstanceOf(SocketTimeoutException.class); // nobody connected
    }
  }

  @Test
  void xincludeIsNotProcessed(@TempDir Path dir) throws Exception {
    Path included = dir.resolve("inc.xml");
    Files.writeString(included, "<UserUri xmlns=\"urn:3gpp:ns:mcsecKMSInterface:1.0\">sip:evil@x</UserUri>");
    String xml = "<KmsRequest xmlns=\"urn:3gpp:ns:mcsecKMSInterface:1.0\" xmlns:xi=\"http://www.w3.org/2001/XInclude\">"
        + "<xi:include href=\"" + included.toUri() + "\"/><KmsUri>k</KmsUri>"
        + "<Time>2026-03-01T12:00:00Z</Time><ClientReqUrl>u</ClientReqUrl></KmsRequest>";
    KmsProtocolException e = requestError(xml);
    assertThat(e.reason()).isEqualTo(Reason.MISSING_ELEMENT);
    assertThat(e.element()).isEqualTo("KmsRequest/UserUri");
  }

  @Test
  void oversizedBodyIsRefusedBeforeParsing() {
    KmsXmlReader small = KmsXmlReader.withMaxBytes(1000);
    byte[] big = new byte[1001];
    Arrays.fill(big, (byte) ' ');
    assertThatThrownBy(() -> small.readRequest(big))
        .isInstanceOfSatisfying(KmsProtocolException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE));
  }

  @Test
  void deepNestingIsRefused() {
    String open = "<a>".repeat(200);
    String close = "</a>".repeat(200);
    KmsProtocolException e = requestError("<KmsRequest xmlns=\"urn:3gpp:ns:mcsecKMSInterface:1.0\">" + open + close + "</KmsRequest>");
    assertThat(e.reason()).isEqualTo(Reason.MALFORMED_XML);
  }

  @Test
  void malformedAndEmptyBodies() {
    assertThat(requestError("").reason()).isEqualTo(Reason.MALFORMED_XML);
    assertThat(requestError("not xml").reason()).isEqualTo(Reason.MALFORMED_XML);
    assertThat(requestError("<KmsRequest xmlns=\"urn:3gpp:ns:mcsecKMSInterface:1.0\">").reason()).isEqualTo(Reason.MALFORMED_XML);
  }

  @Test
  void wrongRootOrNamespace() {
    KmsProtocolException e = requestError("<KmsResponse xmlns=\"urn:3gpp:ns:mcsecKMSInterface:1.0\"/>");
    assertThat(e.reason()).isEqualTo(Reason.UNEXPECTED_ROOT);
    assertThat(requestError("<KmsRequest xmlns=\"urn:other\"/>").reason()).isEqualTo(Reason.UNEXPECTED_ROOT);
  }

  @Test
  void missingDuplicateAndInvalidElementsAreNamed() {
    String base = sample("test_key_prov_response.xml");
    KmsProtocolException missing = responseError(base.replace("<KeyPeriodNo>625</KeyPeriodNo>", ""));
    assertThat(missing.reason()).isEqualTo(Reason.MISSING_ELEMENT);
    assertThat(missing.element()).isEqualTo("KmsResponse/KmsMessage/KmsKeyProv/KmsKeySet[1]/KeyPeriodNo");

    KmsProtocolException dup = responseError(base.replace("<UserUri>alice@org.com</UserUri>\n    <KmsUri>",
        "<UserUri>alice@org.com</UserUri><UserUri>bob@org.com</UserUri><KmsUri>"));
    assertThat(dup.reason()).isEqualTo(Reason.DUPLICATE_ELEMENT);
    assertThat(dup.element()).isEqualTo("KmsResponse/UserUri");

    KmsProtocolException period = responseError(base.replace(">625<", ">-1<"));
    assertThat(period.reason()).isEqualTo(Reason.INVALID_VALUE);
    assertThat(period.element()).endsWith("KmsKeySet[1]/KeyPeriodNo");

    KmsProtocolException time = responseError(base.replace("2021-05-17T13:25:16", "yesterday"));
    assertThat(time.element()).isEqualTo("KmsResponse/Time");

    KmsProtocolException uid = responseError(base.replace(Fixtures.USER_ID_HEX, "abcd"));
    assertThat(uid.element()).endsWith("KmsKeySet[1]/UserID");

    KmsProtocolException type = responseError(base.replace("<UserPubTokenPVT>", "<UserPubTokenPVT xsi:type=\"Other\">"));
    assertThat(type.element()).endsWith("UserPubTokenPVT/@xsi:type");

    KmsProtocolException nested = responseError(base.replace("<KmsUri>localhost:8080</KmsUri>\n    <Time>",
        "<KmsUri><b>x</b></KmsUri>\n    <Time>"));
    assertThat(nested.reason()).isEqualTo(Reason.INVALID_VALUE);
    assertThat(nested.element()).isEqualTo("KmsResponse/KmsUri");
  }

  @Test
  void wrongKeyLengthIsRefusedWithoutEchoingTheKey() {
    String base = sample("test_key_prov_response.xml");
    KmsProtocolException ssk = responseError(base.replace(Fixtures.SSK_HEX, Fixtures.SSK_HEX + "00"));
    assertThat(ssk.reason()).isEqualTo(Reason.INVALID_VALUE);
    assertThat(ssk.element()).endsWith("KmsKeySet[1]/UserSigningKeySSK");
    assertThat(ssk.getMessage()).contains("32 octets").doesNotContain("D31C6F");

    KmsProtocolException notHex = responseError(base.replace(Fixtures.SSK_HEX, "Z" + Fixtures.SSK_HEX.substring(1)));
    assertThat(notHex.getMessage()).contains("hexBinary").doesNotContain("31C6FD");

    KmsProtocolException rsk = responseError(base.replace(Fixtures.RSK_HEX, Fixtures.RSK_HEX.substring(2)));
    assertThat(rsk.element()).endsWith("UserDecryptKey");
  }

  @Test
  void unsupportedVersionsAndMessages() {
    String base = sample("test_init_response.xml");
    KmsProtocolException v = responseError(base.replace("<KmsInit Version=\"1.0.0\"", "<KmsInit Version=\"2.0.0\""));
    assertThat(v.reason()).isEqualTo(Reason.UNSUPPORTED_VERSION);
    assertThat(v.element()).isEqualTo("KmsResponse/KmsMessage/KmsInit/@Version");

    KmsProtocolException unknown = responseError(base.replaceAll("(?s)<KmsInit.*</KmsInit>", "<KmsSomethingElse/>"));
    assertThat(unknown.reason()).isEqualTo(Reason.UNSUPPORTED_CONTENT);

    // Rel-17 KmsLookup is read (our minimal form, UNCONFIRMED); without its fields it is refused.
    KmsProtocolException lookup = responseError(base.replaceAll("(?s)<KmsInit.*</KmsInit>", "<KmsLookup/>"));
    assertThat(lookup.reason()).isEqualTo(Reason.MISSING_ELEMENT);
    assertThat(lookup.element()).isEqualTo("KmsResponse/KmsMessage/KmsLookup/UserUri");

    KmsProtocolException none = responseError(base.replaceAll("(?s)<KmsMessage>.*</KmsMessage>", ""));
    assertThat(none.reason()).isEqualTo(Reason.MISSING_ELEMENT);

    KmsProtocolException role = responseError(base.replace("Role=\"Root\"", "Role=\"Boss\""));
    assertThat(role.element()).endsWith("KmsCertificate/@Role");
  }

  @Test
  void signedDocumentsNeedAPolicy() {
    KmsProtocolException e = responseError("<SignedKmsResponse xmlns=\"urn:3gpp:ns:mcsecKMSInterface:1.0\"/>");
    assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_CONTENT);
  }

  @Test
  void everyReasonHasADistinctKmsErrorCode() {
    assertThat(Arrays.stream(Reason.values()).mapToInt(Reason::kmsErrorCode).distinct().count())
        .isEqualTo(Reason.values().length);
  }
}

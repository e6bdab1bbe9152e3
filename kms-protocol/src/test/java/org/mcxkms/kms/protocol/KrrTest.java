package org.mcxkms.kms.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mcxkms.kms.protocol.KrrException.Reason;
import org.mcxkms.testkit.TestPki;

/** KMS Redirect Responses (TS 33.180 D.4): signing, nesting and every way one must be refused. */
class KrrTest {
  static final String P1 = "sip:processor.1@example.org";
  static final String P2 = "sip:processor.2@example.org";

  private final TestPki pki;
  private final KrrCredential processor1;
  private final KrrCredential processor2;
  private final KrrTrust trust;
  private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private final KrrXmlWriter writer = KrrXmlWriter.create();
  private final KrrXmlReader reader = KrrXmlReader.create();

  KrrTest() throws Exception {
    pki = TestPki.create("KRR test CA");
    TestPki.Issued a = pki.issue(P1);
    TestPki.Issued b = pki.issue(P2);
    processor1 = KrrCredential.of(a.key(), List.of(a.certificate()));
    processor2 = KrrCredential.of(b.key(), List.of(b.certificate()));
    trust = KrrTrust.of(List.of(pki.caCertificate()));
  }

  static KmsRedirectResponse krr(String id, String processor, Instant time, List<String> accepted, List<OpaqueXml> earlier) {
    return new KmsRedirectResponse(id, time, processor, "example:initiator@example.org", "example:receiver@example.org",
        "kms.reject.example.org", accepted, earlier);
  }

  private byte[] first() {
    return writer.write(krr("krr-1", P1, now.minusSeconds(5), List.of("kms.option1.example.org", "kms.option2.example.org"),
        List.of()), processor1);
  }

  /** The D.4.3 flow: processor 2 refuses option 2 of processor 1's KRR and embeds it. */
  private byte[] nested() throws Exception {
    OpaqueXml old = OpaqueXml.parse(new String(first(), StandardCharsets.UTF_8));
    return writer.write(krr("krr-2", P2, now, List.of("kms.option1.example.org"), List.of(old)), processor2);
  }

  private KrrException refused(byte[] xml) {
    try {
      reader.read(xml, trust, now);
    } catch (KrrException e) {
      return e;
    }
    throw new AssertionError("accepted:\n" + new String(xml, StandardCharsets.UTF_8));
  }

  private KrrException refused(String xml) {
    return refused(xml.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aSignedKrrVerifiesAndCarriesItsFields() throws Exception {
    byte[] xml = first();
    String text = new String(xml, StandardCharsets.UTF_8);
    assertThat(text).contains("xmlns=\"urn:3gpp:ns:mcsecKMSKRR:1.0\"")
        .contains("http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256")
        .contains("http://www.w3.org/2001/04/xmlenc#sha256")
        .contains("http://www.w3.org/TR/2001/REC-xml-c14n-20010315")
        .contains("<ds:X509Certificate>").contains("URI=\"#krr-1\"");
    VerifiedKrr v = reader.read(xml, trust, now);
    assertThat(v.krr().processorUri()).isEqualTo(P1);
    assertThat(v.krr().rejectedKmsUri()).isEqualTo("kms.reject.example.org");
    assertThat(v.krr().refuses("kms.reject.example.org")).isTrue();
    assertThat(v.krr().acceptedKmsUris()).containsExactly("kms.option1.example.org", "kms.option2.example.org");
    assertThat(v.krr().time()).isEqualTo(now.minusSeconds(5));
    assertThat(v.signer()).isEqualTo(processor1.chain().get(0));
    assertThat(v.earlier()).isEmpty();
  }

  @Test
  void aNestedKrrVerifiesEveryLevel() throws Exception {
    VerifiedKrr v = reader.read(nested(), trust, now);
    assertThat(v.krr().processorUri()).isEqualTo(P2);
    assertThat(v.krr().acceptedKmsUris()).containsExactly("kms.option1.example.org");
    assertThat(v.earlier()).hasSize(1);
    assertThat(v.earlier().get(0).krr().processorUri()).isEqualTo(P1);
    assertThat(v.earlier().get(0).signer()).isEqualTo(processor1.chain().get(0));
    assertThat(v.flatten()).hasSize(2);
  }

  @Test
  void alteringAFieldBreaksTheSignature() {
    String xml = new String(first(), StandardCharsets.UTF_8).replace("kms.option2.example.org", "kms.evil.example.org");
    KrrException e = refused(xml);
    assertThat(e.reason()).isEqualTo(Reason.BAD_SIGNATURE);
    assertThat(e.getMessage()).contains("digest");
  }

  @Test
  void alteringTheInnerKrrBreaksBothSignatures() throws Exception {
    // the outer signature covers the inner KRR verbatim
    String xml = new String(nested(), StandardCharsets.UTF_8);
    int inner = xml.indexOf("kms.option2.example.org");
    String altered = xml.substring(0, inner) + "kms.optionX.example.org" + xml.substring(inner + "kms.option2.example.org".length());
    assertThat(refused(altered).reason()).isEqualTo(Reason.BAD_SIGNATURE);
  }

  @Test
  void anInnerKrrThatDoesNotVerifyIsRefusedEvenWhenTheOuterSignatureIs() throws Exception {
    // processor 2 (honest signature) embeds a KRR altered after processor 1 signed it
    String tampered = new String(first(), StandardCharsets.UTF_8).replace("kms.option2.example.org", "kms.evil.example.org");
    byte[] outer = writer.write(krr("krr-2", P2, now, List.of(), List.of(OpaqueXml.parse(tampered.substring(tampered.indexOf("<Kms"))))), processor2);
    KrrException e = refused(outer);
    assertThat(e.reason()).isEqualTo(Reason.BAD_SIGNATURE);
    assertThat(e.element()).contains("KrrList/KmsRedirectResponse[1]");
  }

  @Test
  void anUnsignedKrrIsRefused() {
    String xml = new String(first(), StandardCharsets.UTF_8).replaceAll("(?s)<ds:Signature.*</ds:Signature>", "");
    assertThat(refused(xml).reason()).isEqualTo(Reason.UNSIGNED);
  }

  @Test
  void theWrongNamespaceOrRootIsRefused() {
    String xml = new String(first(), StandardCharsets.UTF_8);
    assertThat(refused(xml.replace("urn:3gpp:ns:mcsecKMSKRR:1.0", "urn:example:krr")).reason()).isEqualTo(Reason.WRONG_NAMESPACE);
    assertThat(refused("<KmsRequest xmlns=\"" + KmsXml.NS + "\"/>").reason()).isEqualTo(Reason.WRONG_NAMESPACE);
  }

  @Test
  void malformedInputIsRefusedAsMalformed() {
    assertThat(refused("<KmsRedirectResponse xmlns=\"" + KmsXml.KRR_NS + "\"").reason()).isEqualTo(Reason.MALFORMED);
    assertThat(refused("").reason()).isEqualTo(Reason.MALFORMED);
    assertThat(refused("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><KmsRedirectResponse xmlns=\""
        + KmsXml.KRR_NS + "\">&e;</KmsRedirectResponse>").reason()).isEqualTo(Reason.MALFORMED);
  }

  @Test
  void aDocumentOverTheSizeLimitIsRefusedBeforeParsing() {
    assertThatThrownBy(() -> KrrXmlReader.withMaxBytes(100).read(first(), trust, now))
        .isInstanceOfSatisfying(KrrException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED))
        .hasMessageContaining("limit");
  }

  @Test
  void aSignerOutsideTheTrustAnchorsIsUnknown() throws Exception {
    TestPki other = TestPki.create("another CA");
    KrrException e = assertRefusedUnder(KrrTrust.of(List.of(other.caCertificate())));
    assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_SIGNER);
    assertThat(assertRefusedUnder(KrrTrust.of(List.of())).reason()).isEqualTo(Reason.UNKNOWN_SIGNER);
  }

  private KrrException assertRefusedUnder(KrrTrust t) {
    try {
      reader.read(first(), t, now);
    } catch (KrrException e) {
      return e;
    }
    throw new AssertionError("accepted");
  }

  @Test
  void anExpiredSignerCertificateIsExpired() throws Exception {
    TestPki.Issued old = pki.issue(P1, now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1)));
    byte[] xml = writer.write(krr("krr-1", P1, now, List.of(), List.of()), KrrCredential.of(old.key(), List.of(old.certificate())));
    assertThat(refused(xml).reason()).isEqualTo(Reason.EXPIRED);
  }

  @Test
  void aKrrOlderThanTheMaximumAgeIsExpiredAndOneFromTheFutureMismatches() {
    byte[] old = writer.write(krr("krr-1", P1, now.minus(Duration.ofDays(2)), List.of(), List.of()), processor1);
    assertThat(refused(old).reason()).isEqualTo(Reason.EXPIRED);
    byte[] future = writer.write(krr("krr-1", P1, now.plus(Duration.ofHours(1)), List.of(), List.of()), processor1);
    assertThat(refused(future).reason()).isEqualTo(Reason.FIELD_MISMATCH);
  }

  @Test
  void theProcessorMustBeTheSigner() {
    byte[] xml = writer.write(krr("krr-1", P2, now, List.of(), List.of()), processor1);
    KrrException e = refused(xml);
    assertThat(e.reason()).isEqualTo(Reason.FIELD_MISMATCH);
    assertThat(e.element()).endsWith("ProcessorUri");
  }

  @Test
  void anEarlierKrrMadeAfterTheOneEmbeddingItIsRefused() throws Exception {
    byte[] later = writer.write(krr("krr-1", P1, now, List.of("kms.option1.example.org"), List.of()), processor1);
    byte[] outer = writer.write(krr("krr-2", P2, now.minus(Duration.ofHours(1)), List.of(),
        List.of(OpaqueXml.parse(new String(later, StandardCharsets.UTF_8).substring(new String(later, StandardCharsets.UTF_8).indexOf("<Kms"))))), processor2);
    assertThat(refused(outer).reason()).isEqualTo(Reason.FIELD_MISMATCH);
  }

  @Test
  void signatureWrappingIsRefused() {
    String xml = new String(first(), StandardCharsets.UTF_8);
    String body = xml.substring(xml.indexOf("<KmsRedirectResponse"));
    // 1. the signed KRR moved inside an attacker's KRR that reuses its signature and Id
    String evil = "<KmsRedirectResponse xmlns=\"" + KmsXml.KRR_NS + "\" Id=\"krr-1\"><Time>" + now + "</Time>"
        + "<ProcessorUri>" + P1 + "</ProcessorUri><InitiatorUri>a:b</InitiatorUri><ReceiverUri>a:c</ReceiverUri>"
        + "<RejectedKmsUri>kms.a</RejectedKmsUri><AcceptedKmsUri>kms.evil</AcceptedKmsUri><Wrapper>" + body + "</Wrapper>"
        + body.substring(body.indexOf("<ds:Signature"), body.indexOf("</ds:Signature>") + "</ds:Signature>".length())
        + "</KmsRedirectResponse>";
    assertThat(refused(evil).reason()).isEqualTo(Reason.BAD_SIGNATURE);
    // 2. a Reference to another Id
    assertThat(refused(xml.replace("URI=\"#krr-1\"", "URI=\"#other\"")).reason()).isEqualTo(Reason.BAD_SIGNATURE);
    // 3. a whole-document reference
    assertThat(refused(xml.replace("URI=\"#krr-1\"", "URI=\"\"")).reason()).isEqualTo(Reason.BAD_SIGNATURE);
    // 4. a second signature
    String sig = body.substring(body.indexOf("<ds:Signature"), body.indexOf("</ds:Signature>") + "</ds:Signature>".length());
    assertThat(refused(xml.replace("</KmsRedirectResponse>", sig + "</KmsRedirectResponse>")).reason()).isEqualTo(Reason.BAD_SIGNATURE);
  }

  @Test
  void anotherSignatureAlgorithmIsRefused() {
    String xml = new String(first(), StandardCharsets.UTF_8)
        .replace("http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256", "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256");
    assertThat(refused(xml).reason()).isEqualTo(Reason.BAD_SIGNATURE);
  }

  @Test
  void nestingIsBounded() throws Exception {
    byte[] xml = first();
    for (int i = 0; i <= KrrXmlReader.MAX_NESTING; i++) {
      String s = new String(xml, StandardCharsets.UTF_8);
      xml = writer.write(krr("krr-n" + i, P2, now, List.of(), List.of(OpaqueXml.parse(s.substring(s.indexOf("<Kms"))))), processor2);
    }
    assertThat(refused(xml).reason()).isEqualTo(Reason.TOO_DEEP);
  }

  @Test
  void aKrrListSplitsIntoStandaloneDocumentsThatStillVerify() throws Exception {
    OpaqueXml list = writer.krrList(List.of(first(), nested()));
    KmsRequest r = Fixtures.request("redirect").toBuilder().krrList(list).build();
    KmsRequest back = KmsXmlReader.create().readRequest(KmsXmlWriter.create().write(r));
    List<byte[]> krrs = reader.split(back.krrList().orElseThrow());
    assertThat(krrs).hasSize(2);
    assertThat(reader.read(krrs.get(0), trust, now).krr().processorUri()).isEqualTo(P1);
    assertThat(reader.read(krrs.get(1), trust, now).earlier()).hasSize(1);
  }

  @Test
  void aCredentialMustBeP256AndMatchItsCertificate() throws Exception {
    TestPki.Issued a = pki.issue(P1);
    TestPki.Issued b = pki.issue(P2);
    assertThatThrownBy(() -> KrrCredential.of(a.key(), List.of(b.certificate())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not belong");
    TestPki.Issued p384 = pki.issueP384(P1);
    assertThatThrownBy(() -> KrrCredential.of(p384.key(), List.of(p384.certificate())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("P-256");
    assertThat(processor1.toString()).contains(P1).doesNotContain("PRIVATE");
    assertThat(processor1.identity()).isEqualTo(P1);
  }

  @Test
  void uriFieldsWithWhitespaceOrOverlongAreMalformed() {
    byte[] spaced = writer.write(new KmsRedirectResponse("krr-1", now, P1, "sip:a@example.org", "sip:b@example.org\r\nforged: line",
        "kms.reject.example.org", List.of(), List.of()), processor1);
    KrrException e = refused(spaced);
    assertThat(e.reason()).isEqualTo(Reason.MALFORMED);
    assertThat(e.element()).endsWith("ReceiverUri");
    byte[] longUri = writer.write(krr("krr-1", P1, now, List.of("kms." + "x".repeat(KrrXmlReader.MAX_URI_CHARS) + ".example"),
        List.of()), processor1);
    assertThat(refused(longUri).reason()).isEqualTo(Reason.MALFORMED);
  }
}

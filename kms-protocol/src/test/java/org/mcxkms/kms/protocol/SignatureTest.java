package org.mcxkms.kms.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.Random;
import javax.crypto.spec.SecretKeySpec;
import javax.xml.crypto.dsig.CanonicalizationMethod;
import javax.xml.crypto.dsig.DigestMethod;
import javax.xml.crypto.dsig.Reference;
import javax.xml.crypto.dsig.SignatureMethod;
import javax.xml.crypto.dsig.SignedInfo;
import javax.xml.crypto.dsig.Transform;
import javax.xml.crypto.dsig.XMLSignatureFactory;
import javax.xml.crypto.dsig.dom.DOMSignContext;
import javax.xml.crypto.dsig.keyinfo.KeyInfoFactory;
import javax.xml.crypto.dsig.spec.C14NMethodParameterSpec;
import javax.xml.crypto.dsig.spec.TransformParameterSpec;
import org.junit.jupiter.api.Test;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.crypto.SecretBytes;
import org.mcxkms.kms.protocol.KmsProtocolException.Reason;
import org.mcxkms.kms.protocol.security.ProtectionKey;
import org.mcxkms.kms.protocol.security.ProtectionKeyResolver;
import org.mcxkms.kms.protocol.security.SignaturePolicy;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** XML-DSig HMAC-SHA256 under the InK/TrK: round trips and every way a signature must be refused. */
class SignatureTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final KmsXmlWriter writer = KmsXmlWriter.create();
  private final KmsXmlReader reader = KmsXmlReader.create();
  private final ProtectionKey ink = ProtectionKey.generate(ProtectionKey.Kind.INTEGRITY, "ink.12.alice@example.org", RANDOM);
  private final ProtectionKey trk = ProtectionKey.generate(ProtectionKey.Kind.TRANSPORT, "trk.12.alice@example.org", RANDOM);
  private final SignaturePolicy required = SignaturePolicy.required(ProtectionKeyResolver.of(ink, trk));

  private KmsResponse response() {
    return Fixtures.response("keyprov", KmsKeyProv.of(List.of(
        Fixtures.keySet("sip:alice@example.org", 1388), Fixtures.keySet("sip:alice@example.org", 1389)))).build();
  }

  private String signedResponse() {
    return new String(writer.writeSigned(response(), ink), StandardCharsets.UTF_8);
  }

  private KmsProtocolException refused(String xml, SignaturePolicy policy) {
    try {
      reader.readResponse(xml.getBytes(StandardCharsets.UTF_8), policy);
    } catch (KmsProtocolException e) {
      return e;
    }
    throw new AssertionError("accepted:\n" + xml);
  }

  @Test
  void signedResponseRoundTripsAndFollowsTheProfile() throws Exception {
    String xml = signedResponse();
    assertThat(xml).contains("<ds:CanonicalizationMethod Algorithm=\"" + KmsXml.C14N + "\"/>")
        .contains("<ds:SignatureMethod Algorithm=\"" + KmsXml.HMAC_SHA256 + "\"/>")
        .contains("<ds:Reference URI=\"#xmldoc\">")
        .contains("<ds:DigestMethod Algorithm=\"" + KmsXml.SHA256 + "\"/>")
        .contains("<ds:KeyName>ink.12.alice@example.org</ds:KeyName>")
        .contains("<Signature-ID>ink.12.alice@example.org</Signature-ID>")
        .doesNotContain("Transforms");
    Received<KmsResponse> r = reader.readResponse(xml.getBytes(StandardCharsets.UTF_8), required);
    assertThat(r.isSigned()).isTrue();
    assertThat(r.signedBy()).contains(ink);
    assertThat(r.document()).isEqualTo(response().toBuilder().signatureId(ink.id()).build());
    KmsSchema.rel17().validate(xml.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void signedRequestRoundTripsWithTheTrkWhenThereIsNoInk() throws Exception {
    KmsRequest request = Fixtures.request("keyprov").toBuilder().id(null).trkId(trk.id()).build();
    byte[] xml = writer.writeSigned(request, trk);
    KmsSchema.rel17().validate(xml);
    Received<KmsRequest> r = reader.readRequest(xml, SignaturePolicy.ifSigned(ProtectionKeyResolver.of(trk)));
    assertThat(r.signedBy()).contains(trk);
    assertThat(r.document().id()).contains("kmsRequest");
    assertThat(r.document().signatureId()).contains(trk.id());
    assertThat(r.document().trkId()).contains(trk.id());
    // An unsigned request is accepted under "if signed" and refused under "required".
    byte[] plain = writer.write(request);
    assertThat(reader.readRequest(plain, SignaturePolicy.ifSigned(ProtectionKeyResolver.of(trk))).isSigned()).isFalse();
    assertThatThrownBy(() -> reader.readRequest(plain, required)).isInstanceOfSatisfying(KmsProtocolException.class,
        e -> assertThat(e.reason()).isEqualTo(Reason.SIGNATURE_REQUIRED));
    // Without a policy a signed request is not silently accepted.
    assertThatThrownBy(() -> reader.readRequest(xml)).isInstanceOf(KmsProtocolException.class);
    assertThatThrownBy(() -> reader.readRequest(xml, SignaturePolicy.none()))
        .isInstanceOfSatisfying(KmsProtocolException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_KEY));
  }

  @Test
  void alteredContentIsRefused() {
    String xml = signedResponse();
    String[] alterations = {
        xml.replace("<KeyPeriodNo>1389</KeyPeriodNo>", "<KeyPeriodNo>1390</KeyPeriodNo>"),
        xml.replaceFirst("<UserUri>sip:alice@example.org</UserUri>", "<UserUri>sip:mallory@example.org</UserUri>"),
        xml.replace(Fixtures.SSK_HEX, "E" + Fixtures.SSK_HEX.substring(1)),
        xml.replace("<Revoked>false</Revoked>", "<Revoked>true</Revoked>"),
    };
    for (String altered : alterations) {
      assertThat(altered).isNotEqualTo(xml);
      KmsProtocolException e = refused(altered, required);
      assertThat(e.reason()).isEqualTo(Reason.SIGNATURE_INVALID);
      assertThat(e.getMessage()).contains("altered");
    }
  }

  @Test
  void flippedByteAnywhereInTheSignedResponseIsRefused() {
    byte[] xml = writer.writeSigned(response(), ink);
    long seed = RANDOM.nextLong();
    Random rnd = new Random(seed);
    int start = new String(xml, StandardCharsets.UTF_8).indexOf("<KmsResponse");
    int end = new String(xml, StandardCharsets.UTF_8).indexOf("</KmsResponse>");
    for (int i = 0; i < 40; i++) {
      byte[] copy = xml.clone();
      int at = start + rnd.nextInt(end - start);
      copy[at] ^= (byte) (1 << rnd.nextInt(7));
      try {
        reader.readResponse(copy, required);
        // Accepting is only fine if the flip did not change the document (never for XML text).
        throw new AssertionError("accepted a flip at " + at + " (seed " + seed + ")");
      } catch (KmsProtocolException e) {
        assertThat(e.getMessage()).as("seed " + seed).doesNotContain(Fixtures.SSK_HEX);
      }
    }
  }

  @Test
  void wrongKeyIsRefused() {
    ProtectionKey otherInk = ProtectionKey.generate(ProtectionKey.Kind.INTEGRITY, ink.id(), RANDOM);
    KmsProtocolException e = refused(signedResponse(), SignaturePolicy.required(ProtectionKeyResolver.of(otherInk)));
    assertThat(e.reason()).isEqualTo(Reason.SIGNATURE_INVALID);
    assertThat(e.getMessage()).contains("SignatureValue does not verify").doesNotContain("redacted");

    KmsProtocolException unknown = refused(signedResponse(), SignaturePolicy.required(ProtectionKeyResolver.of(trk)));
    assertThat(unknown.reason()).isEqualTo(Reason.UNKNOWN_KEY);
    assertThat(unknown.element()).endsWith("ds:KeyName");
  }

  @Test
  void alteredSignatureValueOrKeyNameIsRefused() {
    String xml = signedResponse();
    int v = xml.indexOf("<ds:SignatureValue>") + "<ds:SignatureValue>".length();
    char c = xml.charAt(v);
    String flipped = xml.substring(0, v) + (c == 'A' ? 'B' : 'A') + xml.substring(v + 1);
    assertThat(refused(flipped, required).reason()).isEqualTo(Reason.SIGNATURE_INVALID);
    // Pointing KeyName at the TrK (also held by the reader) does not help: the HMAC fails.
    String otherName = xml.replace("<ds:KeyName>" + ink.id(), "<ds:KeyName>" + trk.id());
    assertThat(refused(otherName, required).reason()).isEqualTo(Reason.SIGNATURE_INVALID);
  }

  @Test
  void removedSignatureIsRefusedWhenRequired() throws Exception {
    String xml = signedResponse().replaceAll("(?s)<ds:Signature .*</ds:Signature>", "");
    assertThat(xml).doesNotContain("ds:Signature");
    assertThat(refused(xml, required).reason()).isEqualTo(Reason.SIGNATURE_REQUIRED);
    // An unsigned SignedKmsResponse is acceptable only when signatures are optional.
    Received<KmsResponse> r = reader.readResponse(xml.getBytes(StandardCharsets.UTF_8),
        SignaturePolicy.ifSigned(ProtectionKeyResolver.of(ink)));
    assertThat(r.isSigned()).isFalse();
    // A plain KmsResponse when a signature is required.
    assertThat(refused(new String(writer.write(response()), StandardCharsets.UTF_8), required).reason())
        .isEqualTo(Reason.SIGNATURE_REQUIRED);
  }

  /** The signed response moves into the signature's ds:Object; a forged one takes its place. */
  @Test
  void wrappingWithTheOriginalMovedAndAForgedElementInItsPlace() throws Exception {
    Document doc = parse(signedResponse());
    Element wrapper = doc.getDocumentElement();
    Element original = child(wrapper, KmsXml.NS, "KmsResponse");
    Element signature = child(wrapper, KmsXml.DS_NS, "Signature");
    Element forged = (Element) original.cloneNode(true);
    text(forged, "UserUri", "sip:mallory@example.org");

    // (a) forged element with another Id, original moved into ds:Object
    forged.setAttributeNS(null, "Id", "forged");
    Element object = doc.createElementNS(KmsXml.DS_NS, "ds:Object");
    signature.appendChild(object);
    wrapper.replaceChild(forged, original);
    object.appendChild(original);
    KmsProtocolException a = refused(SecureXml.serializeToString(doc), required);
    assertThat(a.reason()).isEqualTo(Reason.SIGNATURE_INVALID);

    // (b) forged element with the SAME Id, original still in ds:Object: Id no longer unique
    forged.setAttributeNS(null, "Id", "xmldoc");
    KmsProtocolException b = refused(SecureXml.serializeToString(doc), required);
    assertThat(b.reason()).isEqualTo(Reason.SIGNATURE_INVALID);
    assertThat(b.getMessage()).contains("unique");

    // (c) original hidden inside an extension element of the forged response
    signature.removeChild(object);
    Element ext = doc.createElementNS("urn:evil", "e:Ext");
    forged.appendChild(ext);
    ext.appendChild(original);
    KmsProtocolException c = refused(SecureXml.serializeToString(doc), required);
    assertThat(c.reason()).isEqualTo(Reason.SIGNATURE_INVALID);

    // (d) original removed, forged has its Id: the digest does not match
    forged.removeChild(ext);
    KmsProtocolException d = refused(SecureXml.serializeToString(doc), required);
    assertThat(d.reason()).isEqualTo(Reason.SIGNATURE_INVALID);
    assertThat(d.getMessage()).contains("altered");
  }

  @Test
  void wrappingWithTwoResponsesSideBySide() throws Exception {
    Document doc = parse(signedResponse());
    Element wrapper = doc.getDocumentElement();
    Element original = child(wrapper, KmsXml.NS, "KmsResponse");
    Element forged = (Element) original.cloneNode(true);
    forged.setAttributeNS(null, "Id", "forged");
    text(forged, "UserUri", "sip:mallory@example.org");
    wrapper.insertBefore(forged, original); // the reader would read the first one
    KmsProtocolException e = refused(SecureXml.serializeToString(doc), required);
    assertThat(e.reason()).isEqualTo(Reason.SIGNATURE_INVALID);
    assertThat(e.element()).isEqualTo("SignedKmsResponse");
  }

  @Test
  void signatureOverTheWholeDocumentOrWithOtherTransformsIsRefused() throws Exception {
    XMLSignatureFactory f = XMLSignatureFactory.getInstance("DOM");
    // URI="" with the enveloped-signature transform: valid XML-DSig, not our profile.
    Reference whole = f.newReference("", f.newDigestMethod(DigestMethod.SHA256, null),
        List.of(f.newTransform(Transform.ENVELOPED, (TransformParameterSpec) null)), null, null);
    KmsProtocolException e = refused(signOwnWay(f, List.of(whole), SignatureMethod.HMAC_SHA256), required);
    assertThat(e.reason()).isEqualTo(Reason.SIGNATURE_INVALID);
    assertThat(e.element()).endsWith("ds:Reference/@URI");

    // Right URI but an extra transform.
    Reference withBase64 = f.newReference("#xmldoc", f.newDigestMethod(DigestMethod.SHA256, null),
        List.of(f.newTransform(Transform.ENVELOPED, (TransformParameterSpec) null)), null, null);
    KmsProtocolException t = refused(signOwnWay(f, List.of(withBase64), SignatureMethod.HMAC_SHA256), required);
    assertThat(t.element()).endsWith("ds:Transforms");

    // Two references.
    Reference one = f.newReference("#xmldoc", f.newDigestMethod(DigestMethod.SHA256, null));
    Reference two = f.newReference("#xmldoc", f.newDigestMethod(DigestMethod.SHA256, null));
    KmsProtocolException r = refused(signOwnWay(f, List.of(one, two), SignatureMethod.HMAC_SHA256), required);
    assertThat(r.getMessage()).contains("2 references");

    // Another MAC algorithm.
    Reference ref = f.newReference("#xmldoc", f.newDigestMethod(DigestMethod.SHA256, null));
    KmsProtocolException m = refused(signOwnWay(f, List.of(ref), SignatureMethod.HMAC_SHA512), required);
    assertThat(m.reason()).isEqualTo(Reason.UNSUPPORTED_ALGORITHM);

    // Another digest.
    Reference sha512 = f.newReference("#xmldoc", f.newDigestMethod(DigestMethod.SHA512, null));
    KmsProtocolException dg = refused(signOwnWay(f, List.of(sha512), SignatureMethod.HMAC_SHA256), required);
    assertThat(dg.reason()).isEqualTo(Reason.UNSUPPORTED_ALGORITHM);

    // Sanity: our own profile signed the same way is accepted, so the refusals above are not an artefact.
    Reference good = f.newReference("#xmldoc", f.newDigestMethod(DigestMethod.SHA256, null));
    reader.readResponse(signOwnWay(f, List.of(good), SignatureMethod.HMAC_SHA256).getBytes(StandardCharsets.UTF_8), required);
  }

  @Test
  void signatureIdMustNameTheSigningKey() throws Exception {
    assertThatThrownBy(() -> writer.writeSigned(response().toBuilder().signatureId("someone-else").build(), ink))
        .isInstanceOf(IllegalArgumentException.class);
    // Forge: a document whose Signature-ID names the TrK, signed (validly) with the InK.
    String xml = signedResponse().replace("<Signature-ID>" + ink.id(), "<Signature-ID>" + trk.id());
    Document doc = parse(xml);
    Element wrapper = doc.getDocumentElement();
    wrapper.removeChild(child(wrapper, KmsXml.DS_NS, "Signature"));
    XmlDsig.sign(child(wrapper, KmsXml.NS, "KmsResponse"), wrapper, ink);
    KmsProtocolException e = refused(SecureXml.serializeToString(doc), required);
    assertThat(e.reason()).isEqualTo(Reason.SIGNATURE_INVALID);
    assertThat(e.element()).endsWith("Signature-ID");
  }

  @Test
  void keyIdsAndKeysAreValidated() {
    SecretBytes shortKey = SecretBytes.copyOf(new byte[16], SecretAccess.get());
    assertThatThrownBy(() -> ProtectionKey.integrity("ink", shortKey)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ProtectionKey.generate(ProtectionKey.Kind.INTEGRITY, "", RANDOM))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ProtectionKey.generate(ProtectionKey.Kind.INTEGRITY, "a\nb", RANDOM))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ProtectionKeyResolver.of(ink, ProtectionKey.generate(ProtectionKey.Kind.TRANSPORT, ink.id(), RANDOM)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(ink.toString()).contains(ink.id()).contains("redacted");
  }

  @Test
  void signedInitResponseWithTrk() throws Exception {
    KmsResponse init = Fixtures.response("init", KmsInit.of(Fixtures.certificate())).build();
    byte[] xml = writer.writeSigned(init, trk);
    KmsSchema.annexD().validate(new String(xml, StandardCharsets.UTF_8)
        .replaceAll("\\s*<Signature-ID>.*</Signature-ID>", "").getBytes(StandardCharsets.UTF_8)); // structure without Rel-17
    KmsSchema.rel17().validate(xml);
    assertThat(reader.readResponse(xml, required).signedBy()).contains(trk);
  }

  // ---------------------------------------------------------------- helpers

  /** Signs the response with the JDK directly, with whatever references and method we like. */
  private String signOwnWay(XMLSignatureFactory f, List<Reference> refs, String method) throws Exception {
    Document doc = parse(signedResponse());
    Element wrapper = doc.getDocumentElement();
    wrapper.removeChild(child(wrapper, KmsXml.DS_NS, "Signature"));
    Element signed = child(wrapper, KmsXml.NS, "KmsResponse");
    SignedInfo si = f.newSignedInfo(
        f.newCanonicalizationMethod(CanonicalizationMethod.INCLUSIVE, (C14NMethodParameterSpec) null),
        f.newSignatureMethod(method, null), refs);
    KeyInfoFactory kif = f.getKeyInfoFactory();
    DOMSignContext ctx = new DOMSignContext(
        new SecretKeySpec(ink.secret().toByteArray(SecretAccess.get()), "HmacSHA256"), wrapper);
    ctx.setDefaultNamespacePrefix("ds");
    ctx.setIdAttributeNS(signed, null, "Id");
    f.newXMLSignature(si, kif.newKeyInfo(List.of(kif.newKeyName(ink.id())))).sign(ctx);
    return SecureXml.serializeToString(doc);
  }

  private static Document parse(String xml) throws KmsProtocolException {
    return SecureXml.parse(xml.getBytes(StandardCharsets.UTF_8), 1 << 20, "test");
  }

  private static Element child(Element parent, String ns, String name) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element && ns.equals(n.getNamespaceURI()) && name.equals(n.getLocalName())) {
        return (Element) n;
      }
    }
    throw new AssertionError("no " + name);
  }

  private static void text(Element parent, String name, String value) {
    child(parent, KmsXml.NS, name).setTextContent(value);
  }
}

package org.mcxkms.kms.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.apache.xml.security.Init;
import org.apache.xml.security.c14n.Canonicalizer;
import org.apache.xml.security.signature.XMLSignature;
import org.apache.xml.security.transforms.Transforms;
import org.apache.xml.security.utils.Constants;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcxkms.kms.protocol.KrrException.Reason;
import org.mcxkms.testkit.TestPki;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The KRR signature profile (TS 33.180 D.4.2) against two independent XML-DSig implementations in
 * the same run: Apache Santuario (Java) and xmlsec1 (the C XML Security Library, Debian package
 * {@code xmlsec1}). Each signs a KRR that our reader verifies, and verifies a KRR our writer signed;
 * a KRR one of them signed and then altered is refused by us.
 */
class KrrInteropTest {
  private static final String P1 = "sip:processor.1@example.org";
  private static final String NS = KmsXml.KRR_NS;

  @TempDir Path dir;

  private final TestPki pki;
  private final TestPki.Issued signer;
  private final KrrCredential credential;
  private final KrrTrust trust;
  private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  KrrInteropTest() throws Exception {
    pki = TestPki.create("KRR interop CA");
    signer = pki.issue(P1);
    credential = KrrCredential.of(signer.key(), List.of(signer.certificate()));
    trust = KrrTrust.of(List.of(pki.caCertificate()));
  }

  @BeforeAll
  static void santuario() {
    Init.init();
  }

  /** An unsigned KRR written by hand, not by our writer. */
  private String unsigned(String id, String signature) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<KmsRedirectResponse xmlns=\"" + NS + "\" Id=\"" + id
        + "\" Version=\"1.0.0\">\n  <Time>" + now + "</Time>\n  <ProcessorUri>" + P1 + "</ProcessorUri>\n"
        + "  <InitiatorUri>example:initiator@example.org</InitiatorUri>\n  <ReceiverUri>example:receiver@example.org</ReceiverUri>\n"
        + "  <RejectedKmsUri>kms.reject.example.org</RejectedKmsUri>\n  <AcceptedKmsUri>kms.option1.example.org</AcceptedKmsUri>\n"
        + signature + "</KmsRedirectResponse>\n";
  }

  private static Document parse(byte[] xml) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
  }

  // ------------------------------------------------------------------ Apache Santuario

  private byte[] signWithSantuario(String id) throws Exception {
    Document doc = parse(unsigned(id, "").getBytes(StandardCharsets.UTF_8));
    Element root = doc.getDocumentElement();
    root.setIdAttributeNS(null, "Id", true);
    XMLSignature sig = new XMLSignature(doc, null, XMLSignature.ALGO_ID_SIGNATURE_ECDSA_SHA256, Canonicalizer.ALGO_ID_C14N_OMIT_COMMENTS);
    root.appendChild(sig.getElement());
    Transforms t = new Transforms(doc);
    t.addTransform(Transforms.TRANSFORM_ENVELOPED_SIGNATURE);
    sig.addDocument("#" + id, t, "http://www.w3.org/2001/04/xmlenc#sha256");
    sig.addKeyInfo(signer.certificate());
    sig.sign(signer.key());
    return serialize(doc);
  }

  private static byte[] serialize(Document doc) throws Exception {
    Transformer tr = TransformerFactory.newInstance().newTransformer();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    tr.transform(new DOMSource(doc), new StreamResult(out));
    return out.toByteArray();
  }

  private static boolean santuarioVerifies(byte[] xml, PublicKey key) throws Exception {
    Document doc = parse(xml);
    Element root = doc.getDocumentElement();
    root.setIdAttributeNS(null, "Id", true);
    Element sigEl = null; // the root's own signature, not one of a nested KRR
    for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && Constants.SignatureSpecNS.equals(e.getNamespaceURI()) && "Signature".equals(e.getLocalName())) {
        sigEl = e;
      }
    }
    XMLSignature sig = new XMLSignature(sigEl, "", true);
    assertThat(sig.getKeyInfo().getX509Certificate().getPublicKey()).isEqualTo(key);
    return sig.checkSignatureValue(key);
  }

  @Test
  void aKrrSignedBySantuarioVerifiesWithUs() throws Exception {
    byte[] xml = signWithSantuario("krr-santuario");
    VerifiedKrr v = KrrXmlReader.create().read(xml, trust, now);
    assertThat(v.krr().processorUri()).isEqualTo(P1);
    assertThat(v.krr().acceptedKmsUris()).containsExactly("kms.option1.example.org");
    String altered = new String(xml, StandardCharsets.UTF_8).replace("kms.option1", "kms.option9");
    assertThat(refusal(altered.getBytes(StandardCharsets.UTF_8))).isEqualTo(Reason.BAD_SIGNATURE);
  }

  @Test
  void aKrrWeSignedVerifiesWithSantuario() throws Exception {
    KmsRedirectResponse krr = KrrTest.krr("krr-ours", P1, now, List.of("kms.option1.example.org"), List.of());
    byte[] xml = KrrXmlWriter.create().write(krr, credential);
    assertThat(santuarioVerifies(xml, signer.certificate().getPublicKey())).isTrue();
    byte[] altered = new String(xml, StandardCharsets.UTF_8).replace("kms.option1", "kms.option9").getBytes(StandardCharsets.UTF_8);
    assertThat(santuarioVerifies(altered, signer.certificate().getPublicKey())).isFalse();
  }

  @Test
  void aNestedKrrWeSignedVerifiesWithSantuarioAtEachLevel() throws Exception {
    byte[] inner = signWithSantuario("krr-inner");
    String innerText = new String(inner, StandardCharsets.UTF_8);
    KmsRedirectResponse krr = KrrTest.krr("krr-outer", P1, now, List.of(),
        List.of(OpaqueXml.parse(innerText.substring(innerText.indexOf("<KmsRedirectResponse")))));
    byte[] xml = KrrXmlWriter.create().write(krr, credential);
    assertThat(santuarioVerifies(xml, signer.certificate().getPublicKey())).isTrue();
    VerifiedKrr v = KrrXmlReader.create().read(xml, trust, now);
    assertThat(v.earlier()).hasSize(1);
    assertThat(v.earlier().get(0).krr().id()).isEqualTo("krr-inner");
  }

  // ------------------------------------------------------------------ xmlsec1

  private static final String TEMPLATE_SIGNATURE = """
        <ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#">
          <ds:SignedInfo>
            <ds:CanonicalizationMethod Algorithm="http://www.w3.org/TR/2001/REC-xml-c14n-20010315"/>
            <ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256"/>
            <ds:Reference URI="#krr-xmlsec1">
              <ds:Transforms><ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/></ds:Transforms>
              <ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>
              <ds:DigestValue/>
            </ds:Reference>
          </ds:SignedInfo>
          <ds:SignatureValue/>
          <ds:KeyInfo><ds:X509Data/></ds:KeyInfo>
        </ds:Signature>
      """;

  private record Run(int code, String output) {}

  private static Run xmlsec1(String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add("xmlsec1");
    cmd.addAll(List.of(args));
    Process p;
    try {
      p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new AssertionError("xmlsec1 is not installed; this interoperability test needs it: "
          + "apt-get install xmlsec1 (.ci/run installs it)", e);
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), out);
  }

  private static final String ID_ATTR = "--id-attr:Id";
  private static final String ID_NODE = NS + ":KmsRedirectResponse";

  @Test
  void aKrrSignedByXmlsec1VerifiesWithUs() throws Exception {
    signer.writePem(dir, "signer");
    Path template = dir.resolve("template.xml");
    Files.writeString(template, unsigned("krr-xmlsec1", TEMPLATE_SIGNATURE));
    Path signed = dir.resolve("signed.xml");
    Run r = xmlsec1("--sign", "--privkey-pem", dir.resolve("signer.key") + "," + dir.resolve("signer.pem"), ID_ATTR, ID_NODE,
        "--output", signed.toString(), template.toString());
    assertThat(r.code()).as(r.output()).isZero();
    byte[] xml = Files.readAllBytes(signed);
    VerifiedKrr v = KrrXmlReader.create().read(xml, trust, now);
    assertThat(v.krr().id()).isEqualTo("krr-xmlsec1");
    assertThat(v.signer()).isEqualTo(signer.certificate());
    String altered = new String(xml, StandardCharsets.UTF_8).replace("kms.reject", "kms.accept");
    assertThat(refusal(altered.getBytes(StandardCharsets.UTF_8))).isEqualTo(Reason.BAD_SIGNATURE);
  }

  @Test
  void aKrrWeSignedVerifiesWithXmlsec1AgainstTheCa() throws Exception {
    Files.writeString(dir.resolve("ca.pem"), TestPki.pem(List.of(pki.caCertificate())));
    KmsRedirectResponse krr = KrrTest.krr("krr-ours", P1, now, List.of("kms.option1.example.org"), List.of());
    Path ours = dir.resolve("ours.xml");
    Files.write(ours, KrrXmlWriter.create().write(krr, credential));
    Run ok = xmlsec1("--verify", "--trusted-pem", dir.resolve("ca.pem").toString(), ID_ATTR, ID_NODE, ours.toString());
    assertThat(ok.code()).as(ok.output()).isZero();
    assertThat(ok.output()).contains("OK");

    Path altered = dir.resolve("altered.xml");
    Files.writeString(altered, Files.readString(ours).replace("kms.option1", "kms.option9"));
    Run bad = xmlsec1("--verify", "--trusted-pem", dir.resolve("ca.pem").toString(), ID_ATTR, ID_NODE, altered.toString());
    assertThat(bad.code()).as(bad.output()).isNotZero();

    TestPki other = TestPki.create("another CA");
    Files.writeString(dir.resolve("other.pem"), TestPki.pem(List.of(other.caCertificate())));
    Run untrusted = xmlsec1("--verify", "--trusted-pem", dir.resolve("other.pem").toString(), ID_ATTR, ID_NODE, ours.toString());
    assertThat(untrusted.code()).as(untrusted.output()).isNotZero();
  }

  private Reason refusal(byte[] xml) {
    try {
      KrrXmlReader.create().read(xml, trust, now);
    } catch (KrrException e) {
      return e.reason();
    }
    return null;
  }
}

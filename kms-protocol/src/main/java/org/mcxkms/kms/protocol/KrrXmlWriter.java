package org.mcxkms.kms.protocol;

import java.nio.charset.StandardCharsets;
import java.security.InvalidAlgorithmParameterException;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.crypto.MarshalException;
import javax.xml.crypto.dsig.CanonicalizationMethod;
import javax.xml.crypto.dsig.DigestMethod;
import javax.xml.crypto.dsig.Reference;
import javax.xml.crypto.dsig.SignatureMethod;
import javax.xml.crypto.dsig.SignedInfo;
import javax.xml.crypto.dsig.Transform;
import javax.xml.crypto.dsig.XMLSignatureException;
import javax.xml.crypto.dsig.XMLSignatureFactory;
import javax.xml.crypto.dsig.dom.DOMSignContext;
import javax.xml.crypto.dsig.keyinfo.KeyInfo;
import javax.xml.crypto.dsig.keyinfo.KeyInfoFactory;
import javax.xml.crypto.dsig.spec.C14NMethodParameterSpec;
import javax.xml.crypto.dsig.spec.TransformParameterSpec;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Writes and signs KMS Redirect Responses (TS 33.180 D.4) with the XML Signature 1.1 profile of
 * D.4.2, on the JDK's javax.xml.crypto.dsig:
 * <pre>
 * ds:Signature (last child of the KmsRedirectResponse it signs)
 *   SignedInfo: CanonicalizationMethod REC-xml-c14n-20010315, SignatureMethod xmldsig-more#ecdsa-sha256,
 *               one Reference URI="#Id of the KRR", Transforms enveloped-signature, DigestMethod xmlenc#sha256
 *   KeyInfo/X509Data/X509Certificate: the signer's certificate, then intermediates
 * </pre>
 * The reference names the KRR by its Id rather than {@code URI=""}, so the signature still
 * resolves when the KRR is embedded in a later one (D.4.3). Thread-safe.
 */
public final class KrrXmlWriter {
  private KrrXmlWriter() {}

  public static KrrXmlWriter create() {
    return new KrrXmlWriter();
  }

  /** The KRR as a signed UTF-8 document. */
  public byte[] write(KmsRedirectResponse krr, KrrCredential signer) {
    Document doc = SecureXml.newDocument();
    Element root = doc.createElementNS(KmsXml.KRR_NS, "KmsRedirectResponse");
    root.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns", KmsXml.KRR_NS);
    root.setAttributeNS(null, "Id", krr.id());
    root.setAttributeNS(null, "Version", KmsRedirectResponse.VERSION);
    doc.appendChild(root);
    text(root, "Time", XmlValues.formatDateTime(krr.time()));
    text(root, "ProcessorUri", krr.processorUri());
    text(root, "InitiatorUri", krr.initiatorUri());
    text(root, "ReceiverUri", krr.receiverUri());
    text(root, "RejectedKmsUri", krr.rejectedKmsUri());
    for (String u : krr.acceptedKmsUris()) {
      text(root, "AcceptedKmsUri", u);
    }
    if (!krr.earlier().isEmpty()) {
      Element list = doc.createElementNS(KmsXml.KRR_NS, "KrrList");
      root.appendChild(list);
      for (OpaqueXml e : krr.earlier()) {
        list.appendChild(doc.importNode(parseElement(e), true));
      }
    }
    sign(root, signer);
    return SecureXml.serialize(doc);
  }

  /**
   * A {@code KrrList} for the {@code redirect} request (TS 33.180 D.2.2): the given KRR documents,
   * each carried verbatim.
   *
   * @throws KmsProtocolException if a document is not a single well-formed element
   */
  public OpaqueXml krrList(List<byte[]> krrs) throws KmsProtocolException {
    StringBuilder sb = new StringBuilder("<KrrList xmlns=\"").append(KmsXml.NS).append("\">");
    for (byte[] krr : krrs) {
      sb.append(OpaqueXml.parse(new String(krr, StandardCharsets.UTF_8)).xml());
    }
    return OpaqueXml.parse(sb.append("</KrrList>").toString());
  }

  private static Element parseElement(OpaqueXml xml) {
    try {
      return SecureXml.parse(xml.xml().getBytes(StandardCharsets.UTF_8), Integer.MAX_VALUE, "KrrList").getDocumentElement();
    } catch (KmsProtocolException e) {
      throw new IllegalStateException("an OpaqueXml no longer parses", e); // checked when it was made
    }
  }

  private static void text(Element parent, String name, String value) {
    Element e = parent.getOwnerDocument().createElementNS(KmsXml.KRR_NS, name);
    e.setTextContent(value);
    parent.appendChild(e);
  }

  private static void sign(Element root, KrrCredential signer) {
    XMLSignatureFactory f = XMLSignatureFactory.getInstance("DOM");
    try {
      Reference ref = f.newReference("#" + root.getAttributeNS(null, "Id"), f.newDigestMethod(DigestMethod.SHA256, null),
          List.of(f.newTransform(Transform.ENVELOPED, (TransformParameterSpec) null)), null, null);
      SignedInfo si = f.newSignedInfo(
          f.newCanonicalizationMethod(CanonicalizationMethod.INCLUSIVE, (C14NMethodParameterSpec) null),
          f.newSignatureMethod(SignatureMethod.ECDSA_SHA256, null), List.of(ref));
      KeyInfoFactory kif = f.getKeyInfoFactory();
      KeyInfo ki = kif.newKeyInfo(List.of(kif.newX509Data(new ArrayList<Object>(signer.chain()))));
      DOMSignContext ctx = new DOMSignContext(signer.key(), root);
      ctx.setDefaultNamespacePrefix("ds");
      ctx.setIdAttributeNS(root, null, "Id");
      f.newXMLSignature(si, ki).sign(ctx);
    } catch (NoSuchAlgorithmException | InvalidAlgorithmParameterException | MarshalException | XMLSignatureException e) {
      throw new IllegalStateException("KRR signature failed", e);
    }
  }
}

package org.mcxkms.kms.protocol;

import java.nio.charset.StandardCharsets;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * One XML element kept as serialised text because we carry it without interpreting it: the
 * {@code KrrList} of a {@code KmsRequest} (KMS Redirect Responses, D.4) and the issuer's
 * {@code ds:Signature} of a {@code SignedKmsCertificate}. Immutable; always a single well-formed
 * element (checked with the hardened parser on construction).
 */
public final class OpaqueXml {
  private static final int MAX_BYTES = 256 * 1024;

  private final String xml;
  private final String namespace;
  private final String localName;

  private OpaqueXml(String xml, String namespace, String localName) {
    this.xml = xml;
    this.namespace = namespace;
    this.localName = localName;
  }

  /**
   * Wraps the serialised form of one element.
   *
   * @throws KmsProtocolException if {@code xml} is not a single well-formed element
   */
  public static OpaqueXml parse(String xml) throws KmsProtocolException {
    Document d = SecureXml.parse(xml.getBytes(StandardCharsets.UTF_8), MAX_BYTES, "opaque XML");
    return of(d.getDocumentElement());
  }

  /** Serialises {@code element} (with the namespaces it uses). */
  static OpaqueXml of(Element element) {
    String text = SecureXml.serializeToString(element);
    return new OpaqueXml(text, element.getNamespaceURI(), element.getLocalName());
  }

  /** The element as XML text (without an XML declaration). */
  public String xml() {
    return xml;
  }

  /** Namespace URI of the element (null if none). */
  public String namespace() {
    return namespace;
  }

  public String localName() {
    return localName;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OpaqueXml x && x.xml.equals(xml);
  }

  @Override
  public int hashCode() {
    return xml.hashCode();
  }

  @Override
  public String toString() {
    return "OpaqueXml[" + localName + ", " + xml.length() + " chars]";
  }
}

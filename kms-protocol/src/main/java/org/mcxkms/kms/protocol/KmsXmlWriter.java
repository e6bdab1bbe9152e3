package org.mcxkms.kms.protocol;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.xml.XMLConstants;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.kms.protocol.security.ProtectionKey;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The strict writer of KMS documents: exactly the schema (see {@link KmsSchema}). Thread-safe.
 *
 * <ul>
 *   <li>all elements in {@value KmsXml#NS} as the default namespace, in the schema's order;
 *   <li>the Version attributes the schema fixes: KmsRequest {@value KmsXml#REQUEST_VERSION},
 *       KmsResponse {@value KmsXml#RESPONSE_VERSION}, KmsKeyProv {@value KmsXml#KEY_PROV_VERSION},
 *       KmsCertCache {@value KmsXml#CERT_CACHE_VERSION}, KmsKeySet {@value KmsXml#KEY_SET_VERSION},
 *       whatever the model holds; KmsInit and KmsCertificate (not fixed) carry the model's value;
 *   <li>{@code KmsInit}/{@code KmsKeyProv} with {@code xsi:type="KmsInitTkIkType"} /
 *       {@code "KmsKeyProvTkIkType"} (as deployed KMSs send them, new keys or not);
 *   <li>key elements with {@code xsi:type="KeyContentType"} (upper-case hexBinary) or
 *       {@code "EncKeyContentType"} (an {@code xenc:EncryptedKey}), since their type is abstract;
 *   <li>xsd:dateTime in UTC with "Z"; hexBinary in upper case; {@code UserID} as 64 lower-case
 *       hex digits (as in the published samples); {@code Revoked} always written;
 *   <li>{@code TrK-ID} and {@code Signature-ID} after {@code ClientError}/{@code KmsError} (our
 *       Rel-17 schema addition, see {@link KmsSchema}).
 * </ul>
 * The output is UTF-8 with an XML declaration, indented with whitespace between elements only
 * (safe under signatures, since the whitespace is in the DOM before signing).
 */
public final class KmsXmlWriter {
  private static final String XMLNS = XMLConstants.XMLNS_ATTRIBUTE_NS_URI;

  private KmsXmlWriter() {}

  public static KmsXmlWriter create() {
    return new KmsXmlWriter();
  }

  /** Writes a {@code KmsRequest} document. */
  public byte[] write(KmsRequest request) {
    Document doc = SecureXml.newDocument();
    Element root = requestElement(doc, request);
    declareNamespaces(root);
    doc.appendChild(root);
    indent(root, 0);
    return SecureXml.serialize(doc);
  }

  /** Writes a {@code KmsResponse} document. */
  public byte[] write(KmsResponse response) {
    Document doc = SecureXml.newDocument();
    Element root = responseElement(doc, response);
    declareNamespaces(root);
    doc.appendChild(root);
    indent(root, 0);
    return SecureXml.serialize(doc);
  }

  /**
   * Writes a {@code SignedKmsRequest}: the request followed by an XML-DSig HMAC-SHA256 signature
   * under {@code key} (the InK, or the TrK if there is no InK: TS 33.180 D.2.2). A missing
   * {@code Id} becomes "kmsRequest"; {@code Signature-ID} is set to the key's ID.
   *
   * @throws IllegalArgumentException if the request names another key as its Signature-ID
   */
  public byte[] writeSigned(KmsRequest request, ProtectionKey key) {
    checkSignatureId(request.signatureId(), key);
    KmsRequest r = request.toBuilder().id(request.id().orElse("kmsRequest")).signatureId(key.id()).build();
    Document doc = SecureXml.newDocument();
    Element root = el(doc, "SignedKmsRequest");
    declareNamespaces(root);
    doc.appendChild(root);
    root.appendChild(requestElement(doc, r));
    return signAndSerialize(doc, key);
  }

  /**
   * Writes a {@code SignedKmsResponse}: the response followed by an XML-DSig HMAC-SHA256
   * signature under {@code key} (the client's InK, else its TrK). A missing {@code Id} becomes
   * "xmldoc"; {@code Signature-ID} is set to the key's ID.
   *
   * @throws IllegalArgumentException if the response names another key as its Signature-ID
   */
  public byte[] writeSigned(KmsResponse response, ProtectionKey key) {
    checkSignatureId(response.signatureId(), key);
    KmsResponse r = response.toBuilder().id(response.id().orElse("xmldoc")).signatureId(key.id()).build();
    Document doc = SecureXml.newDocument();
    Element root = el(doc, "SignedKmsResponse");
    declareNamespaces(root);
    doc.appendChild(root);
    root.appendChild(responseElement(doc, r));
    return signAndSerialize(doc, key);
  }

  private static void checkSignatureId(Optional<String> signatureId, ProtectionKey key) {
    if (signatureId.isPresent() && !signatureId.get().equals(key.id())) {
      throw new IllegalArgumentException("Signature-ID " + signatureId.get() + " does not name the signing key " + key.id());
    }
  }

  /**
   * Indents, serialises and re-parses before signing, so that the signed DOM is exactly what a
   * receiver will parse; then appends the signature and serialises without touching the result.
   */
  private static byte[] signAndSerialize(Document doc, ProtectionKey key) {
    Element root = doc.getDocumentElement();
    indent(root, 0);
    Document parsed;
    try {
      parsed = SecureXml.parse(SecureXml.serialize(doc), Integer.MAX_VALUE, "signed document");
    } catch (KmsProtocolException e) {
      throw new IllegalStateException("own output does not parse", e);
    }
    parsed.setXmlStandalone(true);
    Element wrapper = parsed.getDocumentElement();
    Element signed = null;
    for (Node n = wrapper.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e) {
        signed = e;
      }
    }
    Node last = wrapper.getLastChild();
    if (last != null && last.getNodeType() == Node.TEXT_NODE) {
      wrapper.removeChild(last);
    }
    wrapper.appendChild(parsed.createTextNode("\n  "));
    XmlDsig.sign(signed, wrapper, key);
    wrapper.appendChild(parsed.createTextNode("\n"));
    return SecureXml.serialize(parsed);
  }

  /**
   * Writes a standalone {@code KmsCertificate} document (a global element of the schema), or a
   * {@code SignedKmsCertificate} if it carries an issuer signature; for example to keep a pinned
   * certificate in a client profile.
   */
  public byte[] write(KmsCertificate certificate) {
    Document doc = SecureXml.newDocument();
    Element holder = doc.createElementNS(KmsXml.NS, "Holder");
    doc.appendChild(holder);
    certificate(holder, certificate);
    Element root = (Element) holder.getFirstChild();
    doc.replaceChild(root, holder);
    root.setAttributeNS(XMLNS, "xmlns", KmsXml.NS);
    indent(root, 0);
    return SecureXml.serialize(doc);
  }

  /** {@link #write(KmsRequest)} as a string. */
  public String toXml(KmsRequest request) {
    return new String(write(request), StandardCharsets.UTF_8);
  }

  /** {@link #write(KmsResponse)} as a string. */
  public String toXml(KmsResponse response) {
    return new String(write(response), StandardCharsets.UTF_8);
  }

  // ---------------------------------------------------------------- building blocks

  static void declareNamespaces(Element root) {
    root.setAttributeNS(XMLNS, "xmlns", KmsXml.NS);
    root.setAttributeNS(XMLNS, "xmlns:xsi", KmsXml.XSI_NS);
  }

  private static Element el(Document doc, String name) {
    return doc.createElementNS(KmsXml.NS, name);
  }

  private static Element add(Element parent, String name) {
    Element e = el(parent.getOwnerDocument(), name);
    parent.appendChild(e);
    return e;
  }

  private static void text(Element parent, String name, String value) {
    add(parent, name).setTextContent(value);
  }

  private static void optionalText(Element parent, String name, Optional<String> value) {
    value.ifPresent(v -> text(parent, name, v));
  }

  private static void xsiType(Element e, String type) {
    e.setAttributeNS(KmsXml.XSI_NS, "xsi:type", type);
  }

  /** The element with the attributes and first three children a request and a response share. */
  private static Element envelope(Document doc, String name, Optional<String> id, String version, String userUri,
      String kmsUri, Instant time) {
    Element root = el(doc, name);
    id.ifPresent(v -> root.setAttributeNS(null, "Id", v));
    root.setAttributeNS(null, "Version", version);
    text(root, "UserUri", userUri);
    text(root, "KmsUri", kmsUri);
    text(root, "Time", XmlValues.formatDateTime(time));
    return root;
  }

  static Element requestElement(Document doc, KmsRequest r) {
    Element root = envelope(doc, "KmsRequest", r.id(), KmsXml.REQUEST_VERSION, r.userUri(), r.kmsUri(), r.time());
    optionalText(root, "ClientId", r.clientId());
    optionalText(root, "DeviceId", r.deviceId());
    text(root, "ClientReqUrl", r.clientReqUrl());
    r.krrList().ifPresent(krr -> root.appendChild(importOpaque(doc, krr)));
    r.clientError().ifPresent(e -> error(root, "ClientError", e));
    optionalText(root, "TrK-ID", r.trkId());
    optionalText(root, "Signature-ID", r.signatureId());
    return root;
  }

  static Element responseElement(Document doc, KmsResponse r) {
    Element root = envelope(doc, "KmsResponse", r.id(), KmsXml.RESPONSE_VERSION, r.userUri(), r.kmsUri(), r.time());
    optionalText(root, "KmsId", r.kmsId());
    text(root, "ClientReqUrl", r.clientReqUrl());
    r.message().ifPresent(m -> message(add(root, "KmsMessage"), m));
    r.error().ifPresent(e -> error(root, "KmsError", e));
    optionalText(root, "TrK-ID", r.trkId());
    optionalText(root, "Signature-ID", r.signatureId());
    return root;
  }

  private static void error(Element parent, String name, KmsError error) {
    Element e = add(parent, name);
    text(e, "ErrorCode", Long.toString(error.code()));
    text(e, "ErrorMsg", error.message());
  }

  private static void message(Element kmsMessage, KmsMessage m) {
    if (m instanceof KmsInit init) {
      Element e = add(kmsMessage, "KmsInit");
      init.id().ifPresent(id -> e.setAttributeNS(null, "Id", id));
      e.setAttributeNS(null, "Version", init.version());
      xsiType(e, "KmsInitTkIkType");
      certificate(e, init.certificate());
      init.newTransportKeys().forEach(k -> encryptedContent(add(e, "NewTransportKey"), k, false));
      init.newIntegrityKeys().forEach(k -> encryptedContent(add(e, "NewIntegrityKey"), k, false));
    } else if (m instanceof KmsKeyProv kp) {
      Element e = add(kmsMessage, "KmsKeyProv");
      kp.id().ifPresent(id -> e.setAttributeNS(null, "Id", id));
      e.setAttributeNS(null, "Version", KmsXml.KEY_PROV_VERSION);
      xsiType(e, "KmsKeyProvTkIkType");
      kp.keySets().forEach(k -> keySet(e, k));
      kp.newTransportKeys().forEach(k -> encryptedContent(add(e, "NewTransportKey"), k, false));
      kp.newIntegrityKeys().forEach(k -> encryptedContent(add(e, "NewIntegrityKey"), k, false));
    } else if (m instanceof KmsCertCache cc) {
      Element e = add(kmsMessage, "KmsCertCache");
      cc.id().ifPresent(id -> e.setAttributeNS(null, "Id", id));
      e.setAttributeNS(null, "Version", KmsXml.CERT_CACHE_VERSION);
      cc.cacheNum().ifPresent(n -> e.setAttributeNS(null, "CacheNum", Long.toString(n)));
      // Schema order: every SignedKmsCertificate before every KmsCertificate.
      cc.certificates().stream().filter(c -> c.issuerSignature().isPresent()).forEach(c -> certificate(e, c));
      cc.certificates().stream().filter(c -> c.issuerSignature().isEmpty()).forEach(c -> certificate(e, c));
      if (!cc.migrationKmss().isEmpty()) {
        migrationKmss(e, cc.migrationKmss());
      }
    } else if (m instanceof KmsLookup l) {
      Element e = add(kmsMessage, "KmsLookup");
      l.id().ifPresent(id -> e.setAttributeNS(null, "Id", id));
      e.setAttributeNS(null, "Version", KmsXml.LOOKUP_VERSION);
      text(e, "UserUri", l.userUri());
      text(e, "KmsUri", l.kmsUri());
    }
  }

  /** Our extension after the certificates (the schema's {@code xsd:any ##other}); see {@link MigrationKms}. */
  private static void migrationKmss(Element parent, List<MigrationKms> list) {
    Document doc = parent.getOwnerDocument();
    Element l = doc.createElementNS(MigrationKms.NS, "mk:MigrationKmsList");
    l.setAttributeNS(XMLNS, "xmlns:mk", MigrationKms.NS);
    parent.appendChild(l);
    for (MigrationKms m : list) {
      Element e = doc.createElementNS(MigrationKms.NS, "mk:MigrationKms");
      l.appendChild(e);
      Element uri = doc.createElementNS(MigrationKms.NS, "mk:KmsUri");
      uri.setTextContent(m.kmsUri());
      e.appendChild(uri);
      Element url = doc.createElementNS(MigrationKms.NS, "mk:KmsUrl");
      url.setTextContent(m.kmsUrl().toString());
      e.appendChild(url);
      m.tlsPin().ifPresent(p -> {
        Element pin = doc.createElementNS(MigrationKms.NS, "mk:TlsPin");
        pin.setTextContent(p);
        e.appendChild(pin);
      });
    }
  }

  /** A KmsCertificate, or a SignedKmsCertificate if it carries an issuer signature. */
  private static void certificate(Element parent, KmsCertificate c) {
    Element holder = parent;
    if (c.issuerSignature().isPresent()) {
      holder = add(parent, "SignedKmsCertificate");
    }
    Element e = add(holder, "KmsCertificate");
    c.id().ifPresent(id -> e.setAttributeNS(null, "Id", id));
    e.setAttributeNS(null, "Version", c.version());
    c.role().ifPresent(r -> e.setAttributeNS(null, "Role", r.xmlValue()));
    if (c.isSecurityGateway()) {
      e.setAttributeNS(null, "IsSecurityGateway", "true");
    }
    optionalText(e, "CertUri", c.certUri());
    text(e, "KmsUri", c.kmsUri());
    optionalText(e, "Issuer", c.issuer());
    c.validFrom().ifPresent(t -> text(e, "ValidFrom", XmlValues.formatDateTime(t)));
    c.validTo().ifPresent(t -> text(e, "ValidTo", XmlValues.formatDateTime(t)));
    text(e, "Revoked", Boolean.toString(c.revoked()));
    text(e, "UserIdFormat", c.userIdFormat());
    text(e, "UserKeyPeriod", Long.toString(c.userKeyPeriod()));
    text(e, "UserKeyOffset", Long.toString(c.userKeyOffset()));
    text(e, "PubEncKey", XmlValues.formatHex(c.pubEncKey()));
    text(e, "PubAuthKey", XmlValues.formatHex(c.pubAuthKey()));
    c.parameterSet().ifPresent(p -> text(e, "ParameterSet", Integer.toString(p)));
    if (!c.kmsDomains().isEmpty()) {
      Element list = add(e, "KmsDomainList");
      c.kmsDomains().forEach(d -> text(list, "KmsDomain", d));
    }
    if (c.issuerSignature().isPresent()) {
      holder.appendChild(importOpaque(parent.getOwnerDocument(), c.issuerSignature().get()));
    }
  }

  private static void keySet(Element parent, KmsKeySet k) {
    Element e = add(parent, "KmsKeySet");
    k.id().ifPresent(id -> e.setAttributeNS(null, "Id", id));
    e.setAttributeNS(null, "Version", KmsXml.KEY_SET_VERSION);
    text(e, "KmsUri", k.kmsUri());
    optionalText(e, "CertUri", k.certUri());
    optionalText(e, "Issuer", k.issuer());
    text(e, "UserUri", k.userUri());
    text(e, "UserID", XmlValues.formatUserId(k.userId()));
    k.validFrom().ifPresent(t -> text(e, "ValidFrom", XmlValues.formatDateTime(t)));
    k.validTo().ifPresent(t -> text(e, "ValidTo", XmlValues.formatDateTime(t)));
    text(e, "KeyPeriodNo", Long.toString(k.keyPeriodNo()));
    text(e, "Revoked", Boolean.toString(k.revoked()));
    keyContent(add(e, "UserDecryptKey"), k.userDecryptKey());
    keyContent(add(e, "UserSigningKeySSK"), k.userSigningKeySsk());
    keyContent(add(e, "UserPubTokenPVT"), k.userPubTokenPvt());
  }

  private static void keyContent(Element e, KeyContent content) {
    if (content.isEncrypted()) {
      encryptedContent(e, content.encrypted(), true);
      return;
    }
    xsiType(e, "KeyContentType");
    byte[] octets = content.plain().toByteArray(SecretAccess.get());
    try {
      e.setTextContent(XmlValues.formatHex(octets));
    } finally {
      Arrays.fill(octets, (byte) 0);
    }
  }

  /** EncKeyContentType: one xenc:EncryptedKey (xsi:type only where the declared type is abstract). */
  private static void encryptedContent(Element e, EncryptedKey key, boolean typed) {
    if (typed) {
      xsiType(e, "EncKeyContentType");
    }
    XmlEnc.write(e, key);
  }

  private static Node importOpaque(Document doc, OpaqueXml xml) {
    try {
      Document parsed = SecureXml.parse(xml.xml().getBytes(StandardCharsets.UTF_8), Integer.MAX_VALUE, "opaque XML");
      return doc.importNode(parsed.getDocumentElement(), true);
    } catch (KmsProtocolException e) {
      throw new IllegalStateException("opaque XML no longer parses", e); // checked at construction
    }
  }

  /**
   * Inserts newline and indentation text between the children of elements that hold only
   * elements (never inside text-only elements, where whitespace would change the value).
   */
  static void indent(Element e, int depth) {
    String ns = e.getNamespaceURI();
    boolean ours = KmsXml.NS.equals(ns) || KmsXml.XENC_NS.equals(ns)
        || (KmsXml.DS_NS.equals(ns) && "KeyInfo".equals(e.getLocalName()));
    if (!ours || "KrrList".equals(e.getLocalName())) {
      return; // never touch imported content (KRRs, issuer signatures) or signatures
    }
    boolean elementOnly = e.getFirstChild() != null;
    for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n.getNodeType() != Node.ELEMENT_NODE) {
        elementOnly = false;
        break;
      }
    }
    if (!elementOnly) {
      return;
    }
    String inner = "\n" + "  ".repeat(depth + 1);
    Document doc = e.getOwnerDocument();
    for (Node n = e.getFirstChild(); n != null; ) {
      Node next = n.getNextSibling();
      e.insertBefore(doc.createTextNode(inner), n);
      indent((Element) n, depth + 1);
      n = next;
    }
    e.appendChild(doc.createTextNode("\n" + "  ".repeat(depth)));
  }
}

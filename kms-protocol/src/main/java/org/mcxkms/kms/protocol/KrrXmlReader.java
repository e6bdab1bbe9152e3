package org.mcxkms.kms.protocol;

import static org.mcxkms.kms.protocol.SafeText.clip;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXParameters;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import javax.xml.crypto.AlgorithmMethod;
import javax.xml.crypto.Data;
import javax.xml.crypto.KeySelector;
import javax.xml.crypto.KeySelectorException;
import javax.xml.crypto.KeySelectorResult;
import javax.xml.crypto.MarshalException;
import javax.xml.crypto.NodeSetData;
import javax.xml.crypto.XMLCryptoContext;
import javax.xml.crypto.dsig.CanonicalizationMethod;
import javax.xml.crypto.dsig.DigestMethod;
import javax.xml.crypto.dsig.Reference;
import javax.xml.crypto.dsig.SignatureMethod;
import javax.xml.crypto.dsig.SignedInfo;
import javax.xml.crypto.dsig.Transform;
import javax.xml.crypto.dsig.XMLSignature;
import javax.xml.crypto.dsig.XMLSignatureException;
import javax.xml.crypto.dsig.XMLSignatureFactory;
import javax.xml.crypto.dsig.dom.DOMValidateContext;
import javax.xml.crypto.dsig.keyinfo.KeyInfo;
import javax.xml.crypto.dsig.keyinfo.X509Data;
import org.mcxkms.kms.protocol.KrrException.Reason;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Reads and verifies KMS Redirect Responses (TS 33.180 D.4). Thread-safe.
 *
 * <p>Parsing is the hardened one of {@link SecureXml} (no DOCTYPE, no entities, size and depth
 * limits). Verification of one KRR, and of every KRR nested in it (each in a document of its own,
 * as it was signed):
 * <ol>
 *   <li>the root is {@code KmsRedirectResponse} in {@value KmsXml#KRR_NS} (else WRONG_NAMESPACE);
 *   <li>exactly one {@code ds:Signature}, a child of the KRR (else UNSIGNED / BAD_SIGNATURE); no
 *       other {@code ds:Signature} anywhere except as the child of a nested KRR;
 *   <li>the D.4.2 profile and nothing else: inclusive c14n 20010315, ecdsa-sha256, one Reference
 *       whose URI is {@code #} + the KRR's {@code Id} (unique in the document, the only Id
 *       registered), enveloped-signature transform (optionally followed by c14n), sha256, no
 *       ds:Object; the dereferenced node set must start at the KRR element (no wrapping);
 *       the JDK's secure validation on;
 *   <li>KeyInfo: one X509Data whose first X509Certificate is the signer; it must be a P-256 key and
 *       chain (PKIX, at the verification time, with the other X509Certificates as intermediates) to
 *       one of the {@link KrrTrust} anchors (else UNKNOWN_SIGNER, or EXPIRED when only validity
 *       fails);
 *   <li>the fields: the signer's URI subjectAltName is {@code ProcessorUri} (else FIELD_MISMATCH);
 *       {@code Time} not ahead of the clock by more than the skew, the outermost KRR not older than
 *       the maximum age (EXPIRED); an earlier KRR not made after the one embedding it.
 * </ol>
 */
public final class KrrXmlReader {
  /** Default maximum document size: 64 KiB (one KRR is about 2 KiB with its certificate). */
  public static final int DEFAULT_MAX_BYTES = 64 * 1024;
  /** Deepest nesting of earlier KRRs accepted (the outermost KRR is level 0). */
  public static final int MAX_NESTING = 8;

  /** Longest URI field accepted. */
  public static final int MAX_URI_CHARS = 1024;
  /** Most {@code AcceptedKmsUri} elements accepted in one KRR. */
  public static final int MAX_ACCEPTED = 64;

  private static final String ROOT = "KmsRedirectResponse";
  private static final String SECURE_VALIDATION = "org.jcp.xml.dsig.secureValidation";
  private static final String CACHE_REFERENCE = "javax.xml.crypto.dsig.cacheReference";
  private static final int QUOTE = 60;

  private final int maxBytes;

  private KrrXmlReader(int maxBytes) {
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("maxBytes must be positive");
    }
    this.maxBytes = maxBytes;
  }

  public static KrrXmlReader create() {
    return new KrrXmlReader(DEFAULT_MAX_BYTES);
  }

  public static KrrXmlReader withMaxBytes(int maxBytes) {
    return new KrrXmlReader(maxBytes);
  }

  /**
   * Verifies a signed KRR document and the KRRs nested in it.
   *
   * @param now the verification time (certificate validity, age and skew of {@code Time})
   */
  public VerifiedKrr read(byte[] xml, KrrTrust trust, Instant now) throws KrrException {
    Element root = parse(xml, ROOT);
    return verify(root, ROOT, trust, now, 0);
  }

  /**
   * Reads the fields of a KRR without verifying anything but its form: for showing a KRR to a
   * person, never for acting on it.
   */
  public KmsRedirectResponse readUnverified(byte[] xml) throws KrrException {
    Element root = parse(xml, ROOT);
    expectRoot(root, ROOT);
    return fields(root, ROOT);
  }

  /**
   * The KRRs of a {@code KrrList} (TS 33.180 D.2.2, the body of a {@code redirect} request), each
   * as a document of its own, in order. Nothing else may be in the list.
   */
  public List<byte[]> split(OpaqueXml krrList) throws KrrException {
    Element list = parse(krrList.xml().getBytes(StandardCharsets.UTF_8), "KrrList");
    List<byte[]> out = new ArrayList<>();
    int i = 0;
    for (Node n = list.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e) {
        i++;
        expectRoot(e, "KrrList/" + ROOT + "[" + i + "]");
        out.add(SecureXml.serialize(e));
      }
    }
    return out;
  }

  private Element parse(byte[] xml, String what) throws KrrException {
    try {
      return SecureXml.parse(xml, maxBytes, what).getDocumentElement();
    } catch (KmsProtocolException e) {
      throw new KrrException(Reason.MALFORMED, what, e.detail());
    }
  }

  private static void expectRoot(Element e, String path) throws KrrException {
    if (!ROOT.equals(e.getLocalName()) || !KmsXml.KRR_NS.equals(e.getNamespaceURI())) {
      throw new KrrException(Reason.WRONG_NAMESPACE, path, "expected <" + ROOT + "> in " + KmsXml.KRR_NS + ", got <"
          + clip(e.getNodeName(), QUOTE) + ">" + (e.getNamespaceURI() == null ? " in no namespace" : " in " + clip(e.getNamespaceURI(), QUOTE)));
    }
  }

  private VerifiedKrr verify(Element root, String path, KrrTrust trust, Instant now, int depth) throws KrrException {
    if (depth > MAX_NESTING) {
      throw new KrrException(Reason.TOO_DEEP, path, "KRRs nested more than " + MAX_NESTING + " deep");
    }
    expectRoot(root, path);
    Element signature = onlySignature(root, path);
    X509Certificate signer = checkSignature(root, signature, path, trust, now);
    KmsRedirectResponse krr = fields(root, path);
    if (!KrrCredential.uris(signer).contains(krr.processorUri())) {
      throw new KrrException(Reason.FIELD_MISMATCH, path + "/ProcessorUri", "'" + clip(krr.processorUri(), QUOTE)
          + "' is not the signer; the certificate names " + clip(KrrCredential.uris(signer).toString(), QUOTE * 2));
    }
    if (krr.time().isAfter(now.plus(trust.clockSkew()))) {
      throw new KrrException(Reason.FIELD_MISMATCH, path + "/Time", "lies in the future: " + krr.time());
    }
    if (depth == 0 && krr.time().isBefore(now.minus(trust.maxAge()))) {
      throw new KrrException(Reason.EXPIRED, path + "/Time", "the KRR is older than " + trust.maxAge() + ": " + krr.time());
    }
    List<VerifiedKrr> earlier = new ArrayList<>();
    for (int i = 0; i < krr.earlier().size(); i++) {
      String innerPath = path + "/KrrList/" + ROOT + "[" + (i + 1) + "]";
      Element inner = parse(krr.earlier().get(i).xml().getBytes(StandardCharsets.UTF_8), innerPath);
      VerifiedKrr v = verify(inner, innerPath, trust, now, depth + 1);
      if (v.krr().time().isAfter(krr.time().plus(trust.clockSkew()))) {
        throw new KrrException(Reason.FIELD_MISMATCH, innerPath + "/Time", "is later than the KRR that embeds it");
      }
      earlier.add(v);
    }
    return new VerifiedKrr(krr, signer, earlier);
  }

  /** The KRR's one ds:Signature; no other ds:Signature may hide elsewhere outside nested KRRs. */
  private static Element onlySignature(Element root, String path) throws KrrException {
    Element found = null;
    for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && isSignature(e)) {
        if (found != null) {
          throw new KrrException(Reason.BAD_SIGNATURE, path + "/ds:Signature", "occurs more than once");
        }
        found = e;
      }
    }
    if (found == null) {
      throw new KrrException(Reason.UNSIGNED, path + "/ds:Signature", "is required (TS 33.180 D.4.2)");
    }
    NodeList all = root.getElementsByTagNameNS(KmsXml.DS_NS, "Signature");
    for (int i = 0; i < all.getLength(); i++) {
      Element s = (Element) all.item(i);
      Node parent = s.getParentNode();
      boolean ok = parent instanceof Element p && ROOT.equals(p.getLocalName()) && KmsXml.KRR_NS.equals(p.getNamespaceURI());
      if (!ok) {
        throw new KrrException(Reason.BAD_SIGNATURE, path, "a ds:Signature inside <" + clip(parent.getNodeName(), QUOTE)
            + "> is not allowed; only a KRR carries one");
      }
    }
    return found;
  }

  private static boolean isSignature(Element e) {
    return "Signature".equals(e.getLocalName()) && KmsXml.DS_NS.equals(e.getNamespaceURI());
  }

  private static X509Certificate checkSignature(Element root, Element signature, String path, KrrTrust trust, Instant now)
      throws KrrException {
    String sigPath = path + "/ds:Signature";
    String id = root.getAttributeNS(null, "Id");
    if (id.isEmpty()) {
      throw new KrrException(Reason.BAD_SIGNATURE, path + "/@Id", "the KRR has no Id for the signature to reference");
    }
    int uses = countIdUses(root.getOwnerDocument().getDocumentElement(), id);
    if (uses != 1) {
      throw new KrrException(Reason.BAD_SIGNATURE, path, "the Id '" + clip(id, QUOTE) + "' is used by " + uses + " elements");
    }
    CertificateKey selector = new CertificateKey();
    DOMValidateContext ctx = new DOMValidateContext(selector, signature);
    ctx.setProperty(SECURE_VALIDATION, Boolean.TRUE);
    ctx.setProperty(CACHE_REFERENCE, Boolean.TRUE);
    ctx.setIdAttributeNS(root, null, "Id");
    XMLSignature sig;
    try {
      sig = XMLSignatureFactory.getInstance("DOM").unmarshalXMLSignature(ctx);
    } catch (MarshalException | RuntimeException e) {
      throw new KrrException(Reason.BAD_SIGNATURE, sigPath, "malformed ds:Signature: " + clip(String.valueOf(e.getMessage()), QUOTE));
    }
    checkProfile(sig, id, sigPath);
    List<X509Certificate> certs = certificates(sig, sigPath);
    X509Certificate signer = certs.get(0);
    if (!KrrCredential.isP256(signer.getPublicKey())) {
      throw new KrrException(Reason.UNKNOWN_SIGNER, sigPath + "/ds:KeyInfo", "the signer's key is not an EC key on P-256");
    }
    chain(certs, trust, now, sigPath);
    selector.key = signer.getPublicKey();
    boolean valid;
    try {
      valid = sig.validate(ctx);
    } catch (XMLSignatureException | RuntimeException e) {
      throw new KrrException(Reason.BAD_SIGNATURE, sigPath, "cannot be validated: " + clip(String.valueOf(e.getMessage()), QUOTE));
    }
    if (!valid) {
      boolean valueOk;
      try {
        valueOk = sig.getSignatureValue().validate(ctx);
      } catch (XMLSignatureException | RuntimeException e) {
        valueOk = false;
      }
      throw new KrrException(Reason.BAD_SIGNATURE, sigPath, valueOk
          ? "the digest of #" + clip(id, QUOTE) + " does not match: the KRR was altered"
          : "the SignatureValue does not verify with the certificate's key (SignedInfo altered, or another key)");
    }
    Reference ref = sig.getSignedInfo().getReferences().get(0);
    if (!startsAt(ref.getDereferencedData(), root)) {
      throw new KrrException(Reason.BAD_SIGNATURE, sigPath, "the reference did not resolve to the KRR element");
    }
    return signer;
  }

  private static void checkProfile(XMLSignature sig, String id, String path) throws KrrException {
    SignedInfo si = sig.getSignedInfo();
    String c14n = si.getCanonicalizationMethod().getAlgorithm();
    if (!CanonicalizationMethod.INCLUSIVE.equals(c14n)) {
      throw profile(path + "/ds:SignedInfo/ds:CanonicalizationMethod", c14n);
    }
    if (!SignatureMethod.ECDSA_SHA256.equals(si.getSignatureMethod().getAlgorithm())) {
      throw profile(path + "/ds:SignedInfo/ds:SignatureMethod", si.getSignatureMethod().getAlgorithm());
    }
    List<?> refs = si.getReferences();
    if (refs.size() != 1) {
      throw new KrrException(Reason.BAD_SIGNATURE, path + "/ds:SignedInfo", "has " + refs.size() + " references; exactly one, to the KRR, is allowed");
    }
    Reference ref = (Reference) refs.get(0);
    if (!("#" + id).equals(ref.getURI())) {
      throw new KrrException(Reason.BAD_SIGNATURE, path + "/ds:SignedInfo/ds:Reference/@URI",
          "references '" + clip(String.valueOf(ref.getURI()), QUOTE) + "', not the KRR #" + clip(id, QUOTE));
    }
    if (ref.getType() != null) {
      throw new KrrException(Reason.BAD_SIGNATURE, path + "/ds:SignedInfo/ds:Reference/@Type", "must be absent");
    }
    if (!DigestMethod.SHA256.equals(ref.getDigestMethod().getAlgorithm())) {
      throw profile(path + "/ds:SignedInfo/ds:Reference/ds:DigestMethod", ref.getDigestMethod().getAlgorithm());
    }
    List<?> t = ref.getTransforms();
    boolean enveloped = !t.isEmpty() && Transform.ENVELOPED.equals(((Transform) t.get(0)).getAlgorithm());
    boolean rest = t.size() == 1 || (t.size() == 2 && CanonicalizationMethod.INCLUSIVE.equals(((Transform) t.get(1)).getAlgorithm()));
    if (!enveloped || !rest) {
      throw new KrrException(Reason.BAD_SIGNATURE, path + "/ds:SignedInfo/ds:Reference/ds:Transforms",
          "must be the enveloped-signature transform, optionally followed by c14n 20010315");
    }
    if (!sig.getObjects().isEmpty()) {
      throw new KrrException(Reason.BAD_SIGNATURE, path + "/ds:Object", "is not allowed");
    }
  }

  private static KrrException profile(String path, String uri) {
    return new KrrException(Reason.BAD_SIGNATURE, path, "algorithm '" + clip(String.valueOf(uri), QUOTE)
        + "' is not the TS 33.180 D.4.2 profile");
  }

  /** The X509Certificates of the one X509Data, the signer first. */
  private static List<X509Certificate> certificates(XMLSignature sig, String path) throws KrrException {
    KeyInfo ki = sig.getKeyInfo();
    List<X509Certificate> certs = new ArrayList<>();
    int data = 0;
    if (ki != null) {
      for (Object o : ki.getContent()) {
        if (o instanceof X509Data d) {
          data++;
          for (Object c : d.getContent()) {
            if (c instanceof X509Certificate x) {
              certs.add(x);
            }
          }
        }
      }
    }
    if (data != 1 || certs.isEmpty()) {
      throw new KrrException(Reason.UNKNOWN_SIGNER, path + "/ds:KeyInfo/ds:X509Data",
          "exactly one X509Data with the signer's X509Certificate is required (TS 33.180 D.4.2)");
    }
    return certs;
  }

  /** PKIX from the signer's certificate through the other certificates to an anchor, at {@code now}. */
  private static void chain(List<X509Certificate> certs, KrrTrust trust, Instant now, String path) throws KrrException {
    String where = path + "/ds:KeyInfo/ds:X509Data/ds:X509Certificate";
    X509Certificate signer = certs.get(0);
    if (trust.anchors().contains(signer)) { // pinned: only its validity is left to check
      try {
        signer.checkValidity(Date.from(now));
        return;
      } catch (CertificateExpiredException | CertificateNotYetValidException e) {
        throw new KrrException(Reason.EXPIRED, where, "the signer's certificate is not valid at " + now);
      }
    }
    if (trust.anchors().isEmpty()) {
      throw new KrrException(Reason.UNKNOWN_SIGNER, where, "no trust anchor is configured");
    }
    try {
      CertPath cp = CertificateFactory.getInstance("X.509").generateCertPath(certs);
      PKIXParameters params = new PKIXParameters(trust.trustAnchors());
      params.setRevocationEnabled(false);
      params.setDate(Date.from(now));
      CertPathValidator.getInstance("PKIX").validate(cp, params);
    } catch (CertPathValidatorException e) {
      if (e.getReason() == BasicReason.EXPIRED || e.getReason() == BasicReason.NOT_YET_VALID) {
        throw new KrrException(Reason.EXPIRED, where, "a certificate of the chain is not valid at " + now);
      }
      throw new KrrException(Reason.UNKNOWN_SIGNER, where, "the signer's certificate does not chain to a trusted CA ("
          + e.getReason() + ")");
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new KrrException(Reason.UNKNOWN_SIGNER, where, "the certificate chain cannot be checked");
    }
  }

  private static KmsRedirectResponse fields(Element root, String path) throws KrrException {
    try {
      Dom d = Dom.of(root, path, KmsXml.KRR_NS);
      Optional<String> version = d.attribute("Version");
      if (version.isPresent()) {
        XmlValues.checkVersion(version.get(), path + "/@Version");
      }
      List<String> accepted = new ArrayList<>();
      List<Dom> acceptedElements = d.all("AcceptedKmsUri");
      if (acceptedElements.size() > MAX_ACCEPTED) {
        throw new KrrException(Reason.MALFORMED, d.child("AcceptedKmsUri"), "occurs " + acceptedElements.size()
            + " times; at most " + MAX_ACCEPTED + " are accepted");
      }
      for (Dom a : acceptedElements) {
        accepted.add(uri(a.nonEmptyText(), a.path));
      }
      List<OpaqueXml> earlier = new ArrayList<>();
      Optional<Dom> list = d.optional("KrrList");
      if (list.isPresent()) {
        for (Node n = list.get().element.getFirstChild(); n != null; n = n.getNextSibling()) {
          if (n instanceof Element e) {
            expectRoot(e, list.get().path + "/" + ROOT);
            earlier.add(OpaqueXml.of(e));
          }
        }
      }
      return new KmsRedirectResponse(d.attribute("Id").orElse(""), XmlValues.dateTime(d.requiredText("Time"), d.child("Time")),
          uri(d, "ProcessorUri"), uri(d, "InitiatorUri"), uri(d, "ReceiverUri"), uri(d, "RejectedKmsUri"), accepted, earlier);
    } catch (KmsProtocolException e) {
      throw new KrrException(Reason.MALFORMED, e.element(), e.detail());
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new KrrException(Reason.MALFORMED, path, String.valueOf(e.getMessage()));
    }
  }

  private static String uri(Dom d, String name) throws KmsProtocolException, KrrException {
    return uri(d.requiredText(name), d.child(name));
  }

  /**
   * A URI field: at most {@value #MAX_URI_CHARS} characters, no whitespace or control characters
   * (they would reach audit records and log lines verbatim).
   */
  private static String uri(String value, String path) throws KrrException {
    if (value.length() > MAX_URI_CHARS) {
      throw new KrrException(Reason.MALFORMED, path, "has " + value.length() + " characters; at most " + MAX_URI_CHARS);
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isWhitespace(c) || Character.isISOControl(c)) {
        throw new KrrException(Reason.MALFORMED, path, "'" + clip(value, QUOTE) + "' is not a URI: it holds whitespace or a control character");
      }
    }
    return value;
  }

  /** Number of elements carrying {@code value} in an attribute named Id, ID or id. */
  private static int countIdUses(Element root, String value) {
    int n = 0;
    NamedNodeMap attrs = root.getAttributes();
    for (int i = 0; i < attrs.getLength(); i++) {
      Attr a = (Attr) attrs.item(i);
      String name = a.getLocalName() == null ? a.getName() : a.getLocalName();
      if (name.equalsIgnoreCase("id") && value.equals(a.getValue())) {
        n++;
        break;
      }
    }
    for (Node c = root.getFirstChild(); c != null; c = c.getNextSibling()) {
      if (c instanceof Element e) {
        n += countIdUses(e, value);
      }
    }
    return n;
  }

  private static boolean startsAt(Data data, Element root) {
    if (!(data instanceof NodeSetData<?> nodes)) {
      return false;
    }
    Iterator<?> it = nodes.iterator();
    while (it.hasNext()) {
      if (it.next() instanceof Element e) {
        return e == root;
      }
    }
    return false;
  }

  /** Hands the JDK the public key of the certificate we chose, only once it has been chained. */
  private static final class CertificateKey extends KeySelector {
    Key key;

    @Override
    public KeySelectorResult select(KeyInfo keyInfo, Purpose purpose, AlgorithmMethod method, XMLCryptoContext context)
        throws KeySelectorException {
      if (key == null) {
        throw new KeySelectorException("no key selected");
      }
      Key k = key;
      return () -> k;
    }
  }
}

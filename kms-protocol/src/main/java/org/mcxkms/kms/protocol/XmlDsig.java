package org.mcxkms.kms.protocol;

import static org.mcxkms.kms.protocol.SafeText.clip;

import java.security.InvalidAlgorithmParameterException;
import java.security.Key;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.crypto.spec.SecretKeySpec;
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
import javax.xml.crypto.dsig.dom.DOMSignContext;
import javax.xml.crypto.dsig.dom.DOMValidateContext;
import javax.xml.crypto.dsig.keyinfo.KeyInfo;
import javax.xml.crypto.dsig.keyinfo.KeyInfoFactory;
import javax.xml.crypto.dsig.keyinfo.KeyName;
import javax.xml.crypto.dsig.spec.C14NMethodParameterSpec;
import javax.xml.crypto.dsig.spec.HMACParameterSpec;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.kms.protocol.KmsProtocolException.Reason;
import org.mcxkms.kms.protocol.security.ProtectionKey;
import org.mcxkms.kms.protocol.security.ProtectionKeyResolver;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * The XML-DSig profile of the Annex D security extension, on the JDK's javax.xml.crypto.dsig
 * (no canonicalisation of our own). A signature is a sibling of the signed element inside the
 * Signed* wrapper:
 * <pre>
 * ds:Signature
 *   SignedInfo: CanonicalizationMethod c14n-20010315, SignatureMethod hmac-sha256,
 *               exactly one Reference URI="#Id of the signed element", DigestMethod sha256,
 *               no transforms (the node-set is canonicalised with c14n)
 *   SignatureValue: HMAC-SHA256 (256 bits) keyed with the InK or TrK (TS 33.180 D.1)
 *   KeyInfo/KeyName: the key ID
 * </pre>
 * Verification accepts exactly this profile (plus exclusive c14n or one explicit c14n transform,
 * which some toolkits emit) and defends against signature wrapping: the reference must be the Id of
 * THE element the caller then reads, that Id must be unique in the document, only that element's
 * Id is registered for dereferencing, no ds:Object/Manifest is allowed, and the dereferenced node
 * set is checked to start at that element.
 */
final class XmlDsig {
  /** Characters of peer-supplied text quoted in an error message. */
  private static final int QUOTE = 60;

  private XmlDsig() {}

  private static final Set<String> CANONICALIZATIONS = Set.of(CanonicalizationMethod.INCLUSIVE, CanonicalizationMethod.EXCLUSIVE);
  private static final String SECURE_VALIDATION = "org.jcp.xml.dsig.secureValidation";
  private static final String CACHE_REFERENCE = "javax.xml.crypto.dsig.cacheReference";

  private static XMLSignatureFactory factory() {
    return XMLSignatureFactory.getInstance("DOM");
  }

  /**
   * Signs {@code signed} (which must carry a non-empty {@code Id} attribute) and appends the
   * ds:Signature as the last child of {@code parent}.
   */
  static void sign(Element signed, Element parent, ProtectionKey key) {
    String id = signed.getAttributeNS(null, "Id");
    if (id.isEmpty()) {
      throw new IllegalArgumentException("the signed element needs an Id");
    }
    XMLSignatureFactory f = factory();
    byte[] k = key.secret().toByteArray(SecretAccess.get());
    try {
      Reference ref = f.newReference("#" + id, f.newDigestMethod(DigestMethod.SHA256, null));
      SignedInfo si = f.newSignedInfo(
          f.newCanonicalizationMethod(CanonicalizationMethod.INCLUSIVE, (C14NMethodParameterSpec) null),
          f.newSignatureMethod(SignatureMethod.HMAC_SHA256, null),
          List.of(ref));
      KeyInfoFactory kif = f.getKeyInfoFactory();
      KeyInfo ki = kif.newKeyInfo(List.of(kif.newKeyName(key.id())));
      DOMSignContext ctx = new DOMSignContext(new SecretKeySpec(k, "HmacSHA256"), parent);
      ctx.setDefaultNamespacePrefix("ds");
      ctx.setIdAttributeNS(signed, null, "Id");
      f.newXMLSignature(si, ki).sign(ctx);
    } catch (NoSuchAlgorithmException | InvalidAlgorithmParameterException | MarshalException | XMLSignatureException e) {
      throw new IllegalStateException("XML signature failed", e);
    } finally {
      Arrays.fill(k, (byte) 0);
    }
  }

  /**
   * Verifies {@code signature} over {@code signed} and returns the ID of the key that verified.
   *
   * @param what the wrapper's name for messages, e.g. "SignedKmsResponse"
   */
  static ProtectionKey verify(Element signed, Element signature, ProtectionKeyResolver keys, String what)
      throws KmsProtocolException {
    String sigPath = what + "/ds:Signature";
    String id = signed.getAttributeNS(null, "Id");
    if (id.isEmpty()) {
      throw new KmsProtocolException(Reason.SIGNATURE_INVALID, what + "/" + signed.getLocalName() + "/@Id",
          "the signed element has no Id for the signature to reference");
    }
    int uses = countIdUses(signed.getOwnerDocument().getDocumentElement(), id);
    if (uses != 1) {
      throw new KmsProtocolException(Reason.SIGNATURE_INVALID, what,
          "the Id '" + clip(id, QUOTE) + "' is used by " + uses + " elements; it must be unique");
    }

    SelectingKeys selector = new SelectingKeys(keys);
    DOMValidateContext ctx = new DOMValidateContext(selector, signature);
    ctx.setProperty(SECURE_VALIDATION, Boolean.TRUE);
    ctx.setProperty(CACHE_REFERENCE, Boolean.TRUE);
    ctx.setIdAttributeNS(signed, null, "Id"); // the only Id the dereferencer can find
    XMLSignature sig;
    try {
      sig = factory().unmarshalXMLSignature(ctx);
    } catch (MarshalException | RuntimeException e) { // the JDK may throw unchecked on odd input
      throw new KmsProtocolException(Reason.SIGNATURE_INVALID, sigPath, "malformed ds:Signature: " + clip(String.valueOf(e.getMessage()), QUOTE));
    }
    checkProfile(sig, id, sigPath);
    String keyName = keyName(sig, sigPath);
    ProtectionKey key = keys.find(keyName).orElseThrow(() ->
        new KmsProtocolException(Reason.UNKNOWN_KEY, sigPath + "/ds:KeyInfo/ds:KeyName", "no key with the ID '" + clip(keyName, QUOTE) + "'"));
    selector.key = key;

    boolean valid;
    try {
      valid = sig.validate(ctx);
    } catch (XMLSignatureException | RuntimeException e) {
      throw new KmsProtocolException(Reason.SIGNATURE_INVALID, sigPath, "cannot be validated: " + clip(String.valueOf(e.getMessage()), QUOTE));
    } finally {
      selector.destroy();
    }
    if (!valid) {
      boolean valueOk;
      try {
        valueOk = sig.getSignatureValue().validate(ctx);
      } catch (XMLSignatureException | RuntimeException e) {
        valueOk = false;
      }
      throw new KmsProtocolException(Reason.SIGNATURE_INVALID, sigPath, valueOk
          ? "the digest of #" + clip(id, QUOTE) + " does not match: the signed content was altered"
          : "the SignatureValue does not verify with " + key.kind().shortName() + " '" + clip(key.id(), QUOTE)
              + "' (wrong key, or SignedInfo altered)");
    }
    Reference ref = sig.getSignedInfo().getReferences().get(0);
    if (!startsAt(ref.getDereferencedData(), signed)) {
      throw new KmsProtocolException(Reason.SIGNATURE_INVALID, sigPath, "the reference did not resolve to the signed element");
    }
    return key;
  }

  private static void checkProfile(XMLSignature sig, String id, String path) throws KmsProtocolException {
    SignedInfo si = sig.getSignedInfo();
    String c14n = si.getCanonicalizationMethod().getAlgorithm();
    if (!CANONICALIZATIONS.contains(c14n)) {
      throw unsupported(path + "/ds:SignedInfo/ds:CanonicalizationMethod", c14n);
    }
    SignatureMethod sm = si.getSignatureMethod();
    if (!SignatureMethod.HMAC_SHA256.equals(sm.getAlgorithm())) {
      throw unsupported(path + "/ds:SignedInfo/ds:SignatureMethod", sm.getAlgorithm());
    }
    if (sm.getParameterSpec() instanceof HMACParameterSpec hmac && hmac.getOutputLength() != 256) {
      throw new KmsProtocolException(Reason.SIGNATURE_INVALID, path + "/ds:SignedInfo/ds:SignatureMethod",
          "HMACOutputLength must be 256 (TS 33.180 D.1)");
    }
    List<?> refs = si.getReferences();
    if (refs.size() != 1) {
      throw new KmsProtocolException(Reason.SIGNATURE_INVALID, path + "/ds:SignedInfo",
          "has " + refs.size() + " references; exactly one, to the signed element, is allowed");
    }
    Reference ref = (Reference) refs.get(0);
    if (!("#" + id).equals(ref.getURI())) {
      throw new KmsProtocolException(Reason.SIGNATURE_INVALID, path + "/ds:SignedInfo/ds:Reference/@URI",
          "references '" + clip(String.valueOf(ref.getURI()), QUOTE) + "', not the signed element #" + clip(id, QUOTE));
    }
    if (ref.getType() != null) {
      throw new KmsProtocolException(Reason.SIGNATURE_INVALID, path + "/ds:SignedInfo/ds:Reference/@Type", "must be absent");
    }
    if (!DigestMethod.SHA256.equals(ref.getDigestMethod().getAlgorithm())) {
      throw unsupported(path + "/ds:SignedInfo/ds:Reference/ds:DigestMethod", ref.getDigestMethod().getAlgorithm());
    }
    List<?> transforms = ref.getTransforms();
    if (transforms.size() > 1
        || (transforms.size() == 1 && !CANONICALIZATIONS.contains(((Transform) transforms.get(0)).getAlgorithm()))) {
      throw new KmsProtocolException(Reason.SIGNATURE_INVALID, path + "/ds:SignedInfo/ds:Reference/ds:Transforms",
          "only no transform or a single c14n transform is allowed");
    }
    if (!sig.getObjects().isEmpty()) {
      throw new KmsProtocolException(Reason.SIGNATURE_INVALID, path + "/ds:Object", "is not allowed");
    }
  }

  private static KmsProtocolException unsupported(String path, String uri) {
    return new KmsProtocolException(Reason.UNSUPPORTED_ALGORITHM, path, "algorithm '" + clip(String.valueOf(uri), QUOTE) + "' is not allowed");
  }

  private static String keyName(XMLSignature sig, String path) throws KmsProtocolException {
    KeyInfo ki = sig.getKeyInfo();
    String name = null;
    if (ki != null) {
      for (Object o : ki.getContent()) {
        if (o instanceof KeyName k) {
          if (name != null) {
            throw new KmsProtocolException(Reason.SIGNATURE_INVALID, path + "/ds:KeyInfo", "has more than one KeyName");
          }
          name = k.getName().trim();
        }
      }
    }
    if (name == null || name.isEmpty()) {
      throw new KmsProtocolException(Reason.MISSING_ELEMENT, path + "/ds:KeyInfo/ds:KeyName", "the key ID is required");
    }
    return name;
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

  private static boolean startsAt(Data data, Element signed) {
    if (!(data instanceof NodeSetData<?> nodes)) {
      return false;
    }
    Iterator<?> it = nodes.iterator();
    while (it.hasNext()) {
      Object n = it.next();
      if (n instanceof Element) {
        return n == signed;
      }
    }
    return false;
  }


  /** Hands the JDK the one key we resolved from KeyName, as an HMAC key. */
  private static final class SelectingKeys extends KeySelector {
    private final ProtectionKeyResolver keys;
    ProtectionKey key;
    private byte[] material;

    SelectingKeys(ProtectionKeyResolver keys) {
      this.keys = keys;
    }

    @Override
    public KeySelectorResult select(KeyInfo keyInfo, Purpose purpose, AlgorithmMethod method, XMLCryptoContext context)
        throws KeySelectorException {
      if (key == null) {
        throw new KeySelectorException("no key selected");
      }
      if (material == null) {
        material = key.secret().toByteArray(SecretAccess.get());
      }
      Key k = new SecretKeySpec(material, "HmacSHA256");
      return () -> k;
    }

    void destroy() {
      if (material != null) {
        Arrays.fill(material, (byte) 0);
      }
    }
  }

  /** The single ds:Signature child of {@code wrapper}, if any; more than one is an error. */
  static Optional<Element> signatureChild(Element wrapper, String what) throws KmsProtocolException {
    Element found = null;
    for (Node n = wrapper.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && KmsXml.DS_NS.equals(e.getNamespaceURI()) && "Signature".equals(e.getLocalName())) {
        if (found != null) {
          throw new KmsProtocolException(Reason.SIGNATURE_INVALID, what + "/ds:Signature", "occurs more than once");
        }
        found = e;
      }
    }
    return Optional.ofNullable(found);
  }
}

package org.mcxkms.kms.protocol;

import static org.mcxkms.kms.protocol.SafeText.clip;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.crypto.SecretBytes;
import org.mcxkms.kms.protocol.KmsProtocolException.Reason;
import org.mcxkms.kms.protocol.security.ProtectionKey;
import org.mcxkms.kms.protocol.security.SignaturePolicy;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The tolerant reader of KMS documents (TS 33.180 Annex D). Thread-safe.
 *
 * <p>Hardening: see {@link SecureXml} (no DOCTYPE, no entities, no XInclude, no network, size and
 * depth limits). Every problem is a {@link KmsProtocolException} naming the element.
 *
 * <p>What it tolerates, because deployed KMSs and clients send it:
 * <ul>
 *   <li>any {@code Version} 1.x.y (the schema fixes 1.1.0 or 1.0.0; Streamwide sends 1.0.0 in
 *       requests); a missing Version is read as the schema's fixed value;
 *   <li>{@code UserID} as 64 hex digits of either case or as base64 of 32 octets;
 *   <li>key elements with or without {@code xsi:type} (without it, an {@code xenc:EncryptedKey}
 *       child means encrypted, otherwise the text is hex); {@code xsi:type} on {@code KmsInit} and
 *       {@code KmsKeyProv} ({@code KmsInitTkIkType}, {@code KmsKeyProvTkIkType}) or not;
 *   <li>optional elements missing, children in any order, whitespace inside hex values;
 *   <li>{@code Time} without a zone, read as UTC;
 *   <li>unknown elements (extensions in other namespaces, later additions in ours) are ignored;
 *   <li>a document without any namespace, read as if it were in the KMS namespace.
 * </ul>
 * It does not tolerate: a known element twice, a missing required element, malformed values, clear
 * key material of the wrong length, an unknown {@code KmsMessage}.
 */
public final class KmsXmlReader {
  /** Default maximum body size: 1 MiB (a response with a few key sets is about 4 KiB). */
  public static final int DEFAULT_MAX_BYTES = 1 << 20;

  private final int maxBytes;

  private KmsXmlReader(int maxBytes) {
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("maxBytes must be positive");
    }
    this.maxBytes = maxBytes;
  }

  /** A reader with the {@link #DEFAULT_MAX_BYTES} limit. */
  public static KmsXmlReader create() {
    return new KmsXmlReader(DEFAULT_MAX_BYTES);
  }

  /** A reader that refuses bodies longer than {@code maxBytes} octets. */
  public static KmsXmlReader withMaxBytes(int maxBytes) {
    return new KmsXmlReader(maxBytes);
  }

  /**
   * Reads an unsigned {@code KmsRequest} document.
   *
   * @throws KmsProtocolException if the document is not a valid KmsRequest; a
   *     {@code SignedKmsRequest} is refused (read it with {@link #readRequest(byte[], SignaturePolicy)})
   */
  public KmsRequest readRequest(byte[] xml) throws KmsProtocolException {
    Element root = parseRoot(xml, "KmsRequest");
    if (isSigned(root, "SignedKmsRequest")) {
      throw new KmsProtocolException(Reason.UNSUPPORTED_CONTENT, "SignedKmsRequest",
          "a signed request must be read with a signature policy");
    }
    return guarded("KmsRequest", () -> request(expectRoot(root, "KmsRequest")));
  }

  /**
   * Reads an unsigned {@code KmsResponse} document.
   *
   * @throws KmsProtocolException if the document is not a valid KmsResponse; a
   *     {@code SignedKmsResponse} is refused (read it with {@link #readResponse(byte[], SignaturePolicy)})
   */
  public KmsResponse readResponse(byte[] xml) throws KmsProtocolException {
    Element root = parseRoot(xml, "KmsResponse");
    if (isSigned(root, "SignedKmsResponse")) {
      throw new KmsProtocolException(Reason.UNSUPPORTED_CONTENT, "SignedKmsResponse",
          "a signed response must be read with a signature policy");
    }
    return guarded("KmsResponse", () -> response(expectRoot(root, "KmsResponse")));
  }

  interface Read<T> {
    T read() throws KmsProtocolException;
  }

  /** Turns a model invariant that the reader did not check itself into a typed error. */
  static <T> T guarded(String path, Read<T> read) throws KmsProtocolException {
    try {
      return read.read();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new KmsProtocolException(Reason.INVALID_VALUE, path, e.getMessage(), e);
    }
  }

  /**
   * Reads a standalone {@code KmsCertificate} or {@code SignedKmsCertificate} document (the issuer
   * signature of the latter is kept, not verified).
   */
  public KmsCertificate readCertificate(byte[] xml) throws KmsProtocolException {
    Element root = parseRoot(xml, "KmsCertificate");
    if (isSigned(root, "SignedKmsCertificate")) {
      return guarded("SignedKmsCertificate", () -> signedCertificate(Dom.of(root, "SignedKmsCertificate", root.getNamespaceURI())));
    }
    return guarded("KmsCertificate", () -> certificate(expectRoot(root, "KmsCertificate")));
  }

  /**
   * Reads a {@code KmsRequest} or a {@code SignedKmsRequest}. A signed request is verified
   * (XML-DSig HMAC-SHA256, TS 33.180 D.1) with the key its
   * ds:KeyName names, and the request returned is the very element the signature covers. A
   * {@code Signature-ID} inside the request must name that key.
   *
   * @throws KmsProtocolException as {@link #readRequest(byte[])}, plus SIGNATURE_REQUIRED,
   *     SIGNATURE_INVALID, UNKNOWN_KEY, UNSUPPORTED_ALGORITHM
   */
  public Received<KmsRequest> readRequest(byte[] xml, SignaturePolicy policy) throws KmsProtocolException {
    Element root = parseRoot(xml, "KmsRequest");
    if (!isSigned(root, "SignedKmsRequest")) {
      if (policy.isRequired()) {
        throw new KmsProtocolException(Reason.SIGNATURE_REQUIRED, "KmsRequest", "the request must be a signed SignedKmsRequest");
      }
      return Received.unsigned(guarded("KmsRequest", () -> request(expectRoot(root, "KmsRequest"))));
    }
    return readSigned(root, "SignedKmsRequest", "KmsRequest", policy, KmsXmlReader::request);
  }

  /**
   * Reads a {@code KmsResponse} or a {@code SignedKmsResponse}, verifying a signature as
   * {@link #readRequest(byte[], SignaturePolicy)} does. A {@code SignedKmsResponse} without
   * ds:Signature (the schema allows it) counts as unsigned.
   */
  public Received<KmsResponse> readResponse(byte[] xml, SignaturePolicy policy) throws KmsProtocolException {
    Element root = parseRoot(xml, "KmsResponse");
    if (!isSigned(root, "SignedKmsResponse")) {
      if (policy.isRequired()) {
        throw new KmsProtocolException(Reason.SIGNATURE_REQUIRED, "KmsResponse", "the response must be a signed SignedKmsResponse");
      }
      return Received.unsigned(guarded("KmsResponse", () -> response(expectRoot(root, "KmsResponse"))));
    }
    return readSigned(root, "SignedKmsResponse", "KmsResponse", policy, KmsXmlReader::response);
  }

  interface Model<T> {
    T read(Dom d) throws KmsProtocolException;
  }

  private static <T> Received<T> readSigned(Element root, String wrapper, String inner, SignaturePolicy policy, Model<T> model)
      throws KmsProtocolException {
    String ns = root.getNamespaceURI();
    Element signed = null;
    for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (!(n instanceof Element e)) {
        continue;
      }
      boolean isInner = inner.equals(e.getLocalName()) && Objects.equals(ns, e.getNamespaceURI());
      boolean isSignature = "Signature".equals(e.getLocalName()) && KmsXml.DS_NS.equals(e.getNamespaceURI());
      if (isInner && signed == null) {
        signed = e;
      } else if (!isSignature) {
        // Anything else next to the signed element could be mistaken for it: refuse.
        throw new KmsProtocolException(Reason.SIGNATURE_INVALID, wrapper,
            "may hold only one " + inner + " and one ds:Signature, found <" + clip(n.getNodeName(), XmlValues.QUOTE) + ">");
      }
    }
    if (signed == null) {
      throw new KmsProtocolException(Reason.MISSING_ELEMENT, wrapper + "/" + inner, "is required but missing");
    }
    Optional<Element> signature = XmlDsig.signatureChild(root, wrapper);
    Dom d = Dom.of(signed, wrapper + "/" + inner, ns);
    if (signature.isEmpty()) {
      if (policy.isRequired()) {
        throw new KmsProtocolException(Reason.SIGNATURE_REQUIRED, wrapper + "/ds:Signature", "is required but missing");
      }
      return Received.unsigned(guarded(d.path, () -> model.read(d)));
    }
    ProtectionKey key = XmlDsig.verify(signed, signature.get(), policy.keys(), wrapper);
    Optional<String> signatureId = d.optionalText("Signature-ID");
    if (signatureId.isPresent() && !signatureId.get().equals(key.id())) {
      throw new KmsProtocolException(Reason.SIGNATURE_INVALID, d.child("Signature-ID"),
          "names '" + clip(signatureId.get(), XmlValues.QUOTE) + "' but the signature is by '" + clip(key.id(), XmlValues.QUOTE) + "'");
    }
    return Received.signed(guarded(d.path, () -> model.read(d)), key);
  }

  // ---------------------------------------------------------------- parsing and roots

  Element parseRoot(byte[] xml, String what) throws KmsProtocolException {
    Document d = SecureXml.parse(xml, maxBytes, what);
    return d.getDocumentElement();
  }

  static boolean isSigned(Element root, String signedName) {
    return signedName.equals(root.getLocalName()) && isKmsNamespace(root.getNamespaceURI());
  }

  private static boolean isKmsNamespace(String ns) {
    return ns == null || KmsXml.NS.equals(ns);
  }

  static Dom expectRoot(Element root, String name) throws KmsProtocolException {
    String ns = root.getNamespaceURI();
    if (!name.equals(root.getLocalName()) || !isKmsNamespace(ns)) {
      throw new KmsProtocolException(Reason.UNEXPECTED_ROOT, name,
          "expected <" + name + "> in " + KmsXml.NS + ", got <" + clip(root.getNodeName(), XmlValues.QUOTE) + ">"
              + (ns == null ? "" : " in " + clip(ns, XmlValues.QUOTE)));
    }
    return Dom.of(root, name, ns);
  }

  private static String version(Dom d, String fixed) throws KmsProtocolException {
    Optional<String> v = d.attribute("Version");
    if (v.isEmpty()) {
      return fixed;
    }
    XmlValues.checkVersion(v.get(), d.path);
    return v.get();
  }

  /** An optional xsd:dateTime child, or null. */
  private static Instant optionalTime(Dom d, String name) throws KmsProtocolException {
    Optional<String> t = d.optionalText(name);
    return t.isPresent() ? XmlValues.dateTime(t.get(), d.child(name)) : null;
  }

  /** An optional xsd:boolean child; absent means false. */
  private static boolean flag(Dom d, String name) throws KmsProtocolException {
    Optional<String> t = d.optionalText(name);
    return t.isPresent() && XmlValues.bool(t.get(), d.child(name));
  }

  // ---------------------------------------------------------------- KmsRequest

  static KmsRequest request(Dom d) throws KmsProtocolException {
    KmsRequest.Builder b = KmsRequest.builder()
        .version(version(d, KmsXml.REQUEST_VERSION))
        .id(d.attribute("Id").orElse(null))
        .userUri(d.requiredText("UserUri"))
        .kmsUri(d.requiredText("KmsUri"))
        .time(XmlValues.dateTime(d.requiredText("Time"), d.child("Time")))
        .clientId(d.optionalText("ClientId").orElse(null))
        .deviceId(d.optionalText("DeviceId").orElse(null))
        .clientReqUrl(d.requiredText("ClientReqUrl"))
        .trkId(nonEmpty(d, "TrK-ID"))
        .signatureId(nonEmpty(d, "Signature-ID"));
    Optional<Dom> krr = d.optional("KrrList");
    if (krr.isPresent()) {
      b.krrList(OpaqueXml.of(krr.get().element));
    }
    Optional<Dom> err = d.optional("ClientError");
    if (err.isPresent()) {
      b.clientError(error(err.get()));
    }
    return b.build();
  }

  private static String nonEmpty(Dom d, String name) throws KmsProtocolException {
    Optional<Dom> e = d.optional(name);
    return e.isPresent() ? e.get().nonEmptyText() : null;
  }

  static KmsError error(Dom d) throws KmsProtocolException {
    long code = XmlValues.integer(d.requiredText("ErrorCode"), d.child("ErrorCode"), Long.MIN_VALUE, Long.MAX_VALUE);
    return KmsError.of(code, d.optionalText("ErrorMsg").orElse(""));
  }

  // ---------------------------------------------------------------- KmsResponse

  static KmsResponse response(Dom d) throws KmsProtocolException {
    KmsResponse.Builder b = KmsResponse.builder()
        .version(version(d, KmsXml.RESPONSE_VERSION))
        .id(d.attribute("Id").orElse(null))
        .userUri(d.requiredText("UserUri"))
        .kmsUri(d.requiredText("KmsUri"))
        .time(XmlValues.dateTime(d.requiredText("Time"), d.child("Time")))
        .kmsId(d.optionalText("KmsId").orElse(null))
        .clientReqUrl(d.requiredText("ClientReqUrl"))
        .trkId(nonEmpty(d, "TrK-ID"))
        .signatureId(nonEmpty(d, "Signature-ID"));
    Optional<Dom> message = d.optional("KmsMessage");
    Optional<Dom> err = d.optional("KmsError");
    if (message.isEmpty() && err.isEmpty()) {
      throw new KmsProtocolException(Reason.MISSING_ELEMENT, d.child("KmsMessage"), "neither KmsMessage nor KmsError is present");
    }
    if (message.isPresent()) {
      b.message(message(message.get()));
    }
    if (err.isPresent()) {
      b.error(error(err.get()));
    }
    return b.build();
  }

  private static KmsMessage message(Dom d) throws KmsProtocolException {
    int kinds = (d.count("KmsInit") > 0 ? 1 : 0) + (d.count("KmsKeyProv") > 0 ? 1 : 0) + (d.count("KmsCertCache") > 0 ? 1 : 0)
        + (d.count("KmsLookup") > 0 ? 1 : 0);
    if (kinds > 1) {
      throw new KmsProtocolException(Reason.INVALID_VALUE, d.path, "holds more than one kind of message");
    }
    Optional<Dom> init = d.optional("KmsInit");
    if (init.isPresent()) {
      return init(init.get());
    }
    Optional<Dom> keyProv = d.optional("KmsKeyProv");
    if (keyProv.isPresent()) {
      return keyProv(keyProv.get());
    }
    Optional<Dom> certCache = d.optional("KmsCertCache");
    if (certCache.isPresent()) {
      return certCache(certCache.get());
    }
    Optional<Dom> lookup = d.optional("KmsLookup");
    if (lookup.isPresent()) {
      Dom l = lookup.get();
      return new KmsLookup(version(l, KmsXml.LOOKUP_VERSION), l.attribute("Id"), l.requiredText("UserUri"),
          l.requiredText("KmsUri"));
    }
    throw new KmsProtocolException(Reason.UNSUPPORTED_CONTENT, d.path,
        "holds no KmsInit, KmsKeyProv, KmsCertCache or KmsLookup");
  }

  private static KmsInit init(Dom d) throws KmsProtocolException {
    int certs = d.count("KmsCertificate") + d.count("SignedKmsCertificate");
    if (certs == 0) {
      throw new KmsProtocolException(Reason.MISSING_ELEMENT, d.child("KmsCertificate"), "is required but missing");
    }
    if (certs > 1) {
      throw new KmsProtocolException(Reason.DUPLICATE_ELEMENT, d.child("KmsCertificate"), "a KmsInit holds exactly one certificate");
    }
    Optional<Dom> plain = d.optional("KmsCertificate");
    KmsCertificate certificate = plain.isPresent() ? certificate(plain.get()) : signedCertificate(d.required("SignedKmsCertificate"));
    return new KmsInit(version(d, KmsXml.INIT_VERSION), d.attribute("Id"), certificate,
        encryptedContents(d, "NewTransportKey"), encryptedContents(d, "NewIntegrityKey"));
  }

  private static KmsKeyProv keyProv(Dom d) throws KmsProtocolException {
    List<KmsKeySet> keySets = new ArrayList<>();
    for (Dom k : d.all("KmsKeySet")) {
      keySets.add(keySet(k));
    }
    return new KmsKeyProv(version(d, KmsXml.KEY_PROV_VERSION), d.attribute("Id"), keySets,
        encryptedContents(d, "NewTransportKey"), encryptedContents(d, "NewIntegrityKey"));
  }

  private static List<EncryptedKey> encryptedContents(Dom d, String name) throws KmsProtocolException {
    List<EncryptedKey> keys = new ArrayList<>();
    for (Dom k : d.all(name)) {
      keys.add(XmlEnc.read(k));
    }
    return keys;
  }

  private static KmsCertCache certCache(Dom d) throws KmsProtocolException {
    Optional<String> n = d.attribute("CacheNum");
    Optional<Long> cacheNum = n.isPresent()
        ? Optional.of(XmlValues.integer(n.get(), d.path + "/@CacheNum", 0, Long.MAX_VALUE)) : Optional.empty();
    List<KmsCertificate> certificates = new ArrayList<>();
    for (Dom c : d.all("SignedKmsCertificate")) {
      certificates.add(signedCertificate(c));
    }
    for (Dom c : d.all("KmsCertificate")) {
      certificates.add(certificate(c));
    }
    return new KmsCertCache(version(d, KmsXml.CERT_CACHE_VERSION), d.attribute("Id"), cacheNum, certificates,
        migrationKmss(d));
  }

  /** Our Migration KMS extension ({@link MigrationKms}); none when it is absent. */
  private static List<MigrationKms> migrationKmss(Dom cache) throws KmsProtocolException {
    List<Element> lists = cache.foreign(MigrationKms.NS, "MigrationKmsList");
    if (lists.isEmpty()) {
      return List.of();
    }
    String listPath = cache.child("mk:MigrationKmsList");
    if (lists.size() > 1) {
      throw new KmsProtocolException(Reason.DUPLICATE_ELEMENT, listPath, "occurs more than once");
    }
    Dom list = cache.view(lists.get(0), listPath, MigrationKms.NS);
    if (list.count("MigrationKms") > MigrationKms.MAX_ENTRIES) {
      throw new KmsProtocolException(Reason.INVALID_VALUE, listPath,
          "lists " + list.count("MigrationKms") + " KMSs; at most " + MigrationKms.MAX_ENTRIES);
    }
    List<MigrationKms> out = new ArrayList<>();
    for (Dom m : list.all("MigrationKms")) {
      String uri = m.requiredText("KmsUri");
      String url = m.requiredText("KmsUrl");
      Optional<String> pin = m.optionalText("TlsPin");
      out.add(guarded(m.path, () -> {
        try {
          return new MigrationKms(uri, new URI(url), pin);
        } catch (URISyntaxException e) {
          throw new IllegalArgumentException("KmsUrl is not a URI: " + clip(url, 80));
        }
      }));
    }
    return out;
  }

  // ---------------------------------------------------------------- KmsCertificate

  private static KmsCertificate signedCertificate(Dom d) throws KmsProtocolException {
    KmsCertificate cert = certificate(d.required("KmsCertificate"));
    List<Element> sigs = d.foreign(KmsXml.DS_NS, "Signature");
    if (sigs.size() > 1) {
      throw new KmsProtocolException(Reason.DUPLICATE_ELEMENT, d.child("ds:Signature"), "occurs more than once");
    }
    return sigs.isEmpty() ? cert : cert.toBuilder().issuerSignature(OpaqueXml.of(sigs.get(0))).build();
  }

  static KmsCertificate certificate(Dom d) throws KmsProtocolException {
    KmsCertificate.Builder b = KmsCertificate.builder()
        .version(version(d, KmsXml.CERTIFICATE_VERSION))
        .id(d.attribute("Id").orElse(null))
        .certUri(d.optionalText("CertUri").orElse(null))
        .kmsUri(d.requiredText("KmsUri"))
        .issuer(d.optionalText("Issuer").orElse(null))
        .userIdFormat(d.requiredText("UserIdFormat"))
        .userKeyPeriod(XmlValues.integer(d.requiredText("UserKeyPeriod"), d.child("UserKeyPeriod"), 1, Long.MAX_VALUE / 4))
        .userKeyOffset(XmlValues.integer(d.requiredText("UserKeyOffset"), d.child("UserKeyOffset"), 0, Long.MAX_VALUE / 4))
        .pubEncKey(XmlValues.hex(d.requiredText("PubEncKey"), d.child("PubEncKey"), KmsCertificate.PUB_ENC_KEY_LENGTH))
        .pubAuthKey(XmlValues.hex(d.requiredText("PubAuthKey"), d.child("PubAuthKey"), KmsCertificate.PUB_AUTH_KEY_LENGTH));
    Optional<String> role = d.attribute("Role");
    if (role.isPresent()) {
      b.role(KmsCertificate.Role.fromXml(role.get()).orElseThrow(() -> new KmsProtocolException(
          Reason.INVALID_VALUE, d.path + "/@Role", "must be Root or External, got '" + clip(role.get(), XmlValues.QUOTE) + "'")));
    }
    Optional<String> gateway = d.attribute("IsSecurityGateway");
    if (gateway.isPresent()) {
      b.securityGateway(XmlValues.bool(gateway.get(), d.path + "/@IsSecurityGateway"));
    }
    b.validFrom(optionalTime(d, "ValidFrom")).validTo(optionalTime(d, "ValidTo")).revoked(flag(d, "Revoked"));
    Optional<String> ps = d.optionalText("ParameterSet");
    if (ps.isPresent()) {
      b.parameterSet((int) XmlValues.integer(ps.get(), d.child("ParameterSet"), 0, Integer.MAX_VALUE));
    }
    Optional<Dom> domains = d.optional("KmsDomainList");
    if (domains.isPresent()) {
      for (Dom domain : domains.get().all("KmsDomain")) {
        b.addKmsDomain(domain.nonEmptyText());
      }
    }
    try {
      return b.build();
    } catch (IllegalStateException e) {
      throw new KmsProtocolException(Reason.INVALID_VALUE, d.path, e.getMessage());
    }
  }

  // ---------------------------------------------------------------- KmsKeySet

  static KmsKeySet keySet(Dom d) throws KmsProtocolException {
    boolean revokedSet = flag(d, "Revoked");
    return KmsKeySet.builder()
        .version(version(d, KmsXml.KEY_SET_VERSION))
        .id(d.attribute("Id").orElse(null))
        .kmsUri(d.requiredText("KmsUri"))
        .certUri(d.optionalText("CertUri").orElse(null))
        .issuer(d.optionalText("Issuer").orElse(null))
        .userUri(d.requiredText("UserUri"))
        .userId(XmlValues.userId(d.requiredText("UserID"), d.child("UserID")))
        .keyPeriodNo(XmlValues.integer(d.requiredText("KeyPeriodNo"), d.child("KeyPeriodNo"), 0, Long.MAX_VALUE))
        .userDecryptKey(keyContent(d.required("UserDecryptKey"), KmsKeySet.RSK_LENGTH, revokedSet))
        .userSigningKeySsk(keyContent(d.required("UserSigningKeySSK"), KmsKeySet.SSK_LENGTH, revokedSet))
        .userPubTokenPvt(keyContent(d.required("UserPubTokenPVT"), KmsKeySet.PVT_LENGTH, revokedSet))
        .validFrom(optionalTime(d, "ValidFrom"))
        .validTo(optionalTime(d, "ValidTo"))
        .revoked(revokedSet)
        .build();
  }

  /**
   * An abstractKeyContentType element: clear hex or an xenc:EncryptedKey. In a revoked key set
   * ({@code emptyAllowed}) clear content may be empty: the KMS withholds revoked key material.
   */
  private static KeyContent keyContent(Dom d, int plainLength, boolean emptyAllowed) throws KmsProtocolException {
    Optional<String> type = d.xsiType();
    boolean encrypted;
    if (type.isEmpty()) {
      encrypted = !d.foreign(KmsXml.XENC_NS, "EncryptedKey").isEmpty();
    } else if (type.get().equals("KeyContentType")) {
      encrypted = false;
    } else if (type.get().equals("EncKeyContentType")) {
      encrypted = true;
    } else {
      throw new KmsProtocolException(Reason.INVALID_VALUE, d.path + "/@xsi:type",
          "must be KeyContentType or EncKeyContentType, got '" + clip(type.get(), XmlValues.QUOTE) + "'");
    }
    if (encrypted) {
      return KeyContent.encrypted(XmlEnc.read(d));
    }
    if (emptyAllowed && d.text().isBlank()) {
      return KeyContent.plain(SecretBytes.copyOf(new byte[0], SecretAccess.get()));
    }
    byte[] octets = XmlValues.hex(d.text(), d.path, plainLength);
    try {
      return KeyContent.plain(SecretBytes.copyOf(octets, SecretAccess.get()));
    } finally {
      Arrays.fill(octets, (byte) 0);
    }
  }
}

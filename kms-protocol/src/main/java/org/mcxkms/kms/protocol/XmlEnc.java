package org.mcxkms.kms.protocol;

import java.util.List;
import java.util.Optional;
import javax.xml.XMLConstants;
import org.mcxkms.kms.protocol.KmsProtocolException.Reason;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The {@code xenc:EncryptedKey} element (W3C XML Encryption 1.1, 3.5.1) inside an Annex D
 * {@code EncKeyContentType} (TS 33.180 D.3.3): read tolerantly, written in schema order. We carry
 * {@code EncryptionMethod/@Algorithm}, {@code ds:KeyInfo/ds:KeyName}, an inline
 * {@code CipherData/CipherValue} and {@code CarriedKeyName}; a {@code CipherReference} is refused.
 */
final class XmlEnc {
  private XmlEnc() {}

  /** Reads an EncKeyContentType element: exactly one xenc:EncryptedKey child. */
  static EncryptedKey read(Dom d) throws KmsProtocolException {
    List<Element> keys = d.foreign(KmsXml.XENC_NS, "EncryptedKey");
    if (keys.isEmpty()) {
      throw new KmsProtocolException(Reason.MISSING_ELEMENT, d.child("xenc:EncryptedKey"), "is required but missing");
    }
    if (keys.size() > 1) {
      throw new KmsProtocolException(Reason.DUPLICATE_ELEMENT, d.child("xenc:EncryptedKey"), "occurs more than once");
    }
    Dom k = d.view(keys.get(0), d.child("xenc:EncryptedKey"), KmsXml.XENC_NS);
    Dom method = k.required("EncryptionMethod");
    String algorithm = method.attribute("Algorithm").filter(s -> !s.isEmpty()).orElseThrow(() ->
        new KmsProtocolException(Reason.MISSING_ELEMENT, method.path + "/@Algorithm", "is required but missing"));
    String keyName = null;
    List<Element> keyInfos = k.foreign(KmsXml.DS_NS, "KeyInfo");
    if (keyInfos.size() > 1) {
      throw new KmsProtocolException(Reason.DUPLICATE_ELEMENT, k.child("ds:KeyInfo"), "occurs more than once");
    }
    if (!keyInfos.isEmpty()) {
      Dom keyInfo = k.view(keyInfos.get(0), k.child("ds:KeyInfo"), KmsXml.DS_NS);
      Optional<Dom> name = keyInfo.optional("KeyName");
      if (name.isPresent()) {
        keyName = name.get().nonEmptyText();
      }
    }
    Dom cipherData = k.required("CipherData");
    if (cipherData.count("CipherReference") > 0) {
      throw new KmsProtocolException(Reason.UNSUPPORTED_CONTENT, cipherData.child("CipherReference"),
          "only an inline CipherValue is supported");
    }
    Dom cipherValue = cipherData.required("CipherValue");
    byte[] cipher = XmlValues.base64(cipherValue.nonEmptyText(), cipherValue.path);
    if (cipher.length == 0) {
      throw new KmsProtocolException(Reason.INVALID_VALUE, cipherValue.path, "is empty");
    }
    String carried = null;
    Optional<Dom> carriedName = k.optional("CarriedKeyName");
    if (carriedName.isPresent()) {
      carried = carriedName.get().nonEmptyText();
    }
    return EncryptedKey.of(algorithm, keyName, carried, cipher);
  }

  /** Appends {@code key} to {@code e} as an xenc:EncryptedKey, in the order of its schema. */
  static void write(Element e, EncryptedKey key) {
    Document doc = e.getOwnerDocument();
    Element ek = doc.createElementNS(KmsXml.XENC_NS, "xenc:EncryptedKey");
    ek.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:xenc", KmsXml.XENC_NS);
    e.appendChild(ek);
    Element method = doc.createElementNS(KmsXml.XENC_NS, "xenc:EncryptionMethod");
    method.setAttributeNS(null, "Algorithm", key.algorithm());
    ek.appendChild(method);
    if (key.keyName().isPresent()) {
      Element keyInfo = doc.createElementNS(KmsXml.DS_NS, "ds:KeyInfo");
      keyInfo.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:ds", KmsXml.DS_NS);
      ek.appendChild(keyInfo);
      Element keyName = doc.createElementNS(KmsXml.DS_NS, "ds:KeyName");
      keyName.setTextContent(key.keyName().get());
      keyInfo.appendChild(keyName);
    }
    Element cipherData = doc.createElementNS(KmsXml.XENC_NS, "xenc:CipherData");
    ek.appendChild(cipherData);
    Element cipherValue = doc.createElementNS(KmsXml.XENC_NS, "xenc:CipherValue");
    cipherValue.setTextContent(XmlValues.formatBase64(key.cipherValue()));
    cipherData.appendChild(cipherValue);
    if (key.carriedKeyName().isPresent()) {
      Element carried = doc.createElementNS(KmsXml.XENC_NS, "xenc:CarriedKeyName");
      carried.setTextContent(key.carriedKeyName().get());
      ek.appendChild(carried);
    }
  }
}

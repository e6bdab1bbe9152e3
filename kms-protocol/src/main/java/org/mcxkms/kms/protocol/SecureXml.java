package org.mcxkms.kms.protocol;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerConfigurationException;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.mcxkms.kms.protocol.KmsProtocolException.Reason;
import org.w3c.dom.Document;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * The one place where XML is parsed and serialised. Parsing is namespace aware and hardened:
 * DOCTYPE declarations are refused outright (so no internal or external entities, no billion
 * laughs), external entities, external DTDs and XInclude are off, JAXP secure processing is on
 * with no external access, the element depth is capped and the input size is checked before any
 * byte is parsed. No network access is possible from here.
 */
final class SecureXml {
  private SecureXml() {}

  /** Deepest element nesting accepted (KMS documents are about 8 deep, signatures about 6 more). */
  static final int MAX_ELEMENT_DEPTH = 64;

  private static final DocumentBuilderFactory FACTORY = newFactory();
  private static final ThreadLocal<DocumentBuilder> BUILDER = ThreadLocal.withInitial(SecureXml::newBuilder);
  private static final TransformerFactory TRANSFORMERS = newTransformerFactory();
  private static final ThreadLocal<Transformer> TRANSFORMER = ThreadLocal.withInitial(SecureXml::newTransformer);

  private static final byte[] DECLARATION =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n".getBytes(StandardCharsets.US_ASCII);

  /** Treats every error as fatal and ignores warnings (for parsers and schema validators). */
  static final ErrorHandler THROWING = new ErrorHandler() {
    @Override
    public void warning(SAXParseException e) {}

    @Override
    public void error(SAXParseException e) throws SAXException {
      throw e;
    }

    @Override
    public void fatalError(SAXParseException e) throws SAXException {
      throw e;
    }
  };

  private static DocumentBuilderFactory newFactory() {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    f.setValidating(false);
    f.setXIncludeAware(false);
    f.setExpandEntityReferences(false);
    f.setIgnoringComments(true);
    try {
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature("http://xml.org/sax/features/external-general-entities", false);
      f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("XML parser lacks a required hardening feature", e);
    }
    f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    f.setAttribute("jdk.xml.maxElementDepth", Integer.toString(MAX_ELEMENT_DEPTH));
    return f;
  }

  private static DocumentBuilder newBuilder() {
    try {
      DocumentBuilder b = FACTORY.newDocumentBuilder();
      b.setErrorHandler(THROWING);
      b.setEntityResolver((publicId, systemId) -> {
        throw new SAXException("external entity refused: " + systemId);
      });
      return b;
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static TransformerFactory newTransformerFactory() {
    TransformerFactory f = TransformerFactory.newInstance();
    try {
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    } catch (TransformerConfigurationException e) {
      throw new IllegalStateException(e);
    }
    f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    f.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
    return f;
  }

  /** An identity transformer writing UTF-8 without declaration or indentation (reusable serially). */
  private static Transformer newTransformer() {
    try {
      Transformer t = TRANSFORMERS.newTransformer();
      t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
      t.setOutputProperty(OutputKeys.METHOD, "xml");
      t.setOutputProperty(OutputKeys.INDENT, "no");
      t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
      return t;
    } catch (TransformerConfigurationException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Parses {@code xml} (at most {@code maxBytes} octets).
   *
   * @param what the document name used in error messages
   */
  static Document parse(byte[] xml, int maxBytes, String what) throws KmsProtocolException {
    if (xml == null || xml.length == 0) {
      throw new KmsProtocolException(Reason.MALFORMED_XML, what, "the body is empty");
    }
    if (xml.length > maxBytes) {
      throw new KmsProtocolException(
          Reason.TOO_LARGE, what, "the body has " + xml.length + " octets, more than the limit of " + maxBytes);
    }
    DocumentBuilder b = BUILDER.get();
    try {
      return b.parse(new InputSource(new ByteArrayInputStream(xml)));
    } catch (SAXException e) {
      if (containsDoctype(xml)) {
        throw new KmsProtocolException(Reason.DOCTYPE_FORBIDDEN, what, "a DOCTYPE is not allowed");
      }
      throw new KmsProtocolException(Reason.MALFORMED_XML, what, "not well-formed XML: " + describe(e));
    } catch (IOException e) {
      throw new KmsProtocolException(Reason.MALFORMED_XML, what, "unreadable: " + e.getMessage());
    } finally {
      b.reset();
    }
  }

  private static String describe(SAXException e) {
    String m = e.getMessage();
    if (e instanceof SAXParseException p) {
      m = "line " + p.getLineNumber() + " column " + p.getColumnNumber() + ": " + m;
    }
    return m == null ? "unknown error" : SafeText.clip(m, 200);
  }

  private static boolean containsDoctype(byte[] xml) {
    // Also catches UTF-16 input by dropping zero octets first.
    StringBuilder s = new StringBuilder(Math.min(xml.length, 4096));
    for (int i = 0; i < xml.length && s.length() < 4096; i++) {
      if (xml[i] != 0) {
        s.append((char) (xml[i] & 0xff));
      }
    }
    return s.indexOf("<!DOCTYPE") >= 0;
  }

  /** A new empty namespace-aware document. */
  static Document newDocument() {
    Document d = BUILDER.get().newDocument();
    d.setXmlStandalone(true);
    return d;
  }

  /** Serialises a document (with declaration) or an element (without) as UTF-8, unchanged. */
  static byte[] serialize(Node node) {
    Transformer t = TRANSFORMER.get();
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
      if (node instanceof Document) {
        out.writeBytes(DECLARATION);
      }
      t.transform(new DOMSource(node), new StreamResult(out));
      return out.toByteArray();
    } catch (TransformerException e) {
      TRANSFORMER.remove();
      throw new IllegalStateException("cannot serialise XML", e);
    }
  }

  static String serializeToString(Node node) {
    return new String(serialize(node), StandardCharsets.UTF_8);
  }
}

package org.mcxkms.kms.protocol;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.mcxkms.kms.protocol.KmsProtocolException.Reason;
import org.w3c.dom.Document;
import org.w3c.dom.ls.LSInput;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * XML Schema validation of KMS documents, offline. Thread-safe.
 *
 * <p>Schema files (resources under {@code org/mcxkms/kms/protocol/schema/}):
 * <ul>
 *   <li>{@code kms-interface.xsd} - the TS 33.180 Annex D schema as the Streamwide KMS agent
 *       ships it ({@code unit_tests/schema.xsd}), unchanged;
 *   <li>{@code kms-interface-rel17.xsd} - our addition: {@code TrK-ID} and {@code Signature-ID}
 *       (Tables D.2.2-1 / D.3.1-1, Rel-17) as optional strings at the end of KmsRequest and
 *       KmsResponse, by {@code xsd:redefine} of the unchanged file;
 *   <li>{@code xmldsig-minimal.xsd}, {@code xenc-minimal.xsd}, {@code krr-minimal.xsd} - our own
 *       minimal schemas for the namespaces the Annex D schema imports without a location.
 * </ul>
 * A resource resolver maps every import to these files; nothing is ever loaded from elsewhere
 * (external schema and DTD access are also disabled).
 */
public final class KmsSchema {
  private static final String DIR = "schema/";
  private static final Map<String, String> BY_NAMESPACE = Map.of(
      KmsXml.DS_NS, "xmldsig-minimal.xsd",
      KmsXml.XENC_NS, "xenc-minimal.xsd",
      KmsXml.KRR_NS, "krr-minimal.xsd");

  private static volatile KmsSchema rel17;
  private static volatile KmsSchema annexD;

  private final Schema schema;
  private final String name;

  private KmsSchema(String file) {
    this.name = file;
    this.schema = compile(file);
  }

  /**
   * The schema our writer targets: the Annex D schema plus the Rel-17 {@code TrK-ID} and
   * {@code Signature-ID} elements. Every document {@link KmsXmlWriter} produces is valid here.
   */
  public static KmsSchema rel17() {
    KmsSchema s = rel17;
    if (s == null) {
      synchronized (KmsSchema.class) {
        if (rel17 == null) {
          rel17 = new KmsSchema("kms-interface-rel17.xsd");
        }
        s = rel17;
      }
    }
    return s;
  }

  /**
   * The Annex D schema exactly as Streamwide ships it (no Rel-17 elements). Documents without
   * {@code TrK-ID}/{@code Signature-ID} written by {@link KmsXmlWriter} are valid here too.
   */
  public static KmsSchema annexD() {
    KmsSchema s = annexD;
    if (s == null) {
      synchronized (KmsSchema.class) {
        if (annexD == null) {
          annexD = new KmsSchema("kms-interface.xsd");
        }
        s = annexD;
      }
    }
    return s;
  }

  /**
   * Validates a KMS document (any root the schema declares: KmsRequest, SignedKmsRequest,
   * KmsResponse, SignedKmsResponse, KmsCertificate, ...). Parsing is as hardened as the reader's.
   *
   * @throws KmsProtocolException {@link Reason#SCHEMA_VIOLATION} with line, column and the
   *     validator's message; or a parse error
   */
  public void validate(byte[] xml) throws KmsProtocolException {
    Document doc = SecureXml.parse(xml, KmsXmlReader.DEFAULT_MAX_BYTES, "document");
    Validator v = schema.newValidator();
    try {
      v.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      v.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      v.setErrorHandler(SecureXml.THROWING);
      v.setResourceResolver(KmsSchema::refuse);
      v.validate(new DOMSource(doc));
    } catch (SAXParseException e) {
      throw new KmsProtocolException(Reason.SCHEMA_VIOLATION, doc.getDocumentElement().getLocalName(),
          "not valid against " + name + ": " + e.getMessage());
    } catch (SAXException e) {
      throw new KmsProtocolException(Reason.SCHEMA_VIOLATION, doc.getDocumentElement().getLocalName(),
          "not valid against " + name + ": " + e.getMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String toString() {
    return "KmsSchema[" + name + "]";
  }

  // ---------------------------------------------------------------- compiling

  private static Schema compile(String file) {
    SchemaFactory f = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
    try {
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      f.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      f.setErrorHandler(SecureXml.THROWING);
      f.setResourceResolver(KmsSchema::resolve);
      URL url = resource(file);
      try (InputStream in = url.openStream()) {
        return f.newSchema(new StreamSource(in, url.toExternalForm()));
      }
    } catch (SAXException | IOException e) {
      throw new IllegalStateException("cannot compile the bundled schema " + file + ": " + e.getMessage(), e);
    }
  }

  private static URL resource(String file) {
    URL url = KmsSchema.class.getResource(DIR + file);
    if (url == null) {
      throw new IllegalStateException("bundled schema missing: " + file);
    }
    return url;
  }

  /** Maps imports (by namespace) and includes/redefines (by file name) to bundled files only. */
  private static LSInput resolve(String type, String namespace, String publicId, String systemId, String baseUri) {
    String file = namespace == null ? null : BY_NAMESPACE.get(namespace);
    if (file == null && systemId != null) {
      String last = systemId.substring(systemId.lastIndexOf('/') + 1);
      if (last.equals("kms-interface.xsd") || BY_NAMESPACE.containsValue(last)) {
        file = last;
      }
    }
    if (file == null) {
      throw new IllegalStateException("schema reference outside the bundled files refused: " + namespace + " " + systemId);
    }
    URL url = resource(file);
    try (InputStream in = url.openStream()) {
      return new Input(url.toExternalForm(), in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Instance documents may not pull in schemas (xsi:schemaLocation): nothing is resolved. */
  private static LSInput refuse(String type, String namespace, String publicId, String systemId, String baseUri) {
    return new Input(systemId, new byte[0]);
  }

  /** An LSInput over bytes we already hold. */
  private static final class Input implements LSInput {
    private final String systemId;
    private final byte[] bytes;

    Input(String systemId, byte[] bytes) {
      this.systemId = systemId;
      this.bytes = bytes;
    }

    @Override
    public Reader getCharacterStream() {
      return null;
    }

    @Override
    public void setCharacterStream(Reader r) {}

    @Override
    public InputStream getByteStream() {
      return new ByteArrayInputStream(bytes);
    }

    @Override
    public void setByteStream(InputStream s) {}

    @Override
    public String getStringData() {
      return null;
    }

    @Override
    public void setStringData(String s) {}

    @Override
    public String getSystemId() {
      return systemId;
    }

    @Override
    public void setSystemId(String s) {}

    @Override
    public String getPublicId() {
      return null;
    }

    @Override
    public void setPublicId(String s) {}

    @Override
    public String getBaseURI() {
      return null;
    }

    @Override
    public void setBaseURI(String s) {}

    @Override
    public String getEncoding() {
      return null;
    }

    @Override
    public void setEncoding(String s) {}

    @Override
    public boolean getCertifiedText() {
      return false;
    }

    @Override
    public void setCertifiedText(boolean b) {}
  }
}

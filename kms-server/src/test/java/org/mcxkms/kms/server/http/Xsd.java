package org.mcxkms.kms.server.http;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URL;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.w3c.dom.ls.LSInput;

/**
 * Validates documents against the Annex D schema shipped in kms-protocol (the digest's XSD), with
 * local stubs for the imported W3C and KRR namespaces (no network).
 */
final class Xsd {
  private static final Schema SCHEMA = load();

  private Xsd() {}

  private static Schema load() {
    try {
      SchemaFactory f = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
      f.setResourceResolver((type, ns, publicId, systemId, baseUri) -> {
        String stub = "http://www.w3.org/2000/09/xmldsig#".equals(ns) ? "xmldsig.xsd"
            : "http://www.w3.org/2001/04/xmlenc#".equals(ns) ? "xmlenc.xsd"
            : "urn:3gpp:ns:mcsecKMSKRR:1.0".equals(ns) ? "krr.xsd" : null;
        if (stub == null) {
          return null;
        }
        return input(Xsd.class.getResourceAsStream("/xsd-stubs/" + stub), ns);
      });
      URL main = Xsd.class.getResource("/org/mcxkms/kms/protocol/schema/kms-interface.xsd");
      return f.newSchema(main);
    } catch (Exception e) {
      throw new IllegalStateException("cannot load the KMS schema", e);
    }
  }

  static void validate(byte[] xml) throws Exception {
    Validator v = SCHEMA.newValidator();
    v.validate(new StreamSource(new ByteArrayInputStream(xml)));
  }

  private static LSInput input(InputStream in, String ns) {
    return new LSInput() {
      public java.io.Reader getCharacterStream() { return null; }
      public void setCharacterStream(java.io.Reader r) {}
      public InputStream getByteStream() { return in; }
      public void setByteStream(InputStream s) {}
      public String getStringData() { return null; }
      public void setStringData(String s) {}
      public String getSystemId() { return "stub:" + ns; }
      public void setSystemId(String s) {}
      public String getPublicId() { return null; }
      public void setPublicId(String s) {}
      public String getBaseURI() { return null; }
      public void setBaseURI(String s) {}
      public String getEncoding() { return null; }
      public void setEncoding(String s) {}
      public boolean getCertifiedText() { return false; }
      public void setCertifiedText(boolean b) {}
    };
  }
}

package org.mcxkms.kms.protocol;

import org.mcxkms.kms.protocol.security.KeyWrapAlgorithm;

/**
 * Names and fixed values of the TS 33.180 Annex D XML documents: namespaces, the versions the
 * schema fixes, and the algorithm URIs of the security extension.
 */
public final class KmsXml {
  private KmsXml() {}

  /** Namespace of every KMS interface element (D.2.2, D.3.1). */
  public static final String NS = "urn:3gpp:ns:mcsecKMSInterface:1.0";
  /** Namespace of KMS Redirect Responses (D.4). */
  public static final String KRR_NS = "urn:3gpp:ns:mcsecKMSKRR:1.0";
  /** W3C XML-DSig namespace. */
  public static final String DS_NS = "http://www.w3.org/2000/09/xmldsig#";
  /** W3C XML Encryption namespace (the {@code xenc:EncryptedKey} element). */
  public static final String XENC_NS = "http://www.w3.org/2001/04/xmlenc#";
  /** XML Schema instance namespace ({@code xsi:type}). */
  public static final String XSI_NS = "http://www.w3.org/2001/XMLSchema-instance";

  /** {@code KmsRequest@Version}, fixed by the schema. */
  public static final String REQUEST_VERSION = "1.1.0";
  /** {@code KmsResponse@Version}, fixed by the schema. */
  public static final String RESPONSE_VERSION = "1.0.0";
  /** {@code KmsInit@Version} as deployed KMSs send it (not fixed by the schema). */
  public static final String INIT_VERSION = "1.0.0";
  /** {@code KmsKeyProv@Version}, fixed by the schema. */
  public static final String KEY_PROV_VERSION = "1.0.0";
  /** {@code KmsCertCache@Version}, fixed by the schema. */
  public static final String CERT_CACHE_VERSION = "1.0.0";
  /** {@code KmsLookup@Version} as we send it (Rel-17; not in the schema we have). */
  public static final String LOOKUP_VERSION = "1.0.0";
  /** {@code KmsKeySet@Version}, fixed by the schema. */
  public static final String KEY_SET_VERSION = "1.1.0";
  /** {@code KmsCertificate@Version} as the samples carry it (not fixed by the schema). */
  public static final String CERTIFICATE_VERSION = "1.1.0";

  /** Canonicalisation of the signature profile (Streamwide template, D.1). */
  public static final String C14N = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315";
  /** Signature algorithm: HMAC-SHA256, 256-bit output (D.1, confirmed). */
  public static final String HMAC_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#hmac-sha256";
  /** Digest algorithm of the signature reference. */
  public static final String SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256";
  /** RFC 5649 AES-256 key wrap with padding (XML Encryption 1.1); our default for key material. */
  public static final String KW_AES256_PAD = KeyWrapAlgorithm.KW_AES256_PAD;
  /** AES-256-GCM (XML Encryption 1.1); the alternative key material cipher. */
  public static final String AES256_GCM = KeyWrapAlgorithm.AES256_GCM;
}

package org.mcxkms.kms.protocol;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The X.509 credential that signs KMS Redirect Responses (TS 33.180 D.4.2: ECDSA with SHA-256,
 * KeyInfo an X.509 certificate): a P-256 private key and its certificate, optionally followed by
 * intermediate CA certificates. The certificate names its holder with a URI subjectAltName, which
 * must be the KRR's {@code ProcessorUri}. Built only when the key and the certificate belong
 * together; {@link #toString()} never shows the key.
 */
public final class KrrCredential {
  /** Order n of NIST P-256 (FIPS 186-4 D.1.2.3): identifies the curve of an EC key. */
  static final BigInteger P256_ORDER =
      new BigInteger("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551", 16);

  private final PrivateKey key;
  private final List<X509Certificate> chain;

  private KrrCredential(PrivateKey key, List<X509Certificate> chain) {
    this.key = key;
    this.chain = chain;
  }

  /**
   * @param chain the signer's certificate first, then any intermediates (not the trust anchor)
   * @throws IllegalArgumentException if the key is not P-256, does not match the certificate, or
   *     the certificate has no URI subjectAltName
   */
  public static KrrCredential of(PrivateKey key, List<X509Certificate> chain) {
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("the certificate chain is empty");
    }
    List<X509Certificate> certs = List.copyOf(chain);
    if (!isP256(key) || !isP256(certs.get(0).getPublicKey())) {
      throw new IllegalArgumentException("a KRR signing key must be an EC key on P-256 (TS 33.180 D.4.2)");
    }
    if (!matches(key, certs.get(0).getPublicKey())) {
      throw new IllegalArgumentException("the private key does not belong to the certificate");
    }
    if (uris(certs.get(0)).isEmpty()) {
      throw new IllegalArgumentException("the certificate names no URI in subjectAltName");
    }
    return new KrrCredential(key, certs);
  }

  static boolean isP256(Object key) {
    return key instanceof ECKey ec && P256_ORDER.equals(ec.getParams().getOrder());
  }

  private static boolean matches(PrivateKey key, PublicKey pub) {
    byte[] probe = "mcx-kms KRR credential check".getBytes(StandardCharsets.US_ASCII);
    try {
      Signature s = Signature.getInstance("SHA256withECDSA");
      s.initSign(key);
      s.update(probe);
      byte[] sig = s.sign();
      Signature v = Signature.getInstance("SHA256withECDSA");
      v.initVerify(pub);
      v.update(probe);
      return v.verify(sig);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** The URIs in the certificate's subjectAltName (type 6, uniformResourceIdentifier). */
  public static List<String> uris(X509Certificate cert) {
    List<String> out = new ArrayList<>();
    try {
      Collection<List<?>> names = cert.getSubjectAlternativeNames();
      if (names != null) {
        for (List<?> n : names) {
          if (n.size() >= 2 && Integer.valueOf(6).equals(n.get(0)) && n.get(1) instanceof String s) {
            out.add(s);
          }
        }
      }
    } catch (CertificateParsingException e) {
      return List.of();
    }
    return out;
  }

  PrivateKey key() {
    return key;
  }

  /** The signer's certificate first. */
  public List<X509Certificate> chain() {
    return chain;
  }

  /** The first URI subjectAltName of the certificate: the identity that signs. */
  public String identity() {
    return uris(chain.get(0)).get(0);
  }

  @Override
  public String toString() {
    return "KrrCredential[" + identity() + ", " + chain.get(0).getSubjectX500Principal().getName() + "]";
  }
}

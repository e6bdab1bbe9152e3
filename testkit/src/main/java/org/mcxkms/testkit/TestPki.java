package org.mcxkms.testkit;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A small test certificate authority: EC P-256 keys, a self-signed CA and end-entity certificates
 * naming their holder with a URI subjectAltName (an MC identity), with the validity the test asks
 * for. Also writes keys (PKCS#8) and certificates as PEM, as an operator's CA would hand them out.
 */
public final class TestPki {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A key pair and its certificate. */
  public record Issued(PrivateKey key, X509Certificate certificate) {
    /** Writes {@code <name>.key} (PKCS#8 PEM) and {@code <name>.pem} into {@code dir}; returns the key's path. */
    public Path writePem(Path dir, String name) throws IOException, GeneralSecurityException {
      Files.writeString(dir.resolve(name + ".key"), pem("PRIVATE KEY", key.getEncoded()));
      Path cert = dir.resolve(name + ".pem");
      Files.writeString(cert, pem("CERTIFICATE", certificate.getEncoded()));
      return dir.resolve(name + ".key");
    }
  }

  private final Issued ca;

  private TestPki(Issued ca) {
    this.ca = ca;
  }

  /** A new CA named {@code CN=<name>}, valid from an hour ago for ten years. */
  public static TestPki create(String name) throws GeneralSecurityException {
    KeyPair kp = p256();
    X500Name dn = new X500Name("CN=" + name);
    Instant now = Instant.now();
    X509Certificate cert = build(dn, kp, dn, kp.getPrivate(), now.minusSeconds(3600), now.plusSeconds(10L * 365 * 86400),
        null, true);
    return new TestPki(new Issued(kp.getPrivate(), cert));
  }

  public X509Certificate caCertificate() {
    return ca.certificate();
  }

  /** An end-entity certificate for {@code uri}, valid from an hour ago for a year. */
  public Issued issue(String uri) throws GeneralSecurityException {
    Instant now = Instant.now();
    return issue(uri, now.minusSeconds(3600), now.plusSeconds(365L * 86400));
  }

  /** An end-entity certificate for {@code uri} valid in {@code [from, to]}. */
  public Issued issue(String uri, Instant from, Instant to) throws GeneralSecurityException {
    KeyPair kp = p256();
    X509Certificate cert = build(new X500Name("CN=" + uri.replaceAll("[,+=\"\\\\<>;]", "_")), kp,
        new X500Name(ca.certificate().getSubjectX500Principal().getName()), ca.key(), from, to, uri, false);
    return new Issued(kp.getPrivate(), cert);
  }

  /** A certificate for {@code uri} with a key on another curve (P-384). */
  public Issued issueP384(String uri) throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp384r1"), RANDOM);
    KeyPair kp = g.generateKeyPair();
    Instant now = Instant.now();
    X509Certificate cert = build(new X500Name("CN=p384"), kp, new X500Name(ca.certificate().getSubjectX500Principal().getName()),
        ca.key(), now.minusSeconds(3600), now.plusSeconds(86400), uri, false);
    return new Issued(kp.getPrivate(), cert);
  }

  public static KeyPair p256() throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
    return g.generateKeyPair();
  }

  private static X509Certificate build(X500Name subject, KeyPair kp, X500Name issuer, PrivateKey issuerKey, Instant from,
      Instant to, String uri, boolean isCa) throws GeneralSecurityException {
    try {
      X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, RANDOM).add(BigInteger.ONE),
          Date.from(from), Date.from(to), subject, kp.getPublic());
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
      b.addExtension(Extension.keyUsage, true, new KeyUsage(isCa ? KeyUsage.keyCertSign | KeyUsage.cRLSign : KeyUsage.digitalSignature));
      if (uri != null) {
        b.addExtension(Extension.subjectAlternativeName, false,
            new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, uri)));
      }
      return new JcaX509CertificateConverter().getCertificate(
          b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
    } catch (OperatorCreationException | IOException e) {
      throw new GeneralSecurityException(e);
    }
  }

  /** PEM text of DER {@code der} with the given label. */
  public static String pem(String label, byte[] der) {
    StringWriter w = new StringWriter();
    w.write("-----BEGIN " + label + "-----\n");
    w.write(Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der));
    w.write("\n-----END " + label + "-----\n");
    return w.toString();
  }

  /** PEM of several certificates, concatenated. */
  public static String pem(List<X509Certificate> certs) throws GeneralSecurityException {
    StringBuilder sb = new StringBuilder();
    for (X509Certificate c : certs) {
      sb.append(pem("CERTIFICATE", c.getEncoded()));
    }
    return sb.toString();
  }
}

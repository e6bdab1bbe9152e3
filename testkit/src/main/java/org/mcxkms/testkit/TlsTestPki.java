package org.mcxkms.testkit;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway certificate authority for TLS tests (P-256, valid for a day): it issues server
 * certificates for the loopback names and client certificates (mutual TLS from a proxy), and
 * writes them as PEM (for nginx and curl) and PKCS#12 (for the KMS and Java clients). For TLS
 * only: certificates naming an MC identity (signers of KMS Redirect Responses) are another matter.
 */
public final class TlsTestPki {
  /** The password of every PKCS#12 file written here (test material only). */
  public static final String PASSWORD = "changeit";

  private final SecureRandom random = new SecureRandom();
  private final String name;
  private final KeyPair caKeys;
  private final X509Certificate ca;

  /** An issued certificate with its key. */
  public record Issued(X509Certificate certificate, PrivateKey key, X509Certificate issuer) {
    /** Writes {@code <base>.crt.pem}, {@code <base>.key.pem} (PKCS#8) and {@code <base>.p12} into {@code dir}. */
    public Written write(Path dir, String base) throws Exception {
      Path crt = dir.resolve(base + ".crt.pem");
      Path key = dir.resolve(base + ".key.pem");
      Path p12 = dir.resolve(base + ".p12");
      Files.writeString(crt, TestPki.pem("CERTIFICATE", certificate.getEncoded()));
      Files.writeString(key, TestPki.pem("PRIVATE KEY", this.key.getEncoded()));
      Files.write(p12, pkcs12());
      return new Written(crt, key, p12);
    }

    /** This certificate and key as a PKCS#12 keystore (password {@link #PASSWORD}). */
    public byte[] pkcs12() throws Exception {
      KeyStore ks = keyStore();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ks.store(out, PASSWORD.toCharArray());
      return out.toByteArray();
    }

    public KeyStore keyStore() throws Exception {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry("key", key, PASSWORD.toCharArray(), new Certificate[] {certificate, issuer});
      return ks;
    }

    @Override
    public String toString() {
      return "Issued[" + certificate.getSubjectX500Principal() + "]"; // never the key
    }
  }

  /** The files {@link Issued#write} wrote. */
  public record Written(Path certificatePem, Path keyPem, Path pkcs12) {}

  public TlsTestPki(String name) throws GeneralSecurityException {
    this.name = name;
    this.caKeys = keyPair();
    X500Name subject = new X500Name("CN=" + name + " test CA");
    Instant now = Instant.now();
    X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, serial(), Date.from(now.minusSeconds(300)),
        Date.from(now.plus(Duration.ofDays(1))), subject, caKeys.getPublic());
    try {
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    } catch (java.io.IOException e) {
      throw new GeneralSecurityException(e);
    }
    this.ca = sign(b, caKeys.getPrivate());
  }

  public X509Certificate caCertificate() {
    return ca;
  }

  /** Writes the CA certificate as PEM to {@code file}. */
  public Path writeCa(Path file) throws Exception {
    Files.writeString(file, TestPki.pem("CERTIFICATE", ca.getEncoded()));
    return file;
  }

  /** A TLS server certificate for {@code localhost}, 127.0.0.1 and ::1. */
  public Issued server(String cn) throws GeneralSecurityException {
    return issue(cn, KeyPurposeId.id_kp_serverAuth, true);
  }

  /** A TLS client certificate (e.g. the proxy's, for mutual TLS to the nodes). */
  public Issued client(String cn) throws GeneralSecurityException {
    return issue(cn, KeyPurposeId.id_kp_clientAuth, false);
  }

  /** A context that trusts this CA and, when {@code client} is given, presents it. */
  public SSLContext sslContext(Issued client) throws Exception {
    KeyStore ts = KeyStore.getInstance("PKCS12");
    ts.load(null, null);
    ts.setCertificateEntry("ca", ca);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ts);
    KeyManagerFactory kmf = null;
    if (client != null) {
      kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(client.keyStore(), PASSWORD.toCharArray());
    }
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return ctx;
  }

  private Issued issue(String cn, KeyPurposeId purpose, boolean names) throws GeneralSecurityException {
    KeyPair kp = keyPair();
    Instant now = Instant.now();
    X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(ca, serial(), Date.from(now.minusSeconds(300)),
        Date.from(now.plus(Duration.ofDays(1))), new X500Name("CN=" + cn + ",O=" + name), kp.getPublic());
    try {
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
      if (names) {
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.dNSName, "localhost"),
            new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
            new GeneralName(GeneralName.iPAddress, "::1")}));
      }
    } catch (java.io.IOException e) {
      throw new GeneralSecurityException(e);
    }
    return new Issued(sign(b, caKeys.getPrivate()), kp.getPrivate(), ca);
  }

  private KeyPair keyPair() throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"), random);
    return g.generateKeyPair();
  }

  private BigInteger serial() {
    return new BigInteger(127, random).add(BigInteger.ONE);
  }

  private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key) throws GeneralSecurityException {
    try {
      return new JcaX509CertificateConverter().getCertificate(
          b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException("cannot sign a test certificate", e);
    }
  }
}

package org.mcxkms.kms.server.tls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
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
import org.mcxkms.kms.server.config.SecureFiles;

/**
 * The HTTPS identity of the KMS: a PKCS#12 keystore given by the operator, or (zero setup) a
 * self-signed P-256 certificate generated into {@code data.dir/tls/} on first start, whose SHA-256
 * fingerprint is printed so clients can pin it. The certificate is also written as PEM
 * ({@code tls/server.crt.pem}) for {@code curl --cacert} and the admin CLI.
 */
public final class TlsIdentity {
  private final KeyStore keyStore;
  private final String password;
  private final X509Certificate certificate;
  private final Path certificatePem;

  private TlsIdentity(KeyStore keyStore, String password, X509Certificate certificate, Path certificatePem) {
    this.keyStore = keyStore;
    this.password = password;
    this.certificate = certificate;
    this.certificatePem = certificatePem;
  }

  /** Loads an operator-supplied PKCS#12 keystore. */
  public static TlsIdentity fromKeystore(Path file, String password) throws IOException, GeneralSecurityException {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      ks.load(in, password.toCharArray());
    }
    return new TlsIdentity(ks, password, firstCertificate(ks), null);
  }

  /** Loads the generated identity from {@code dir}, generating it on first use. */
  public static TlsIdentity selfSigned(Path dir, List<String> hostnames, SecureRandom random)
      throws IOException, GeneralSecurityException {
    Path p12 = dir.resolve("server.p12");
    Path pass = dir.resolve("server.p12.password");
    Path pem = dir.resolve("server.crt.pem");
    if (!Files.exists(p12)) {
      byte[] pw = new byte[18];
      random.nextBytes(pw);
      String password = Base64.getUrlEncoder().withoutPadding().encodeToString(pw);
      KeyStore ks = generate(hostnames, password, random);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ks.store(out, password.toCharArray());
      SecureFiles.writeSecret(pass, password);
      SecureFiles.writeSecret(p12, out.toByteArray());
    }
    String password = new String(SecureFiles.readSecret(pass), StandardCharsets.UTF_8).trim();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(p12)) {
      ks.load(in, password.toCharArray());
    }
    X509Certificate cert = firstCertificate(ks);
    Files.writeString(pem, toPem(cert));
    return new TlsIdentity(ks, password, cert, pem);
  }

  private static KeyStore generate(List<String> hostnames, String password, SecureRandom random)
      throws GeneralSecurityException, IOException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"), random);
    KeyPair kp = g.generateKeyPair();
    String cn = hostnames.isEmpty() ? "localhost" : hostnames.get(0);
    X500Name name = new X500Name("CN=" + cn + ",O=MCX KMS (self-signed)");
    Instant now = Instant.now();
    X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, new BigInteger(127, random).add(BigInteger.ONE),
        Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(3650))), name, kp.getPublic());
    List<GeneralName> san = new ArrayList<>();
    for (String h : hostnames) {
      san.add(new GeneralName(GeneralName.dNSName, h));
    }
    san.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
    san.add(new GeneralName(GeneralName.iPAddress, "::1"));
    b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(san.toArray(new GeneralName[0])));
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
    b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
    X509Certificate cert;
    try {
      cert = new JcaX509CertificateConverter().getCertificate(
          b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException("cannot sign the TLS certificate", e);
    }
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry("server", kp.getPrivate(), password.toCharArray(), new Certificate[] {cert});
    return ks;
  }

  private static X509Certificate firstCertificate(KeyStore ks) throws GeneralSecurityException {
    Enumeration<String> aliases = ks.aliases();
    while (aliases.hasMoreElements()) {
      String a = aliases.nextElement();
      if (ks.isKeyEntry(a)) {
        return (X509Certificate) ks.getCertificate(a);
      }
    }
    throw new GeneralSecurityException("the keystore holds no private key entry");
  }

  /**
   * A trust store of every certificate in the PEM file {@code pem} (the CAs whose client
   * certificates the KMS listener accepts). A file without a certificate is refused: an empty
   * trust store would make mutual TLS refuse everyone, which is never what was meant.
   */
  public static KeyStore trustStore(Path pem) throws IOException, GeneralSecurityException {
    KeyStore ts = KeyStore.getInstance("PKCS12");
    ts.load(null, null);
    int i = 0;
    try (InputStream in = Files.newInputStream(pem)) {
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        ts.setCertificateEntry("ca" + i++, c);
      }
    }
    if (i == 0) {
      throw new GeneralSecurityException(pem + " holds no PEM certificate");
    }
    return ts;
  }

  public static String toPem(X509Certificate cert) {
    try {
      return "-----BEGIN CERTIFICATE-----\n"
          + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(cert.getEncoded())
          + "\n-----END CERTIFICATE-----\n";
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** SHA-256 over the DER certificate, as colon-separated upper-case hex (the usual display). */
  public static String fingerprint(X509Certificate cert) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
      String hex = HexFormat.ofDelimiter(":").withUpperCase().formatHex(d);
      return hex;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public KeyStore keyStore() {
    return keyStore;
  }

  public String keyStorePassword() {
    return password;
  }

  public X509Certificate certificate() {
    return certificate;
  }

  public String fingerprint() {
    return fingerprint(certificate);
  }

  /** The PEM file of a generated certificate, or null for an operator keystore. */
  public Path certificatePem() {
    return certificatePem;
  }

  /** Whether {@code host} is a loopback address (used to warn about exposed admin listeners). */
  public static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return "TlsIdentity[" + certificate.getSubjectX500Principal() + ", " + fingerprint() + "]";
  }
}

package org.mcxkms.kms.client.redirect;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.mcxkms.kms.protocol.KrrCredential;

/**
 * Loads the credential a client signs KMS Redirect Responses with: an EC P-256 private key as
 * unencrypted PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}, file mode 0600 recommended) and
 * its X.509 certificate as PEM, followed by any intermediate CA certificates. The certificate is
 * issued by the operator's CA and names the MC identity as a URI subjectAltName (TS 33.180 D.4.2
 * asks for an X.509 KeyInfo and leaves the certificate's issuing open; see docs/decisions.md).
 */
public final class KrrCredentials {
  private KrrCredentials() {}

  /** File names of the credential inside a profile directory, used when no path is given. */
  public static final String KEY_FILE = "krr.key";
  public static final String CERT_FILE = "krr.pem";

  /**
   * @throws IOException if a file cannot be read
   * @throws IllegalArgumentException if the files do not hold a matching P-256 key and certificate
   */
  public static KrrCredential load(Path keyPem, Path certPem) throws IOException {
    byte[] der = pemBody(Files.readString(keyPem, StandardCharsets.US_ASCII), "PRIVATE KEY", keyPem);
    try {
      PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
      List<X509Certificate> chain = new ArrayList<>();
      for (Certificate c : CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(certPem)))) {
        chain.add((X509Certificate) c);
      }
      return KrrCredential.of(key, chain);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(keyPem + " / " + certPem + ": not an EC private key and X.509 certificate", e);
    } finally {
      Arrays.fill(der, (byte) 0);
    }
  }

  /** Whether a profile directory holds a credential under the default names. */
  public static boolean presentIn(Path profileDir) {
    return Files.isRegularFile(profileDir.resolve(KEY_FILE)) && Files.isRegularFile(profileDir.resolve(CERT_FILE));
  }

  private static byte[] pemBody(String pem, String label, Path file) {
    String begin = "-----BEGIN " + label + "-----";
    String end = "-----END " + label + "-----";
    int b = pem.indexOf(begin);
    int e = pem.indexOf(end);
    if (b < 0 || e < b) {
      throw new IllegalArgumentException(file + ": no '" + begin + "' block (an unencrypted PKCS#8 key is needed)");
    }
    return Base64.getMimeDecoder().decode(pem.substring(b + begin.length(), e));
  }
}

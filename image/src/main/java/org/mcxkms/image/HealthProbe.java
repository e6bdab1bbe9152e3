package org.mcxkms.image;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.mcxkms.kms.server.config.KmsConfig;

/**
 * The container's health check (the image has no shell and no curl): asks the admin listener of the
 * KMS in the same container for {@code /health} (or the path given, e.g. {@code /ready}) and exits 0
 * on 200, 1 otherwise. The admin URL and the certificate to trust are the ones {@code serve} wrote
 * into its data directory ({@code admin.url}, {@code tls/server.crt.pem}); the data directory comes
 * from the same configuration as {@code serve} ({@code MCX_KMS_DATA_DIR}). The admin listener is
 * asked, not the KMS one, because it stays on loopback and never demands a client certificate.
 *
 * <pre>java -cp @/app/jib-classpath-file org.mcxkms.image.HealthProbe [/health|/ready]</pre>
 */
public final class HealthProbe {
  private HealthProbe() {}

  public static void main(String[] args) {
    String path = args.length > 0 ? args[0] : "/health";
    int exit;
    try {
      exit = probe(KmsConfig.load(null, System.getenv()).dataDir(), path);
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      System.err.println("health probe: " + e);
      exit = 1;
    }
    System.exit(exit);
  }

  /** @return 0 when GET {@code path} on the admin listener of the server using {@code dataDir} answers 200 */
  static int probe(Path dataDir, String path) throws IOException, GeneralSecurityException {
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("path must start with '/': " + path);
    }
    Path urlFile = dataDir.resolve("admin.url");
    if (!Files.exists(urlFile)) {
      System.err.println("health probe: no " + urlFile + " (serve has not started)");
      return 1;
    }
    // /health and /ready sit at the root of the admin listener, beside the API's base path.
    URI uri = URI.create(Files.readString(urlFile).trim()).resolve(path);
    HttpsURLConnection c = (HttpsURLConnection) uri.toURL().openConnection();
    Path pem = dataDir.resolve("tls").resolve("server.crt.pem");
    if (Files.exists(pem)) {
      c.setSSLSocketFactory(trusting(pem).getSocketFactory());
    }
    c.setConnectTimeout(5_000);
    c.setReadTimeout(5_000);
    try {
      int status = c.getResponseCode();
      if (status != 200) {
        System.err.println("health probe: " + uri + " answered " + status);
        return 1;
      }
      return 0;
    } finally {
      c.disconnect();
    }
  }

  private static SSLContext trusting(Path pem) throws IOException, GeneralSecurityException {
    KeyStore ts = KeyStore.getInstance("PKCS12");
    ts.load(null, null);
    int i = 0;
    try (InputStream in = new ByteArrayInputStream(Files.readAllBytes(pem))) {
      for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        ts.setCertificateEntry("c" + i++, cert);
      }
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ts);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }
}

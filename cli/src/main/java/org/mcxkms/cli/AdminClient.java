package org.mcxkms.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * HTTPS client of the admin API. It trusts either exactly one certificate (the PEM the server
 * wrote into its data directory, or an operator CA) or a pinned SHA-256 fingerprint.
 */
final class AdminClient {
  private final HttpClient http;
  private final URI base;
  private final String token;

  AdminClient(URI base, String token, SSLContext ssl) {
    this.base = base;
    this.token = token;
    this.http = HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(10)).build();
  }

  /** Trust exactly the certificates in {@code pem}. */
  static SSLContext trusting(Path pem) throws IOException, GeneralSecurityException {
    KeyStore ts = KeyStore.getInstance("PKCS12");
    ts.load(null, null);
    int i = 0;
    for (var c : CertificateFactory.getInstance("X.509")
        .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(pem)))) {
      ts.setCertificateEntry("c" + i++, c);
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ts);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }

  /** Trust only a server certificate whose SHA-256 fingerprint is {@code fingerprint} (hex, ':' optional). */
  static SSLContext pinning(String fingerprint) throws GeneralSecurityException {
    byte[] want = HexFormat.of().parseHex(fingerprint.replace(":", "").toLowerCase(Locale.ROOT));
    X509ExtendedTrustManager tm = new X509ExtendedTrustManager() {
      private void check(X509Certificate[] chain) throws CertificateException {
        try {
          byte[] got = MessageDigest.getInstance("SHA-256").digest(chain[0].getEncoded());
          if (!MessageDigest.isEqual(got, want)) {
            throw new CertificateException("the server certificate does not match the pinned fingerprint");
          }
        } catch (GeneralSecurityException e) {
          throw new CertificateException(e);
        }
      }

      @Override public void checkServerTrusted(X509Certificate[] c, String a, Socket s) throws CertificateException { check(c); }
      @Override public void checkServerTrusted(X509Certificate[] c, String a, SSLEngine e) throws CertificateException { check(c); }
      @Override public void checkServerTrusted(X509Certificate[] c, String a) throws CertificateException { check(c); }
      @Override public void checkClientTrusted(X509Certificate[] c, String a, Socket s) throws CertificateException { throw new CertificateException("client"); }
      @Override public void checkClientTrusted(X509Certificate[] c, String a, SSLEngine e) throws CertificateException { throw new CertificateException("client"); }
      @Override public void checkClientTrusted(X509Certificate[] c, String a) throws CertificateException { throw new CertificateException("client"); }
      @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
    };
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, new TrustManager[] {tm}, null);
    return ctx;
  }

  /** Sends the request and returns (status, body). */
  HttpResponse<String> call(String method, String path, String json) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(120))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json");
    b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}

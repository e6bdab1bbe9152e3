package org.mcxkms.testkit;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/** An HTTPS client trusting exactly the KMS's generated certificate (as curl --cacert would). */
public final class Https {
  private final HttpClient client;
  private final SSLContext context;

  public Https(Path certificatePem) throws Exception {
    X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(certificatePem)));
    KeyStore ts = KeyStore.getInstance("PKCS12");
    ts.load(null, null);
    ts.setCertificateEntry("kms", cert);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ts);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    this.context = ctx;
    client = HttpClient.newBuilder().sslContext(ctx).version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();
  }

  /** An HTTPS client with the given TLS context (e.g. one that presents a client certificate). */
  public Https(SSLContext context) {
    this.context = context;
    client = HttpClient.newBuilder().sslContext(context).version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();
  }

  /**
   * Sends {@code head} (request line and headers, CRLF-separated, without the blank line) as it
   * is, over a fresh TLS connection that the server is asked to close, and returns everything it
   * answers. For headers an HTTP client will not let a caller set, such as Host.
   */
  public String raw(URI server, String head) throws Exception {
    try (SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket(server.getHost(), server.getPort())) {
      s.setSoTimeout(30_000);
      OutputStream out = s.getOutputStream();
      out.write((head + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  public HttpResponse<byte[]> send(String method, URI uri, String token, byte[] body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(120))
        .header("Content-Type", "application/xml").header("Accept", "application/xml");
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  public HttpResponse<byte[]> post(URI uri, String token, String body) throws Exception {
    return send("POST", uri, token, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
  }

  public HttpResponse<String> json(String method, URI uri, String token, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(120))
        .header("Content-Type", "application/json");
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}

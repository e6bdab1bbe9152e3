package org.mcxkms.kms.server.edge;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/** TLS sockets to the KMS from a chosen loopback address, for requests no HTTP client would send. */
final class RawTls {
  private final SSLContext ctx;
  private final int port;

  RawTls(Path certificatePem, int port) throws Exception {
    KeyStore ts = KeyStore.getInstance("PKCS12");
    ts.load(null, null);
    ts.setCertificateEntry("kms", CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(certificatePem))));
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ts);
    ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    this.port = port;
  }

  /** A handshaken socket from {@code localAddress} (127.0.0.x: every test its own client address). */
  SSLSocket open(String localAddress) throws IOException {
    SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket();
    s.bind(new InetSocketAddress(localAddress, 0));
    s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
    s.setSoTimeout(30_000);
    s.startHandshake();
    return s;
  }

  /** Raw response (head and body) to {@code request}, sent whole on a fresh connection. */
  String exchange(String localAddress, String request) throws IOException {
    try (SSLSocket s = open(localAddress)) {
      s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      return readAll(s.getInputStream());
    }
  }

  static String readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] b = new byte[8192];
    int n;
    try {
      while ((n = in.read(b)) > 0) {
        out.write(b, 0, n);
      }
    } catch (SSLException | SocketException closed) {
      // the server closed after answering
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  static int status(String response) {
    return Integer.parseInt(response.substring(9, 12));
  }

  static String body(String response) {
    int i = response.indexOf("\r\n\r\n");
    return i < 0 ? "" : response.substring(i + 4);
  }

  static String header(String response, String name) {
    for (String line : response.substring(0, Math.max(0, response.indexOf("\r\n\r\n"))).split("\r\n")) {
      int c = line.indexOf(':');
      if (c > 0 && line.substring(0, c).equalsIgnoreCase(name)) {
        return line.substring(c + 1).trim();
      }
    }
    return null;
  }
}

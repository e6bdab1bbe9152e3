package org.mcxkms.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One keep-alive HTTP/1.1 connection over TLS for the load generator, in the manner of wrk: a
 * blocking socket per client thread, the request written in one piece, the response read by
 * Content-Length or chunked coding. It keeps the load generator's own CPU small so that, with
 * client and server on one 2-core machine, the measurement is mostly the server's. The server's
 * certificate is verified (host name included) against the trust of {@code factory}.
 */
final class LeanHttpsConnection implements AutoCloseable {
  private final SSLSocketFactory factory;
  private final URI uri;
  private SSLSocket socket;
  private InputStream in;
  private OutputStream out;

  LeanHttpsConnection(SSLSocketFactory factory, URI uri) {
    this.factory = factory;
    this.uri = uri;
  }

  /** POSTs an empty body with a bearer token; returns the status (the body is read and dropped). */
  int postEmpty(String bearerToken) throws IOException {
    byte[] request = ("POST " + uri.getRawPath() + " HTTP/1.1\r\n"
        + "Host: " + uri.getHost() + ":" + uri.getPort() + "\r\n"
        + "Authorization: Bearer " + bearerToken + "\r\n"
        + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    for (int attempt = 0; ; attempt++) {
      boolean fresh = socket == null;
      try {
        if (fresh) {
          open();
        }
        out.write(request);
        out.flush();
        return readResponse();
      } catch (IOException e) {
        close();
        if (fresh || attempt > 0) {
          throw e; // a kept-alive connection the server closed gets one retry on a new one
        }
      }
    }
  }

  private void open() throws IOException {
    SSLSocket s = (SSLSocket) factory.createSocket(uri.getHost(), uri.getPort());
    SSLParameters p = s.getSSLParameters();
    p.setEndpointIdentificationAlgorithm("HTTPS");
    s.setSSLParameters(p);
    s.setTcpNoDelay(true);
    s.startHandshake();
    socket = s;
    in = new BufferedInputStream(s.getInputStream(), 16384);
    out = s.getOutputStream();
  }

  private int readResponse() throws IOException {
    String status = line();
    if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) {
      throw new IOException("not an HTTP/1.1 status line: " + status);
    }
    int code = Integer.parseInt(status.substring(9, 12));
    long length = -1;
    boolean chunked = false;
    boolean closeAfter = false;
    for (String h = line(); !h.isEmpty(); h = line()) {
      String lower = h.toLowerCase(Locale.ROOT);
      if (lower.startsWith("content-length:")) {
        length = Long.parseLong(h.substring(15).strip());
      } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
        chunked = true;
      } else if (lower.startsWith("connection:") && lower.contains("close")) {
        closeAfter = true;
      }
    }
    if (chunked) {
      for (long n = Long.parseLong(line().split(";")[0].strip(), 16); n > 0;
          n = Long.parseLong(line().split(";")[0].strip(), 16)) {
        skip(n);
        line();
      }
      while (!line().isEmpty()) {
        // trailers
      }
    } else if (length >= 0) {
      skip(length);
    } else {
      throw new IOException("response without length");
    }
    if (closeAfter) {
      close();
    }
    return code;
  }

  private void skip(long n) throws IOException {
    in.skipNBytes(n); // throws EOFException on a truncated body
  }

  private final ByteArrayOutputStream lineBuf = new ByteArrayOutputStream(128);

  private String line() throws IOException {
    lineBuf.reset();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("connection closed");
      }
      if (b != '\r') {
        lineBuf.write(b);
      }
    }
    return lineBuf.toString(StandardCharsets.US_ASCII);
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
    socket = null;
  }
}

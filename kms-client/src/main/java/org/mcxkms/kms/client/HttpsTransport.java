package org.mcxkms.kms.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.mcxkms.kms.client.trust.TlsTrust;
import org.mcxkms.kms.protocol.KmsXmlReader;

/**
 * The KMS transport over HTTPS with {@link HttpClient}: TLS 1.2/1.3 under a
 * {@link TlsTrust}, {@code Content-Type} and {@code Accept: application/xml} (the XML documents
 * of TS 33.180 Annex D), no redirects (a redirect could move the bearer token
 * elsewhere), a request timeout and a bound on the response size.
 */
public final class HttpsTransport implements KmsTransport {
  /** Default response size limit, the protocol reader's. */
  public static final int DEFAULT_MAX_RESPONSE_BYTES = KmsXmlReader.DEFAULT_MAX_BYTES;

  private final HttpClient http;
  private final Duration timeout;
  private final int maxResponseBytes;

  private HttpsTransport(TlsTrust trust, Duration timeout, int maxResponseBytes) {
    this.http = HttpClient.newBuilder()
        .sslContext(trust.sslContext())
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(timeout)
        .build();
    this.timeout = timeout;
    this.maxResponseBytes = maxResponseBytes;
  }

  public static HttpsTransport create(TlsTrust trust) {
    return new HttpsTransport(trust, Duration.ofSeconds(30), DEFAULT_MAX_RESPONSE_BYTES);
  }

  public static HttpsTransport create(TlsTrust trust, Duration timeout, int maxResponseBytes) {
    if (timeout.isNegative() || timeout.isZero() || maxResponseBytes <= 0) {
      throw new IllegalArgumentException("timeout and response limit must be positive");
    }
    return new HttpsTransport(trust, timeout, maxResponseBytes);
  }

  @Override
  public Response post(URI url, String bearerToken, byte[] body) throws IOException, InterruptedException {
    if (!"https".equalsIgnoreCase(url.getScheme())) {
      throw new IOException("the KMS is only spoken to over https, not " + url.getScheme());
    }
    HttpRequest.Builder b = HttpRequest.newBuilder(url)
        .timeout(timeout)
        .header("Content-Type", "application/xml")
        .header("Accept", "application/xml")
        .POST(body == null || body.length == 0 ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    if (bearerToken != null) {
      b.header("Authorization", "Bearer " + bearerToken);
    }
    HttpResponse<InputStream> r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream in = r.body()) {
      byte[] bytes = in.readNBytes(maxResponseBytes + 1);
      if (bytes.length > maxResponseBytes) {
        throw new IOException("the KMS response exceeds " + maxResponseBytes + " octets");
      }
      return new Response(r.statusCode(), bytes);
    }
  }
}

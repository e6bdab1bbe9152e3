package org.mcxkms.kms.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.mcxkms.kms.client.trust.TlsTrust;
import org.mcxkms.kms.protocol.KmsXmlReader;

/**
 * The KMS transport over HTTPS with {@link HttpClient}: TLS 1.2/1.3 under a
 * {@link TlsTrust}, {@code Content-Type} and {@code Accept: application/xml} (the XML documents
 * of TS 33.180 Annex D), no redirects (a redirect could move the bearer token
 * elsewhere), a deadline on the whole exchange (headers and body) and a bound on the response size.
 */
public final class HttpsTransport implements KmsTransport {
  /** Default response size limit, the protocol reader's. */
  public static final int DEFAULT_MAX_RESPONSE_BYTES = KmsXmlReader.DEFAULT_MAX_BYTES;

  private final HttpClient http;
  private final Duration timeout;
  private final int maxResponseBytes;

  private HttpsTransport(TlsTrust trust, Duration timeout, int maxResponseBytes, Clock clock) {
    this.http = HttpClient.newBuilder()
        .sslContext(trust.sslContext(clock))
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(timeout)
        .build();
    this.timeout = timeout;
    this.maxResponseBytes = maxResponseBytes;
  }

  public static HttpsTransport create(TlsTrust trust) {
    return create(trust, Duration.ofSeconds(30), DEFAULT_MAX_RESPONSE_BYTES, Clock.systemUTC());
  }

  public static HttpsTransport create(TlsTrust trust, Duration timeout, int maxResponseBytes) {
    return create(trust, timeout, maxResponseBytes, Clock.systemUTC());
  }

  /** With the pinned TLS certificate's validity checked on {@code clock} (the device clock). */
  public static HttpsTransport create(TlsTrust trust, Duration timeout, int maxResponseBytes, Clock clock) {
    if (timeout.isNegative() || timeout.isZero() || maxResponseBytes <= 0) {
      throw new IllegalArgumentException("timeout and response limit must be positive");
    }
    return new HttpsTransport(trust, timeout, maxResponseBytes, clock);
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
    // The request timeout covers only the headers; the deadline covers the whole exchange, so a
    // peer that stalls in the middle of the body cannot hold the client.
    CompletableFuture<HttpResponse<byte[]>> pending =
        http.sendAsync(b.build(), info -> new LimitedBody(maxResponseBytes));
    try {
      HttpResponse<byte[]> r = pending.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      return new Response(r.statusCode(), r.body());
    } catch (TimeoutException e) {
      pending.cancel(true);
      throw new HttpTimeoutException("no complete answer within " + timeout.toMillis() + " ms (the KMS or a proxy"
          + " stalled)");
    } catch (InterruptedException e) {
      pending.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      throw new IOException(cause == null ? "the exchange failed" : cause.toString(), cause);
    }
  }

  /** Collects the body up to a limit and fails as soon as the peer sends more. */
  private static final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
    private final int max;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private Flow.Subscription subscription;

    LimitedBody(int max) {
      this.max = max;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      for (ByteBuffer item : items) {
        if (buffer.size() + (long) item.remaining() > max) {
          subscription.cancel();
          result.completeExceptionally(new IOException("the KMS response exceeds " + max + " octets"));
          return;
        }
        byte[] chunk = new byte[item.remaining()];
        item.get(chunk);
        buffer.write(chunk, 0, chunk.length);
      }
    }

    @Override
    public void onError(Throwable t) {
      result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      result.complete(buffer.toByteArray());
    }
  }
}

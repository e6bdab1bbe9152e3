package org.mcxkms.kms.server.edge;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.mcxkms.kms.server.error.KmsErrorCode;
import org.mcxkms.kms.server.error.KmsException;

/**
 * Rate limits in front of the Annex D front controller. Requests that do not authenticate (no or a
 * bad token, unknown paths, refused methods) are limited per client address; a request that
 * authenticates gives its address token back and is limited per identity instead, through
 * {@link #authenticated}, which the front controller calls as soon as it knows the caller. Beyond
 * a limit the answer is {@code 429} with {@code Retry-After} and a {@code KmsError}; nothing else is
 * done for the request (no token check, no audit record), which is what keeps a flood cheap.
 */
public final class RateLimitHandler extends Handler.Wrapper {
  private static final String ATTRIBUTE = RateLimitHandler.class.getName();
  private static final String AUTHENTICATED = ATTRIBUTE + ".authenticated";
  private static final String XML = "application/xml; charset=UTF-8";

  private final RateLimiter perAddress;
  private final RateLimiter perIdentity;
  private final ClientAddress addresses;
  private final KmsErrorBody errors;
  private final Counter limitedAddress;
  private final Counter limitedIdentity;

  public RateLimitHandler(Handler next, RateLimiter perAddress, RateLimiter perIdentity, ClientAddress addresses,
      KmsErrorBody errors, MeterRegistry metrics) {
    super(next);
    this.perAddress = perAddress;
    this.perIdentity = perIdentity;
    this.addresses = addresses;
    this.errors = errors;
    this.limitedAddress = Counter.builder("kms_rate_limited").description("requests refused with 429")
        .tag("limit", "address").register(metrics);
    this.limitedIdentity = Counter.builder("kms_rate_limited").description("requests refused with 429")
        .tag("limit", "identity").register(metrics);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String path = request.getHttpURI().getPath();
    if ("/health".equals(path) || "/ready".equals(path)) {
      return super.handle(request, response, callback);
    }
    String address = addresses.of(request);
    long wait = perAddress.acquire(address);
    if (wait > 0) {
      limitedAddress.increment();
      response.setStatus(429);
      response.getHeaders().put(HttpHeader.RETRY_AFTER, Long.toString(retryAfterSeconds(wait)));
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, XML);
      response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
      response.write(true, ByteBuffer.wrap(errors.xml(KmsErrorCode.RATE_LIMITED.code(),
          "too many unauthenticated requests from this address", path)), callback);
      return true;
    }
    request.setAttribute(ATTRIBUTE, this);
    try {
      return super.handle(request, response, callback);
    } finally {
      if (request.getAttribute(AUTHENTICATED) != null) {
        perAddress.refund(address);
      }
    }
  }

  /**
   * The front controller's hook once it has authenticated {@code identity}: the request no longer
   * counts against its address but against the identity. Throws {@link KmsErrorCode#RATE_LIMITED}
   * (with {@code Retry-After} set) beyond the identity's limit. Does nothing for a request that did
   * not come through this handler.
   */
  public static void authenticated(Request request, Response response, String identity) throws KmsException {
    if (!(request.getAttribute(ATTRIBUTE) instanceof RateLimitHandler h)) {
      return;
    }
    request.setAttribute(AUTHENTICATED, Boolean.TRUE);
    long wait = h.perIdentity.acquire(identity);
    if (wait > 0) {
      h.limitedIdentity.increment();
      response.getHeaders().put(HttpHeader.RETRY_AFTER, Long.toString(retryAfterSeconds(wait)));
      throw new KmsException(KmsErrorCode.RATE_LIMITED, "too many requests for this identity");
    }
  }

  private static long retryAfterSeconds(long nanos) {
    return Math.max(1, TimeUnit.NANOSECONDS.toSeconds(nanos + 999_999_999L));
  }
}

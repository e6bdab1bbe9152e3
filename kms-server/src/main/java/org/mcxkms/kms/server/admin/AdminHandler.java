package org.mcxkms.kms.server.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * The admin listener (JSON over HTTPS, loopback by default): {@code /admin/v1/...} goes to the
 * {@link AdminApi}; {@code /metrics} (Prometheus), {@code /health} and {@code /ready} need no token.
 */
public final class AdminHandler extends Handler.Abstract {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final AdminApi api;
  private final PrometheusMeterRegistry prometheus;
  private final Runnable readiness;

  /** @param readiness throws if the KMS is not ready (database, certificate) */
  public AdminHandler(AdminApi api, PrometheusMeterRegistry prometheus, Runnable readiness) {
    this.api = api;
    this.prometheus = prometheus;
    this.readiness = readiness;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws JsonProcessingException {
    String path = request.getHttpURI().getPath();
    String method = request.getMethod();
    if ("/metrics".equals(path) && "GET".equals(method)) {
      return send(response, callback, 200, "text/plain; version=0.0.4; charset=UTF-8", prometheus.scrape());
    }
    if ("/health".equals(path)) {
      return send(response, callback, 200, "text/plain; charset=UTF-8", "ok\n");
    }
    if ("/ready".equals(path)) {
      try {
        readiness.run();
        return send(response, callback, 200, "text/plain; charset=UTF-8", "ok\n");
      } catch (RuntimeException e) {
        return send(response, callback, 503, "text/plain; charset=UTF-8", e.getMessage() + "\n");
      }
    }
    Map<String, String> query = new LinkedHashMap<>();
    for (Fields.Field f : Request.extractQueryParameters(request)) {
      query.putIfAbsent(f.getName(), f.getValue());
    }
    AdminApi.Reply reply = api.handle(method, path, query, max -> {
      try (InputStream in = Content.Source.asInputStream(request)) {
        return in.readNBytes(max + 1);
      }
    }, request.getHeaders().get(HttpHeader.AUTHORIZATION));
    if (reply.challenge()) {
      response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"mcx-kms-admin\"");
    }
    response.getHeaders().put("X-Request-Id", reply.requestId());
    return send(response, callback, reply.status(), "application/json",
        JSON.writerWithDefaultPrettyPrinter().writeValueAsString(reply.json()) + "\n");
  }

  private static boolean send(Response response, Callback callback, int status, String type, String text) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.write(true, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), callback);
    return true;
  }
}

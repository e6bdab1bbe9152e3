package org.mcxkms.kms.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.mcxkms.kms.server.audit.Auditor;
import org.mcxkms.kms.server.error.KmsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin REST API (JSON over HTTPS, its own listener, loopback by default), authenticated with
 * the admin token. Every action is audited before it answers; if the audit fails the action is
 * reported as failed. {@code /metrics} (Prometheus), {@code /health} and {@code /ready} need no
 * token.
 *
 * <pre>
 * GET  /admin/v1/domain                         domain, key period rule, certificates
 * POST /admin/v1/certificates/rotate            new KSAK/z and certificate
 * GET  /admin/v1/identities                     all identities
 * GET  /admin/v1/identity?uri=U                 one identity (with grants)
 * POST /admin/v1/identities      {uri, kind}    register a user or server entity
 * POST /admin/v1/identities/disable|enable|revoke  {uri}
 * POST /admin/v1/keys            {uri, kind: trk|ink, key_id?}  new TrK/InK, returned once (D.1)
 * GET  /admin/v1/keys?uri=U                  key IDs of an identity (no secrets)
 * POST /admin/v1/keys/remove     {key_id}
 * POST /admin/v1/keys/rotate     {uri}                 pending TrK/InK, delivered in-band (IDs only)
 * POST /admin/v1/keys/require    {uri, required?}      the client must use the security extension
 * POST /admin/v1/grants          {server, target}   allow a server entity to obtain target's keys
 * POST /admin/v1/grants/remove   {server, target}
 * GET  /admin/v1/audit?limit=N                  latest audit records
 * POST /admin/v1/dev/token       {user, ttl_seconds?, scope?}   DEVELOPMENT IdM only
 * </pre>
 */
public final class AdminHandler extends Handler.Abstract {
  private static final Logger LOG = LoggerFactory.getLogger("mcx.kms.admin");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_BODY = 16 * 1024;
  private static final String PREFIX = "/admin/v1/";

  private final AdminService service;
  private final AdminToken token;
  private final Auditor auditor;
  private final PrometheusMeterRegistry prometheus;
  private final Runnable readiness;
  private final AtomicLong ids = new AtomicLong();

  /** @param readiness throws if the KMS is not ready (database, certificate) */
  public AdminHandler(AdminService service, AdminToken token, Auditor auditor, PrometheusMeterRegistry prometheus,
      Runnable readiness) {
    this.service = service;
    this.token = token;
    this.auditor = auditor;
    this.prometheus = prometheus;
    this.readiness = readiness;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
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
    String rid = "admin-" + ids.incrementAndGet();
    int status;
    Object body;
    String action = (method + " " + path).toLowerCase(java.util.Locale.ROOT);
    String identity = null;
    try {
      if (!token.matches(request.getHeaders().get(HttpHeader.AUTHORIZATION))) {
        response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"mcx-kms-admin\"");
        throw new AdminException(401, "admin token required (see admin.token in the data directory)");
      }
      if (!path.startsWith(PREFIX)) {
        throw new AdminException(404, "no such admin resource");
      }
      String op = path.substring(PREFIX.length());
      JsonNode in = "POST".equals(method) ? readJson(request) : JSON.createObjectNode();
      Fields query = Request.extractQueryParameters(request);
      identity = firstText(in, query, "uri", "user", "server");
      body = route(method, op, in, query);
      status = 200;
      auditor.record(rid, "admin", "admin." + op.replace('/', '.'), identity, null, "ok", null);
    } catch (AdminException e) {
      status = e.status();
      body = error(e.getMessage());
      if (status != 401 && status != 404) {
        try {
          auditor.record(rid, "admin", action, identity, null, "error " + status, e.getMessage());
        } catch (KmsException ae) {
          status = 503;
          body = error(ae.getMessage());
        }
      }
    } catch (KmsException e) {
      // the audit record of a completed action could not be written
      status = 503;
      body = error(e.getMessage() + " (the action itself was carried out)");
    } catch (RuntimeException e) {
      LOG.error("request_id={} admin internal error: {}", rid, e.toString(), e);
      status = 500;
      body = error("internal error (request " + rid + ")");
    }
    LOG.info("request_id={} admin action=\"{}\" identity={} status={}", rid, action, identity, status);
    try {
      return send(response, callback, status, "application/json", JSON.writerWithDefaultPrettyPrinter()
          .writeValueAsString(body) + "\n");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private Object route(String method, String op, JsonNode in, Fields query) throws AdminException {
    switch (method + " " + op) {
      case "GET domain":
        return service.domain();
      case "GET certificates":
        return service.certificates();
      case "POST certificates/rotate":
        return service.rotate();
      case "GET identities":
        return service.identities();
      case "GET identity":
        return service.identity(query.getValue("uri"));
      case "POST identities":
        return service.addIdentity(text(in, "uri"), in.path("kind").asText("user"));
      case "POST identities/disable":
        return service.disable(text(in, "uri"));
      case "POST identities/enable":
        return service.enable(text(in, "uri"));
      case "POST identities/revoke":
        return service.revoke(text(in, "uri"));
      case "POST keys":
        return service.addProtectionKey(text(in, "uri"), text(in, "kind"),
            in.hasNonNull("key_id") ? in.get("key_id").asText() : null);
      case "GET keys":
        return service.protectionKeys(query.getValue("uri"));
      case "POST keys/rotate":
        return service.rotateProtectionKeys(text(in, "uri"));
      case "POST keys/require":
        return service.requireProtectionKeys(text(in, "uri"), in.path("required").asBoolean(true));
      case "POST keys/remove":
        return service.removeProtectionKey(text(in, "key_id"));
      case "POST grants":
        return service.grant(text(in, "server"), text(in, "target"));
      case "POST grants/remove":
        return service.revokeGrant(text(in, "server"), text(in, "target"));
      case "GET audit":
        return service.audit(intParam(query, "limit", 50));
      case "POST dev/token":
        return service.devToken(text(in, "user"), in.path("ttl_seconds").asLong(3600),
            in.hasNonNull("scope") ? in.get("scope").asText() : null);
      default:
        throw new AdminException(404, "no such admin resource: " + method + " " + op);
    }
  }

  private static String text(JsonNode in, String field) throws AdminException {
    JsonNode n = in.get(field);
    if (n == null || !n.isTextual()) {
      throw new AdminException(400, "'" + field + "' (string) is required");
    }
    return n.asText();
  }

  private static String firstText(JsonNode in, Fields query, String... fields) {
    for (String f : fields) {
      if (in.hasNonNull(f) && in.get(f).isTextual()) {
        return in.get(f).asText();
      }
      if (query.getValue(f) != null) {
        return query.getValue(f);
      }
    }
    return null;
  }

  private static int intParam(Fields query, String name, int dflt) throws AdminException {
    String v = query.getValue(name);
    if (v == null) {
      return dflt;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new AdminException(400, name + " must be an integer");
    }
  }

  private static JsonNode readJson(Request request) throws AdminException {
    try (InputStream in = Content.Source.asInputStream(request)) {
      byte[] b = in.readNBytes(MAX_BODY + 1);
      if (b.length > MAX_BODY) {
        throw new AdminException(413, "body too large");
      }
      if (b.length == 0) {
        return JSON.createObjectNode();
      }
      JsonNode n = JSON.readTree(b);
      if (n == null || !n.isObject()) {
        throw new AdminException(400, "the body must be a JSON object");
      }
      return n;
    } catch (IOException e) {
      throw new AdminException(400, "the body is not valid JSON");
    }
  }

  private static Map<String, Object> error(String message) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("error", message);
    return m;
  }

  private static boolean send(Response response, Callback callback, int status, String type, String text) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.write(true, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), callback);
    return true;
  }
}

package org.mcxkms.kms.server.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.mcxkms.kms.server.audit.AuditAction;
import org.mcxkms.kms.server.audit.Auditor;
import org.mcxkms.kms.server.audit.RequestIds;
import org.mcxkms.kms.server.error.KmsException;
import org.mcxkms.kms.server.policy.IdentityUris;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin request path, explicit and in one place, free of Jetty:
 *
 * <ol>
 *   <li>the admin token (401, not audited);
 *   <li>the route (404, not audited) and the JSON body (400/413, audited as refused);
 *   <li>a record {@value AuditAction#REQUESTED} <b>before</b> the action takes effect; if it cannot
 *       be written the action is refused (503) and nothing changes;
 *   <li>the endpoint;
 *   <li>a record of the outcome ({@value AuditAction#OK} or the error in lower case). If a success's
 *       record cannot be written the answer is still sent (the action took effect and may have
 *       produced a secret shown once, such as a new TrK); the log says so.
 * </ol>
 *
 * Every failure is an {@link AdminException} turned into a status and {@code {"error": ...}} here.
 */
public final class AdminApi {
  private static final Logger LOG = LoggerFactory.getLogger("mcx.kms.admin");
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String PREFIX = "/admin/v1/";
  static final int MAX_BODY = 16 * 1024;
  private static final int MAX_DETAIL = 500;
  private static final String CALLER = "admin";

  /** The request body, read on demand: at most {@code max} + 1 octets. */
  @FunctionalInterface
  public interface Body {
    byte[] read(int max) throws IOException;
  }

  /** What to send: the status and the JSON value; {@code challenge} asks for the admin token. */
  public record Reply(String requestId, int status, Object json, boolean challenge) {}

  private final AdminRoutes routes;
  private final AdminToken token;
  private final Auditor auditor;
  private final RequestIds requestIds = new RequestIds();

  public AdminApi(AdminRoutes routes, AdminToken token, Auditor auditor) {
    this.routes = routes;
    this.token = token;
    this.auditor = auditor;
  }

  public Reply handle(String method, String path, Map<String, String> query, Body body, String authorization) {
    String op = path.startsWith(PREFIX) ? path.substring(PREFIX.length()) : null;
    return run(method, op, path, query, body, () -> token.matches(authorization), CALLER);
  }

  /**
   * The same request path for a caller already authenticated with the admin token (a console
   * session): route, audit, endpoint, audit. {@code op} is the route below {@code /admin/v1/},
   * {@code body} the fields of the JSON body; {@code caller} names the caller in the audit trail.
   */
  public Reply perform(String method, String op, Map<String, String> body, Map<String, String> query, String caller) {
    return run(method, op, PREFIX + op, query, max -> JSON.writeValueAsBytes(body), () -> true, caller);
  }

  private Reply run(String method, String op, String path, Map<String, String> query, Body body,
      BooleanSupplier authenticated, String caller) {
    String rid = requestIds.next();
    AdminRoute route = null;
    AdminCall call = null;
    Reply reply;
    try {
      if (!authenticated.getAsBoolean()) {
        throw new AdminException(AdminError.UNAUTHORIZED, "admin token required (see admin.token in the data directory)");
      }
      route = routes.find(method, op).orElseThrow(() -> new AdminException(AdminError.NOT_FOUND,
          "no such admin resource: " + method + " " + IdentityUris.printable(path)));
      JsonNode in = "POST".equals(method) ? readJson(body) : JSON.createObjectNode();
      call = new AdminCall(in, query);
      reply = act(rid, route, call, caller);
    } catch (AdminException e) {
      reply = refused(rid, route, call, e, caller);
    } catch (RuntimeException e) {
      LOG.error("request_id={} admin internal error: {}", rid, e.toString(), e);
      reply = refused(rid, route, call, new AdminException(AdminError.INTERNAL, "internal error (request " + rid + ")"),
          caller);
    }
    LOG.info("request_id={} admin action={} identity=\"{}\" status={}", rid,
        route == null ? "-" : route.action().auditName(), IdentityUris.printable(call == null ? null : call.identity()),
        reply.status());
    return reply;
  }

  /** Steps 3 to 5: audit, act, audit. */
  private Reply act(String rid, AdminRoute route, AdminCall call, String caller) throws AdminException {
    String action = route.action().auditName();
    try {
      auditor.record(rid, caller, action, call.identity(), null, AuditAction.REQUESTED, summary(call.body()));
    } catch (KmsException e) {
      return new Reply(rid, AdminError.UNAVAILABLE.status(), error("the audit trail cannot be written; the action was"
          + " not carried out"), false);
    }
    Object result = route.endpoint().handle(call);
    try {
      auditor.record(rid, caller, action, call.identity(), null, AuditAction.OK, null);
    } catch (KmsException e) {
      LOG.error("request_id={} admin action={} took effect but its outcome record could not be written", rid, action);
    }
    return new Reply(rid, 200, result, false);
  }

  /** A refusal, audited once the route is known; if that record cannot be written, 503. */
  private Reply refused(String rid, AdminRoute route, AdminCall call, AdminException e, String caller) {
    if (route != null) {
      try {
        auditor.record(rid, caller, route.action().auditName(), call == null ? null : call.identity(), null,
            e.error().outcome(), e.getMessage());
      } catch (KmsException auditFailure) {
        return new Reply(rid, AdminError.UNAVAILABLE.status(), error("the audit trail cannot be written ("
            + e.getMessage() + ")"), false);
      }
    }
    return new Reply(rid, e.error().status(), error(e.getMessage()), e.error() == AdminError.UNAUTHORIZED);
  }

  private static JsonNode readJson(Body body) throws AdminException {
    byte[] b;
    try {
      b = body.read(MAX_BODY);
    } catch (IOException e) {
      throw new AdminException(AdminError.BAD_REQUEST, "the body could not be read");
    }
    if (b.length > MAX_BODY) {
      throw new AdminException(AdminError.BODY_TOO_LARGE, "the body exceeds " + MAX_BODY + " octets");
    }
    if (b.length == 0) {
      return JSON.createObjectNode();
    }
    JsonNode n;
    try {
      n = JSON.readTree(b);
    } catch (IOException e) {
      throw new AdminException(AdminError.BAD_REQUEST, "the body is not valid JSON");
    }
    if (n == null || !n.isObject()) {
      throw new AdminException(AdminError.BAD_REQUEST, "the body must be a JSON object");
    }
    return n;
  }

  /** The request body for the audit trail (admin bodies hold no secrets), clipped. */
  private static String summary(JsonNode body) {
    if (body.isEmpty()) {
      return null;
    }
    try {
      String s = JSON.writeValueAsString(body);
      return s.length() > MAX_DETAIL ? s.substring(0, MAX_DETAIL) + "..." : s;
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private static Map<String, Object> error(String message) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("error", message);
    return m;
  }
}

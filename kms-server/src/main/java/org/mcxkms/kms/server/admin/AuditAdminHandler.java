package org.mcxkms.kms.server.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.mcxkms.kms.server.audit.AuditExport;
import org.mcxkms.kms.server.audit.AuditKey;
import org.mcxkms.kms.server.audit.AuditVerifier;
import org.mcxkms.kms.server.audit.Auditor;
import org.mcxkms.kms.server.error.KmsException;
import org.mcxkms.kms.server.store.KmsStore;

/**
 * The audit-chain part of the admin API, in front of the rest of it (same listener, same admin
 * token). Both reads are themselves audited.
 *
 * <pre>
 * GET /admin/v1/audit/verify             walk the chain: intact, or the first missing/altered record
 * GET /admin/v1/audit/export?after=N     chained records numbered above N as JSON lines (at most
 *                                        100,000; header X-Audit-More: true when more may follow)
 * </pre>
 */
public final class AuditAdminHandler extends Handler.Wrapper {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String VERIFY = "/admin/v1/audit/verify";
  private static final String EXPORT = "/admin/v1/audit/export";
  /** One export answer holds at most this many records; the client asks again with a higher {@code after}. */
  static final long EXPORT_LIMIT = 100_000;
  /** Response header of an export: whether records beyond this answer may exist. */
  public static final String MORE = "X-Audit-More";

  private final KmsStore store;
  private final AuditKey key;
  private final AdminToken token;
  private final Auditor auditor;
  private final AtomicLong ids = new AtomicLong();

  public AuditAdminHandler(Handler next, KmsStore store, AuditKey key, AdminToken token, Auditor auditor) {
    super(next);
    this.store = store;
    this.key = key;
    this.token = token;
    this.auditor = auditor;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String path = request.getHttpURI().getPath();
    if (!VERIFY.equals(path) && !EXPORT.equals(path)) {
      return super.handle(request, response, callback);
    }
    if (!token.matches(request.getHeaders().get(HttpHeader.AUTHORIZATION))) {
      response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"mcx-kms-admin\"");
      return json(response, callback, 401, Map.of("error", "admin token required (see admin.token in the data directory)"));
    }
    if (!"GET".equals(request.getMethod())) {
      response.getHeaders().put(HttpHeader.ALLOW, "GET");
      return json(response, callback, 405, Map.of("error", "use GET"));
    }
    String rid = "admin-audit-" + ids.incrementAndGet();
    try {
      if (VERIFY.equals(path)) {
        return json(response, callback, 200, verify(rid, "admin"));
      }
      Fields q = Request.extractQueryParameters(request);
      long after;
      try {
        after = q.get("after") == null ? 0 : Long.parseLong(q.get("after").getValue());
      } catch (NumberFormatException e) {
        return json(response, callback, 400, Map.of("error", "after must be a record number"));
      }
      auditor.record(rid, "admin", "admin.audit.export", null, null, "ok", "after " + after);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      long n = AuditExport.write(store, Math.max(0, after), Math.max(0, after) + EXPORT_LIMIT, out);
      response.setStatus(200);
      // A full page may have more behind it; the client asks again after the last number it got.
      response.getHeaders().put(MORE, Boolean.toString(n == EXPORT_LIMIT));
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/x-ndjson; charset=UTF-8");
      response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
      response.write(true, ByteBuffer.wrap(out.toByteArray()), callback);
      return true;
    } catch (KmsException e) {
      return json(response, callback, 503, Map.of("error", e.getMessage()));
    }
  }

  /**
   * Walks the chain and records that {@code caller} did (the admin API and the console both come
   * here); throws if the audit trail cannot be written.
   */
  public Map<String, Object> verify(String rid, String caller) throws KmsException {
    AuditVerifier.Result r = AuditVerifier.verify(store, key);
    auditor.record(rid, caller, "admin.audit.verify", null, null, "ok",
        r.intact() ? "intact through " + r.headSeq() : "broken at " + r.firstBadSeq());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("intact", r.intact());
    m.put("checked", r.checked());
    m.put("first_bad_seq", r.firstBadSeq());
    m.put("problem", r.problem());
    m.put("anchor_seq", r.anchorSeq());
    m.put("head_seq", r.headSeq());
    m.put("unchained", r.unchained());
    return m;
  }

  private static boolean json(Response response, Callback callback, int status, Map<String, ?> body)
      throws Exception {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.write(true, ByteBuffer.wrap(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(body)), callback);
    return true;
  }
}

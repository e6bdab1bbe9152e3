package org.mcxkms.kms.server.admin;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mcxkms.kms.server.store.AuditQuery;
import org.mcxkms.kms.server.store.AuditRecord;
import org.mcxkms.kms.server.store.KmsStore;

/**
 * {@code GET audit?limit=N}: the latest audit records, newest first; optionally only those with
 * {@code identity}, {@code action}, {@code outcome} (exact) written in [{@code from}, {@code to})
 * (ISO-8601 instants).
 */
final class ShowAuditEndpoint implements AdminEndpoint {
  private final KmsStore store;

  ShowAuditEndpoint(KmsStore store) {
    this.store = store;
  }

  @Override
  public Object handle(AdminCall call) throws AdminException {
    int limit = call.intQuery("limit", 50);
    if (limit < 1 || limit > AuditQuery.MAX_LIMIT) {
      throw new AdminException(AdminError.BAD_REQUEST, "limit must be 1.." + AuditQuery.MAX_LIMIT);
    }
    AuditQuery q = new AuditQuery(call.query("identity"), call.query("action"), call.query("outcome"),
        instant(call, "from"), instant(call, "to"), limit);
    List<Map<String, Object>> out = new ArrayList<>();
    for (AuditRecord r : store.audit(q)) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("at", r.at().toString());
      m.put("request_id", r.requestId());
      m.put("node", r.node());
      m.put("caller", r.caller());
      m.put("action", r.action());
      m.put("identity", r.identity());
      m.put("period", r.period());
      m.put("outcome", r.outcome());
      m.put("detail", r.detail());
      out.add(m);
    }
    return out;
  }

  private static Instant instant(AdminCall call, String name) throws AdminException {
    String v = call.query(name);
    if (v == null || v.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(v.trim());
    } catch (DateTimeParseException e) {
      throw new AdminException(AdminError.BAD_REQUEST, name + " must be an ISO-8601 instant such as"
          + " 2026-01-31T12:00:00Z");
    }
  }
}

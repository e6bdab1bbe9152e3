package org.mcxkms.kms.server.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mcxkms.kms.server.store.AuditRecord;
import org.mcxkms.kms.server.store.KmsStore;

/** {@code GET audit?limit=N}: the latest audit records, newest first. */
final class ShowAuditEndpoint implements AdminEndpoint {
  private final KmsStore store;

  ShowAuditEndpoint(KmsStore store) {
    this.store = store;
  }

  @Override
  public Object handle(AdminCall call) throws AdminException {
    List<Map<String, Object>> out = new ArrayList<>();
    for (AuditRecord r : store.recentAudit(call.intQuery("limit", 50))) {
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
}

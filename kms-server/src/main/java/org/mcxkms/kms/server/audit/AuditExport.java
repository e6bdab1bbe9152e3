package org.mcxkms.kms.server.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mcxkms.kms.server.store.AuditRecord;
import org.mcxkms.kms.server.store.ChainedAuditRecord;
import org.mcxkms.kms.server.store.KmsStore;

/**
 * The audit chain as JSON lines (one object per record, for a SIEM): seq, at, request_id, node,
 * caller, action, identity, period, outcome, detail, prev_mac and mac. The MACs let the receiver
 * see that the exported records are consecutive and unaltered by comparing with a later export or
 * with {@code audit verify}.
 */
public final class AuditExport {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PAGE = 5_000;

  private AuditExport() {}

  /**
   * Writes the records numbered above {@code afterSeq} and up to {@code throughSeq} to {@code out}.
   *
   * @return the number of records written
   */
  public static long write(KmsStore store, long afterSeq, long throughSeq, OutputStream out) throws IOException {
    long n = 0;
    long next = afterSeq;
    while (next < throughSeq) {
      List<ChainedAuditRecord> page = store.auditChain(next, (int) Math.min(PAGE, throughSeq - next));
      if (page.isEmpty()) {
        break;
      }
      for (ChainedAuditRecord c : page) {
        if (c.seq() > throughSeq) {
          break;
        }
        out.write(JSON.writeValueAsBytes(line(c)));
        out.write('\n');
        n++;
        next = c.seq();
      }
    }
    out.flush();
    return n;
  }

  private static Map<String, Object> line(ChainedAuditRecord c) {
    AuditRecord r = c.record();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("seq", c.seq());
    m.put("at", r.at().toString());
    m.put("request_id", r.requestId());
    m.put("node", r.node());
    m.put("caller", r.caller());
    m.put("action", r.action());
    m.put("identity", r.identity());
    m.put("period", r.period());
    m.put("outcome", r.outcome());
    m.put("detail", r.detail());
    m.put("prev_mac", c.previousMac());
    m.put("mac", c.mac());
    return m;
  }
}

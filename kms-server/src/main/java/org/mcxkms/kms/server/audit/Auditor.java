package org.mcxkms.kms.server.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.mcxkms.kms.server.error.KmsErrorCode;
import org.mcxkms.kms.server.error.KmsException;
import org.mcxkms.kms.server.store.AuditRecord;
import org.mcxkms.kms.server.store.KmsStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the audit trail: every issuance, denial and admin action, with time, request id, node,
 * caller, action, identity, period and outcome. Never key material or tokens. If the record
 * cannot be written the request fails ({@link KmsErrorCode#UNAVAILABLE}): nothing is handed out
 * that the trail does not show.
 */
public final class Auditor {
  private static final Logger LOG = LoggerFactory.getLogger("mcx.kms.audit");

  private final KmsStore store;
  private final String node;
  private final Clock clock;
  private final Counter failures;

  public Auditor(KmsStore store, String node, Clock clock, MeterRegistry metrics) {
    this.store = store;
    this.node = node;
    this.clock = clock;
    this.failures = Counter.builder("kms_audit_failures").register(metrics);
  }

  public void record(String requestId, String caller, String action, String identity, Long period, String outcome,
      String detail) throws KmsException {
    try {
      store.audit(new AuditRecord(clock.instant(), requestId, node, caller, action, identity, period, outcome, detail));
    } catch (RuntimeException e) {
      failures.increment();
      LOG.error("audit write failed request_id={} action={} error={}", requestId, action, e.toString());
      throw new KmsException(KmsErrorCode.UNAVAILABLE, "the audit trail cannot be written; request refused");
    }
  }
}

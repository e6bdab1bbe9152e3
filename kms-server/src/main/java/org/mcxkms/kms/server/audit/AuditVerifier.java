package org.mcxkms.kms.server.audit;

import java.util.List;
import org.mcxkms.kms.server.store.AuditChainState;
import org.mcxkms.kms.server.store.ChainedAuditRecord;
import org.mcxkms.kms.server.store.KmsStore;

/**
 * Walks the audit chain from the retention anchor to the head and reports the first record that
 * is missing or does not verify: a deleted record leaves a gap in the numbers (or a short chain),
 * a changed one a MAC that does not match, a reordered or re-inserted one a wrong predecessor.
 */
public final class AuditVerifier {
  private static final int PAGE = 5_000;

  private AuditVerifier() {}

  /**
   * The result of a walk.
   *
   * @param intact whether every record from the anchor to the head is present and verifies
   * @param checked how many records verified before the walk stopped
   * @param firstBadSeq the number of the first missing or altered record, or null when intact
   * @param problem what is wrong with it, or null when intact
   * @param unchained records written before the chain existed (not covered)
   */
  public record Result(boolean intact, long checked, Long firstBadSeq, String problem, long anchorSeq, long headSeq,
      long unchained) {}

  public static Result verify(KmsStore store, AuditKey key) {
    AuditChainState s = store.auditChainState();
    long expected = s.anchorSeq() + 1;
    String previous = s.anchorMac();
    if (s.anchorSeq() != 0 && !AuditKey.same(key.anchorTag(s.anchorSeq(), s.anchorMac()), s.anchorTag())) {
      return bad(s, 0, s.anchorSeq(), "the retention anchor (last deleted record " + s.anchorSeq()
          + ") was altered");
    }
    if (s.anchorSeq() == 0 && !s.anchorMac().isEmpty()) {
      return bad(s, 0, 1L, "the retention anchor was altered");
    }
    long checked = 0;
    while (true) {
      List<ChainedAuditRecord> page = store.auditChain(expected - 1, PAGE);
      if (page.isEmpty()) {
        break;
      }
      for (ChainedAuditRecord r : page) {
        if (r.seq() != expected) {
          return bad(s, checked, expected, r.seq() == expected + 1 ? "record " + expected + " is missing"
              : "records " + expected + " to " + (r.seq() - 1) + " are missing");
        }
        if (!AuditKey.same(previous, r.previousMac())) {
          return bad(s, checked, expected, "record " + expected + " does not follow record " + (expected - 1)
              + " (moved, re-inserted or its predecessor replaced)");
        }
        if (!AuditKey.same(key.link(r.seq(), r.previousMac(), r.record()), r.mac())) {
          return bad(s, checked, expected, "record " + expected + " was altered (its MAC does not verify)");
        }
        previous = r.mac();
        expected++;
        checked++;
      }
    }
    if (expected - 1 < s.headSeq()) {
      return bad(s, checked, expected, expected == s.headSeq() ? "record " + expected + " (the last) is missing"
          : "records " + expected + " to " + s.headSeq() + " (the last) are missing");
    }
    if (expected - 1 > s.headSeq() || !AuditKey.same(previous, s.headMac())) {
      return bad(s, checked, Math.min(expected - 1, s.headSeq()), "the chain head does not match the last record");
    }
    return new Result(true, checked, null, null, s.anchorSeq(), s.headSeq(), s.unchained());
  }

  private static Result bad(AuditChainState s, long checked, long seq, String problem) {
    return new Result(false, checked, seq, problem, s.anchorSeq(), s.headSeq(), s.unchained());
  }
}

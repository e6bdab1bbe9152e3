package org.mcxkms.kms.server.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The whole audit trail of a store: the sealed chain key (null before it was created), the head and
 * retention anchor of the chain (see {@link AuditChainState}) and every record still in the table,
 * in the order they were written.
 */
public record AuditTrail(String sealedKey, long headSeq, String headMac, long anchorSeq, String anchorMac,
    String anchorTag, List<AuditRow> records) {
  public AuditTrail {
    Objects.requireNonNull(headMac, "headMac");
    Objects.requireNonNull(anchorMac, "anchorMac");
    Objects.requireNonNull(anchorTag, "anchorTag");
    if (headSeq < 0 || anchorSeq < 0 || anchorSeq > headSeq) {
      throw new IllegalArgumentException("audit chain head " + headSeq + " and anchor " + anchorSeq + " are inconsistent");
    }
    records = List.copyOf(records);
  }

  /** This trail with {@code row} appended as the new head of the chain. */
  public AuditTrail append(AuditRow row) {
    if (row.seq() == null || row.seq() != headSeq + 1) {
      throw new IllegalArgumentException("the next chained record is number " + (headSeq + 1));
    }
    List<AuditRow> all = new ArrayList<>(records);
    all.add(row);
    return new AuditTrail(sealedKey, row.seq(), row.mac(), anchorSeq, anchorMac, anchorTag, all);
  }
}

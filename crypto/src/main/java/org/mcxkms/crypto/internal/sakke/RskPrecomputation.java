package org.mcxkms.crypto.internal.sakke;

/**
 * What a validated RSK keeps for decapsulation: the Miller lines of K_(a,T) (about 480 KiB),
 * whose computation also proved that K has order q, and, built on the first decapsulation, a comb
 * table for Q_a = [a]P + Z_T (about 144 KiB), so that the recomputation [r]Q_a of RFC 6508 6.2.2
 * step 5 costs one comb instead of a joint comb on P and Z_T (half the additions).
 *
 * <p>Secret (derived from the RSK): never printed. Immutable apart from the table, which is built
 * once under the instance lock and then shared read-only by all threads.
 */
public final class RskPrecomputation {
  final MillerLines lines;
  private final long[] qx; // Q_a, public
  private final long[] qy;
  private volatile PointTable qTable;

  RskPrecomputation(MillerLines lines, long[] qx, long[] qy) {
    this.lines = lines;
    this.qx = qx.clone();
    this.qy = qy.clone();
  }

  PointTable identifierTable() {
    PointTable t = qTable;
    if (t == null) {
      synchronized (this) {
        t = qTable;
        if (t == null) {
          t = PointTable.build(qx, qy, Comb.NARROW);
          qTable = t;
        }
      }
    }
    return t;
  }

  @Override
  public String toString() {
    return "RskPrecomputation[redacted]";
  }
}

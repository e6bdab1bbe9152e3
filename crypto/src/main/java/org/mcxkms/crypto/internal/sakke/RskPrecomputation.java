package org.mcxkms.crypto.internal.sakke;

/**
 * What a validated RSK K_(b,T) keeps for decapsulation, built on the first decapsulation (once,
 * under the instance lock, then shared read-only by all threads):
 * <ul>
 *   <li>the Miller lines of K (about 450 KiB), so that each pairing &lt;R, K&gt; needs no point
 *       arithmetic (K was proven to have order q during validation, which the lines require);
 *   <li>a comb table for Q_b = [b]P + Z_T (about 144 KiB), so that the recomputation [r]Q_b of
 *       RFC 6508 6.2.2 step 5 costs one comb instead of a joint comb on P and Z_T.
 * </ul>
 * Building both costs about as much as four decapsulations. Secret (derived from the RSK): never
 * printed.
 */
public final class RskPrecomputation {
  private final SakkePoint rsk;
  private final SakkePoint z;
  private final byte[] identifier;
  private volatile MillerLines lines;
  private volatile PointTable qTable;

  RskPrecomputation(SakkePoint rsk, SakkePoint z, byte[] identifier) {
    this.rsk = rsk;
    this.z = z;
    this.identifier = identifier.clone();
  }

  MillerLines lines() {
    MillerLines l = lines;
    if (l == null) {
      synchronized (this) {
        l = lines;
        if (l == null) {
          l = MillerLines.compute(rsk.x, rsk.y);
          if (l == null) {
            throw new IllegalStateException("validated RSK turned out not to have order q");
          }
          lines = l;
        }
      }
    }
    return l;
  }

  PointTable identifierTable() {
    PointTable t = qTable;
    if (t == null) {
      synchronized (this) {
        t = qTable;
        if (t == null) {
          long[][] q = SakkeEngine.identifierPoint(identifier, z);
          if (q == null) {
            throw new IllegalStateException("[b]P + Z is the point at infinity for a validated RSK");
          }
          t = PointTable.build(q[0], q[1], Comb.NARROW);
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

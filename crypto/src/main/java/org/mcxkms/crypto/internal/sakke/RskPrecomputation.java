package org.mcxkms.crypto.internal.sakke;

/**
 * What a validated RSK K_(b,T) keeps for decapsulation, built on the first decapsulation (once,
 * then shared read-only by all threads, see {@link Lazy}):
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
  private final Lazy<MillerLines> lines;
  private final Lazy<PointTable> identifierTable;

  RskPrecomputation(SakkePoint rsk, SakkePoint z, byte[] identifier) {
    byte[] id = identifier.clone();
    this.lines = new Lazy<>(() -> {
      MillerLines l = MillerLines.compute(rsk.x, rsk.y);
      if (l == null) {
        throw new IllegalStateException("validated RSK turned out not to have order q");
      }
      return l;
    });
    this.identifierTable = new Lazy<>(() -> {
      long[][] q = SakkeEngine.identifierPoint(id, z);
      if (q == null) {
        throw new IllegalStateException("[b]P + Z is the point at infinity for a validated RSK");
      }
      return PointTable.build(q[0], q[1], Comb.NARROW);
    });
  }

  /**
   * Builds both now (otherwise the first decapsulation does): a receiver calls this once per key
   * period, when the period's RSK is installed, so that no decapsulation on the critical path pays
   * for it.
   */
  public void build() {
    lines.get();
    identifierTable.get();
  }

  MillerLines lines() {
    return lines.get();
  }

  PointTable identifierTable() {
    return identifierTable.get();
  }

  @Override
  public String toString() {
    return "RskPrecomputation[redacted]";
  }
}

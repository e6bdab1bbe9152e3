package org.mcxkms.crypto.internal.sakke;

/**
 * The comb table of a receiver's point Q_b = [b]P + Z_T (RFC 6508 6.2.1 step 2), for a sender that
 * encapsulates to the same receiver again and again (a GMS rekeying the same members, a UE calling
 * the same peers): with it R = [r]Q_b is one comb ({@link Comb#NARROW}: 31 doublings and 128
 * additions) where a first encapsulation needs the joint comb of P and Z_T (15 doublings and 256
 * additions). Built on first use, once ({@link Lazy}), about 144 KiB; public data only (b, Z_T).
 */
public final class ReceiverTable {
  private final SakkePoint z;
  private final byte[] identifier;
  private final Lazy<PointTable> table;

  /** For receiver {@code identifier} under the KMS public key {@code z}; nothing is built yet. */
  public ReceiverTable(SakkePoint z, byte[] identifier) {
    this.z = z;
    this.identifier = identifier.clone();
    this.table = new Lazy<>(() -> {
      long[][] q = SakkeEngine.identifierPoint(this.identifier, z);
      if (q == null) {
        throw new IllegalArgumentException("no SAKKE encapsulation exists for this identifier under this KMS key");
      }
      return PointTable.build(q[0], q[1], Comb.NARROW);
    });
  }

  SakkePoint z() {
    return z;
  }

  byte[] identifierView() {
    return identifier;
  }

  PointTable table() {
    return table.get();
  }

  /** Builds the table now (otherwise the first encapsulation does). */
  public void build() {
    table.get();
  }
}

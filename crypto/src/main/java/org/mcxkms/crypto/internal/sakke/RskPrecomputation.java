package org.mcxkms.crypto.internal.sakke;

/**
 * What a validated RSK keeps for decapsulation: the Miller lines of K_(a,T) (about 430 KiB),
 * whose computation also proved that K has order q. Secret (derived from the RSK): never printed;
 * immutable and shared read-only across threads.
 */
public final class RskPrecomputation {
  final MillerLines lines;

  RskPrecomputation(MillerLines lines) {
    this.lines = lines;
  }

  @Override
  public String toString() {
    return "RskPrecomputation[redacted]";
  }
}

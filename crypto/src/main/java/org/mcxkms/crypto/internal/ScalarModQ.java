package org.mcxkms.crypto.internal;

import java.math.BigInteger;

/**
 * Arithmetic modulo the P-256 group order q on secret scalars (KSAK, v, SSK, j).
 *
 * <p>FIRST VERSION: BigInteger-based and therefore not constant-time. To be replaced by a
 * fixed-width Montgomery implementation (see the crypto issue, item 5).
 */
public final class ScalarModQ {
  private ScalarModQ() {}

  public static BigInteger mulAdd(BigInteger a, BigInteger b, BigInteger c) {
    return a.multiply(b).add(c).mod(P256.Q);
  }

  public static BigInteger mul(BigInteger a, BigInteger b) {
    return a.multiply(b).mod(P256.Q);
  }

  public static BigInteger inverse(BigInteger a) {
    return a.modInverse(P256.Q);
  }
}

package org.mcxkms.crypto.sakke;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.Arrays;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;

/**
 * A small independent statement of RFC 6508 6.2.1 for Parameter Set 1, written for the tests only:
 * Bouncy Castle's generic curve arithmetic for the points, BigInteger F_p^2 for g^r, and the
 * RFC's fixed-length octet strings everywhere (SSV 16 octets, identifier as given, g^r 128
 * octets). It shares no code with the implementation under test.
 */
final class IndependentSakke {
  static final BigInteger P = new BigInteger(
      "997ABB1F0A563FDA65C61198DAD0657A416C0CE19CB48261BE9AE358B3E01A2E"
          + "F40AAB27E2FC0F1B228730D531A59CB0E791B39FF7C88A19356D27F4A666A6D0"
          + "E26C6487326B4CD4512AC5CD65681CE1B6AFF4A831852A82A7CF3C521C3C09AA"
          + "9F94D6AF56971F1FFCE3E82389857DB080C5DF10AC7ACE87666D807AFEA85FEB", 16);
  static final BigInteger Q = P.add(BigInteger.ONE).shiftRight(2);
  static final BigInteger G = new BigInteger(
      "66FC2A432B6EA392148F15867D623068C6A87BD1FB94C41E27FABE658E015A87"
          + "371E94744C96FEDA449AE9563F8BC446CBFDA85D5D00EF577072DA8F541721BE"
          + "EE0FAED1828EAB90B99DFB0138C7843355DF0460B4A9FD74B4F1A32BCAFA1FFA"
          + "D682C033A7942BCCE3720F20B9B7B0403C8CAE87B7A0042ACDE0FAB36461EA46", 16);
  static final ECCurve CURVE = new ECCurve.Fp(P, P.subtract(BigInteger.valueOf(3)), BigInteger.ZERO, Q, BigInteger.valueOf(4));
  static final ECPoint BASE = CURVE.createPoint(
      new BigInteger(
          "53FC09EE332C29AD0A7990053ED9B52A2B1A2FD60AEC69C698B2F204B6FF7CBF"
              + "B5EDB6C0F6CE2308AB10DB9030B09E1043D5F22CDB9DFA55718BD9E7406CE890"
              + "9760AF765DD5BCCB337C86548B72F2E1A702C3397A60DE74A7C1514DBA66910D"
              + "D5CFB4CC80728D87EE9163A5B63F73EC80EC46C4967E0979880DC8ABEAE63895", 16),
      new BigInteger(
          "0A8249063F6009F1F9F1F0533634A135D3E82016029906963D778D821E141178"
              + "F5EA69F4654EC2B9E7F7F5E5F0DE55F66B598CCF9A140B2E416CFF0CA9E032B9"
              + "70DAE117AD547C6CCAD696B5B7652FE0AC6F1E80164AA989492D979FC5A4D5F2"
              + "13515AD7E9CB99A980BDAD5AD5BB4636ADB9B5706A67DCDE75573FD71BEF16D7", 16));

  private IndependentSakke() {}

  static byte[] sha256(byte[]... parts) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (byte[] p : parts) {
        md.update(p);
      }
      return md.digest();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** RFC 6508 5.1 HashToIntegerRange(s, n, SHA-256). */
  static BigInteger hashToIntegerRange(byte[] s, BigInteger n) {
    byte[] a = sha256(s);
    byte[] h = new byte[32];
    int l = (n.bitLength() + 255) / 256; // ceil(lg n / 256); n = q: 4, n = 2^128: 1
    if (n.bitCount() == 1) {
      l = (n.bitLength() - 1 + 255) / 256;
    }
    byte[] v = new byte[0];
    for (int i = 0; i < l; i++) {
      h = sha256(h);
      v = concat(v, sha256(h, a));
    }
    return new BigInteger(1, v).mod(n);
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  static byte[] fixed(BigInteger v, int len) {
    byte[] raw = v.toByteArray();
    byte[] out = new byte[len];
    int n = Math.min(len, raw.length);
    System.arraycopy(raw, raw.length - n, out, len - n, n);
    return out;
  }

  /** g^r in PF_p: (1 + i g)^r in F_p^2, then b/a (RFC 6508 2.1). */
  static BigInteger gPow(BigInteger r) {
    BigInteger a = BigInteger.ONE;
    BigInteger b = BigInteger.ZERO;
    for (int i = r.bitLength() - 1; i >= 0; i--) {
      BigInteger na = a.multiply(a).subtract(b.multiply(b)).mod(P);
      BigInteger nb = a.multiply(b).shiftLeft(1).mod(P);
      a = na;
      b = nb;
      if (r.testBit(i)) {
        na = a.subtract(b.multiply(G)).mod(P);
        nb = a.multiply(G).add(b).mod(P);
        a = na;
        b = nb;
      }
    }
    return b.multiply(a.modInverse(P)).mod(P);
  }

  /** r = HashToIntegerRange(SSV || b, q) (6.2.1 step 1). */
  static BigInteger r(byte[] ssv, byte[] b) {
    return hashToIntegerRange(concat(ssv, b), Q);
  }

  /** The 273-octet encapsulated data for (Z, b, SSV), RFC 6508 6.2.1 steps 1-4. */
  static byte[] encapsulate(byte[] zEncoded, byte[] b, byte[] ssv) {
    ECPoint z = CURVE.decodePoint(zEncoded);
    BigInteger r = r(ssv, b);
    ECPoint rb = BASE.multiply(new BigInteger(1, b)).add(z).multiply(r).normalize();
    BigInteger mask = hashToIntegerRange(fixed(gPow(r), 128), BigInteger.ONE.shiftLeft(128));
    byte[] m = fixed(mask, 16);
    byte[] h = new byte[16];
    for (int i = 0; i < 16; i++) {
      h[i] = (byte) (ssv[i] ^ m[i]);
    }
    return concat(rb.getEncoded(false), h);
  }

  /** The 128-octet g^r of 6.2.1 step 3 for (b, SSV). */
  static byte[] gr(byte[] b, byte[] ssv) {
    return fixed(gPow(r(ssv, b)), 128);
  }

  /**
   * What a sender that drops the leading zero octets of g^r sends: the RFC's R with H masked by
   * HashToIntegerRange over g^r as a minimal big-endian octet string. Only for testing receivers.
   */
  static byte[] encapsulateStrippedGr(byte[] zEncoded, byte[] b, byte[] ssv) {
    byte[] rfc = encapsulate(zEncoded, b, ssv);
    byte[] g = gr(b, ssv);
    int k = 0;
    while (k < g.length && g[k] == 0) {
      k++;
    }
    byte[] stripped = java.util.Arrays.copyOfRange(g, k, g.length);
    byte[] m = fixed(hashToIntegerRange(stripped, BigInteger.ONE.shiftLeft(128)), 16);
    for (int i = 0; i < 16; i++) {
      rfc[rfc.length - 16 + i] = (byte) (ssv[i] ^ m[i]);
    }
    return rfc;
  }

  /** The first SSV from {@code seed} upwards whose g^r has a leading zero octet (w < 2^1016). */
  static byte[] ssvWithShortGr(byte[] b, long seed) {
    for (long i = seed; ; i++) {
      byte[] ssv = sha256(java.nio.ByteBuffer.allocate(8).putLong(i).array());
      ssv = java.util.Arrays.copyOf(ssv, 16);
      if (gr(b, ssv)[0] == 0) {
        return ssv;
      }
    }
  }
}

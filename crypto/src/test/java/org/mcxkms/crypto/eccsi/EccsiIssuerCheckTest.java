package org.mcxkms.crypto.eccsi;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.crypto.internal.Mont256;
import org.mcxkms.crypto.internal.P256;
import org.mcxkms.crypto.internal.P256Field;
import org.mcxkms.crypto.internal.ScalarModQ;

/**
 * The issuer's fault check ({@link EccsiKmsKey#passesIssuerCheck}) against the faults it exists
 * for: each faulty pair below is what a fault in one step of RFC 6507 5.1.1 would produce, and
 * each would reveal KSAK next to the correct pair for the same v. The expected points come from
 * Bouncy Castle's P-256, not from our fixed-base code.
 */
class EccsiIssuerCheckTest {
  private static final BigInteger Q = P256.Q;

  private record Case(String name, BigInteger ssk, Pvt pvt) {}

  @Test
  void rejectsEveryModelledFault() throws Exception {
    Random rnd = new Random(Long.getLong("mcxkms.test.seed", 0x155e_c4ecL));
    SecureRandom keys = EccsiPropertyTest.seeded(rnd.nextLong());
    List<String> failures = new ArrayList<>();
    for (int c = 0; c < 40; c++) {
      EccsiKmsKey kms = EccsiKmsKey.generate(keys);
      BigInteger ksak = new BigInteger(1, kms.ksak().toByteArray(SecretAccess.get()));
      byte[] id = EccsiPropertyTest.randomUid(rnd);
      BigInteger v = new BigInteger(256, rnd).mod(Q.subtract(BigInteger.ONE)).add(BigInteger.ONE);
      Pvt good = new Pvt(P256.G.multiply(v));
      List<Case> faulty = new ArrayList<>();
      // a skipped or wrongly indexed table addition: a valid point [v + delta]G
      BigInteger delta = BigInteger.valueOf(1 + rnd.nextInt(64)).shiftLeft(7 * rnd.nextInt(37)).multiply(BigInteger.valueOf(rnd.nextBoolean() ? 1 : -1));
      Pvt shifted = new Pvt(P256.G.multiply(v.add(delta).mod(Q)));
      faulty.add(new Case("PVT of v + delta", ssk(ksak, kms, id, shifted, v), shifted));
      // a glitched field operation: a point off the curve
      int[] x = P256Field.fromBigInteger(good.point().getAffineXCoord().toBigInteger());
      int[] y = P256Field.fromBigInteger(good.point().getAffineYCoord().toBigInteger().add(BigInteger.ONE));
      Pvt offCurve = new Pvt(new int[][] {x, y});
      faulty.add(new Case("PVT off the curve", ssk(ksak, kms, id, offCurve, v), offCurve));
      // a faulty SSK = KSAK + HS v (one bit flipped), and a faulty copy of KSAK inside it
      BigInteger right = ssk(ksak, kms, id, good, v);
      faulty.add(new Case("SSK bit flip", right.flipBit(rnd.nextInt(255)).mod(Q), good));
      faulty.add(new Case("KSAK copy bit flip", ssk(ksak.flipBit(rnd.nextInt(255)).mod(Q), kms, id, good, v), good));
      // and the right pair passes
      if (!check(kms, id, right, good)) {
        failures.add("case " + c + ": the correct pair was rejected");
      }
      for (Case f : faulty) {
        if (f.ssk().signum() != 0 && check(kms, id, f.ssk(), f.pvt())) {
          failures.add("case " + c + ": " + f.name() + " passed");
        }
      }
    }
    assertThat(failures).isEmpty();
  }

  /** SSK = KSAK + HS v mod q with HS from the given (possibly faulty) PVT. */
  private static BigInteger ssk(BigInteger ksak, EccsiKmsKey kms, byte[] id, Pvt pvt, BigInteger v) {
    BigInteger hs = new BigInteger(1, Eccsi.hs(kms.kpak(), id, pvt));
    return ksak.add(hs.multiply(v)).mod(Q);
  }

  private static boolean check(EccsiKmsKey kms, byte[] id, BigInteger ssk, Pvt pvt) {
    long[] hs = ScalarModQ.reduce(Eccsi.hs(kms.kpak(), id, pvt));
    return kms.passesIssuerCheck(Ssk.ofScalar(Mont256.fromBigInteger(ssk)), pvt, hs);
  }

  @Test
  void issuedPairsPassAndValidate() throws Exception {
    SecureRandom keys = EccsiPropertyTest.seeded(7);
    Random rnd = new Random(7);
    EccsiKmsKey kms = EccsiKmsKey.generate(keys);
    for (int i = 0; i < 50; i++) {
      byte[] id = EccsiPropertyTest.randomUid(rnd);
      IssuedEccsiKey issued = kms.deterministicIssuer().issue(id);
      ECPoint pvt = issued.pvt().point();
      assertThat(pvt.isValid()).isTrue();
      Eccsi.keyValidator(kms.kpak()).validate(id, issued.ssk(), issued.pvt());
    }
  }
}

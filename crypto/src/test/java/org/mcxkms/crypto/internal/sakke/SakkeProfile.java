package org.mcxkms.crypto.internal.sakke;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.mcxkms.crypto.internal.Octets;

/**
 * Where the SAKKE operations spend their time, for the performance page (not a test). Two modes:
 *
 * <pre>
 *   SakkeProfile components [REPS [REGEX]]  best-of-REPS timing (about 20 ms each) of every
 *                                      building block of the operations whose name matches REGEX
 *   SakkeProfile run OP WARM N         WARM then N runs of one operation or building block, nothing
 *                                      printed in between: run it under callgrind twice with two
 *                                      values of N and divide the difference of the instruction
 *                                      counts by the difference of N (the JIT compiler has settled
 *                                      after WARM runs)
 *   SakkeProfile phases WARM OP:N ...  under callgrind: every OP WARM times, then each OP N times,
 *                                      asking callgrind for a dump (callgrind_control -d) before and
 *                                      after each, so each dump counts the instructions of N runs
 * </pre>
 *
 * Fixed seed: every run sees the same keys, identifiers and messages. Run from the crypto module's
 * classes and test classes:
 * {@code java -cp crypto/target/classes:crypto/target/test-classes org.mcxkms.crypto.internal.sakke.SakkeProfile components}.
 */
public final class SakkeProfile {
  private SakkeProfile() {}

  private final Map<String, Runnable> ops = new LinkedHashMap<>();
  private Object sink;

  private SakkeProfile(long seed) {
    Random rnd = new Random(seed);
    BigInteger q = ParameterSet1.Q;
    byte[] z = Octets.fixed(new BigInteger(1020, rnd).add(BigInteger.TWO), 128);
    byte[] id = new byte[32];
    rnd.nextBytes(id);
    byte[] ssv = new byte[16];
    rnd.nextBytes(ssv);
    SakkePoint zt = SakkeEngine.publicKey(z);
    SakkePoint rsk = SakkeEngine.issueRsk(z, id);
    RskPrecomputation pre;
    try {
      pre = SakkeEngine.validateRsk(id, zt, rsk);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    pre.build();
    ReceiverTable receiver = new ReceiverTable(zt, id);
    receiver.build();
    byte[] sed = SakkeEngine.encapsulate(zt, id, ssv);
    SakkePoint r = (SakkePoint) call(() -> SakkePoint.decode(Arrays.copyOf(sed, SakkePoint.ENCODED_LENGTH), "R", false));
    Fp fp = new Fp();
    Fp2 f2 = new Fp2(fp);
    Edwards ed = new Edwards(fp);
    long[] a = Fp.fromBigInteger(new BigInteger(1020, rnd));
    long[] b = Fp.fromBigInteger(new BigInteger(1020, rnd));
    long[][] x2 = {a.clone(), b.clone()};
    long[][] y2 = {b.clone(), a.clone()};
    long[] scalar = Fq.fromBigInteger(new BigInteger(1020, rnd).mod(q));
    long[] scalar2 = Fq.fromBigInteger(new BigInteger(1020, rnd).mod(q));
    GtTable g = new GtTable(ParameterSet1.G);
    PointTable pTable = SakkeEngine.BASE.table();
    MillerLines pLines = SakkeEngine.BASE.lines();
    MillerLines rskLines = pre.lines();
    long[] t = Fp.create();
    long[][] t2 = Fp2.create();
    BigInteger a0 = new BigInteger(1, id).mod(q);

    // whole operations
    ops.put("decapsulate", () -> sink = call(() -> SakkeEngine.decapsulate(zt, id, pre, sed)));
    ops.put("encapsulate", () -> sink = SakkeEngine.encapsulate(zt, id, ssv));
    ops.put("encapsulateCached", () -> sink = SakkeEngine.encapsulate(receiver, ssv));
    ops.put("issue", () -> sink = SakkeEngine.issueRsk(z, id));
    ops.put("validate", () -> sink = call(() -> SakkeEngine.validateRsk(id, zt, rsk)));
    // field arithmetic
    ops.put("fp.mul", () -> fp.mul(t, a, b));
    ops.put("fp.sqr", () -> fp.sqr(t, a));
    long[] mt = new long[Mont57.SCRATCH];
    ops.put("kernel.mont57.mul", () -> Mont57.mul(t, a, b, Fp.MOD, mt));
    ops.put("kernel.mont57.sqr", () -> Mont57.sqr(t, a, Fp.MOD, mt));
    long[] mw = new long[Mont57.WIDE];
    long[] mw2 = new long[Mont57.WIDE];
    ops.put("kernel.mont57.mulWide", () -> Mont57.mulWide(mw, a, b, mt));
    ops.put("kernel.mont57.redc", () -> {
      System.arraycopy(mw, 0, mw2, 0, mw.length);
      Mont57.redc(t, mw2, Fp.MOD);
    });
    ops.put("kernel.mont57.mulChain", () -> {
      Mont57.mul(t, a, b, Fp.MOD, mt);
      Mont57.mul(t, t, b, Fp.MOD, mt);
      Mont57.mul(t, t, b, Fp.MOD, mt);
      Mont57.mul(t, t, b, Fp.MOD, mt);
    });
    if (Fp.VECTOR) {
      VectorMont.Scratch vs = new VectorMont.Scratch();
      long[] w = Fp.wide();
      ops.put("kernel.vector.mul", () -> VectorMont.mul(t, a, b, vs));
      ops.put("kernel.vector.mulWide", () -> VectorMont.mulWide(w, a, b, vs));
      double[] da = new double[20];
      double[] dpad = new double[80];
      ops.put("kernel.vector.product", () -> VectorMont.product(vs, da, dpad));
      long[] w2 = Fp.wide();
      ops.put("kernel.vector.redc", () -> {
        System.arraycopy(w, 0, w2, 0, w.length);
        VectorMont.redc(t, w2, vs);
      });
      ops.put("kernel.vector.mulChain", () -> {
        VectorMont.mul(t, a, b, vs);
        VectorMont.mul(t, t, b, vs);
        VectorMont.mul(t, t, b, vs);
        VectorMont.mul(t, t, b, vs);
      });
    }
    ops.put("fp.inv", () -> fp.inv(t, a));
    ops.put("fp2.mul", () -> f2.mul(t2, x2, y2));
    ops.put("fp2.sqr", () -> f2.sqr(t2, x2));
    // pairings from precomputed lines (Miller loop and the final squarings)
    ops.put("pairing.rskLines", () -> sink = rskLines.evaluate(f2, r.x, r.y));
    ops.put("pairing.product", () -> sink = MillerLines.evaluateProduct(f2, pLines, r.x, r.y, zt.lines(), rsk.x, rsk.y));
    // the rest of a decapsulation: PF_p representative of the pairing value, R check
    ops.put("decap.representative", () -> {
      long[][] v = t2;
      fp.inv(t, v[0]);
      fp.mul(t, t, v[1]);
    });
    ops.put("decap.hashes", () -> sink = SakkeEngine.hashToScalar(Octets.concat(ssv, id)));
    ops.put("comb.receiver", () -> sink = pre.identifierTable().mul(ed, scalar, null, null));
    ops.put("comb.P", () -> sink = pTable.mul(ed, scalar, null, null));
    ops.put("comb.joint", () -> sink = pTable.mul(ed, scalar, zt.table(), scalar2));
    ops.put("gt.pow", () -> sink = g.powRepresentative(f2, scalar));
    ops.put("edwards.toAffine", () -> sink = ed.toWeierstrass(t, a, pTable.mul(ed, scalar, null, null)));
    ops.put("validate.subgroup", () -> sink = Subgroup.hasOrderQ(fp, rsk.x, rsk.y));
    ops.put("validate.aK", () -> sink = VariableBase.mul(ed, rsk.x, rsk.y, a0));
  }

  private interface Call {
    Object call() throws Exception;
  }

  private static Object call(Call c) {
    try {
      return c.call();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static void main(String[] args) {
    SakkeProfile p = new SakkeProfile(0x5ACCE);
    if (args.length >= 1 && args[0].equals("components")) {
      int reps = args.length > 1 ? Integer.parseInt(args[1]) : 5;
      p.components(reps, args.length > 2 ? args[2] : ".*");
    } else if (args.length == 4 && args[0].equals("run")) {
      Runnable op = p.ops.get(args[1]);
      if (op == null) {
        throw new IllegalArgumentException("unknown operation " + args[1] + "; known: " + p.ops.keySet());
      }
      int warm = Integer.parseInt(args[2]);
      int n = Integer.parseInt(args[3]);
      for (int i = 0; i < warm; i++) {
        op.run();
      }
      for (int i = 0; i < n; i++) {
        op.run();
      }
      System.out.println("done " + args[1] + " " + warm + " " + n + " " + (p.sink != null));
    } else if (args.length >= 3 && args[0].equals("phases")) {
      p.phases(Integer.parseInt(args[1]), Arrays.copyOfRange(args, 2, args.length));
    } else {
      System.out.println("usage: SakkeProfile components [REPS] | run OP WARM N; OP one of " + p.ops.keySet());
    }
  }

  private void phases(int warm, String[] specs) {
    for (String spec : specs) {
      Runnable op = ops.get(spec.substring(0, spec.indexOf(':')));
      for (int i = 0; i < warm; i++) {
        op.run();
      }
    }
    dump("warm");
    dump("empty"); // the cost of a dump request itself
    for (String spec : specs) {
      String name = spec.substring(0, spec.indexOf(':'));
      int n = Integer.parseInt(spec.substring(spec.indexOf(':') + 1));
      Runnable op = ops.get(name);
      for (int i = 0; i < n; i++) {
        op.run();
      }
      dump(name + "x" + n);
    }
  }

  /** Asks callgrind to write the counts gathered since the last dump (no-op outside callgrind). */
  private static void dump(String label) {
    try {
      Process pr = new ProcessBuilder("callgrind_control", "--dump=" + label, Long.toString(ProcessHandle.current().pid()))
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
      pr.waitFor();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private void components(int reps, String filter) {
    ops.keySet().removeIf(k -> !k.matches(filter));
    System.out.println("kernel: " + Fp.kernel() + ", JVM " + System.getProperty("java.vm.version"));
    // warm every path first, so the JIT has compiled the shared kernels before anything is timed
    for (int w = 0; w < 3; w++) {
      for (Map.Entry<String, Runnable> e : ops.entrySet()) {
        long until = System.nanoTime() + 1_000_000_000L;
        while (System.nanoTime() < until) {
          e.getValue().run();
        }
      }
    }
    for (Map.Entry<String, Runnable> e : ops.entrySet()) {
      Runnable op = e.getValue();
      long probe = System.nanoTime();
      op.run();
      long once = Math.max(1, System.nanoTime() - probe);
      int n = (int) Math.max(1, Math.min(20_000, 20_000_000L / once));
      double best = Double.MAX_VALUE;
      for (int r = 0; r < reps; r++) {
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
          op.run();
        }
        best = Math.min(best, (System.nanoTime() - t0) / (double) n);
      }
      System.out.printf(Locale.ROOT, "%-22s %12.2f us%n", e.getKey(), best / 1000.0);
    }
  }
}

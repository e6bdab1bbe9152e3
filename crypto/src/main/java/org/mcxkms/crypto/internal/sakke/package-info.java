/**
 * The SAKKE engine for Parameter Set 1 (RFC 6508, RFC 6509 Appendix A): internal, reached only
 * through {@code org.mcxkms.crypto.sakke}.
 *
 * <h2>Layers</h2>
 * <ul>
 *   <li>{@link org.mcxkms.crypto.internal.sakke.Mont57}: Montgomery arithmetic modulo p (and q) in
 *       18 limbs of 57 bits, R = 2^1026, values kept in [0, 2p). One multiplication is 648
 *       64x64-bit products (the high half by {@code Math.multiplyHigh}), about 0.57 us here
 *       (a squaring 0.45 us).
 *   <li>{@link org.mcxkms.crypto.internal.sakke.VectorMont}: the same Montgomery multiplication
 *       with 512-bit vectors of doubles (20 limbs of 52 bits, limb products split exactly by
 *       fused multiply-add), same R and representation; {@code Fp} uses it when the JVM runs with
 *       {@code --add-modules jdk.incubator.vector} on a CPU with 512-bit vectors.
 *   <li>{@link org.mcxkms.crypto.internal.sakke.SafeGcd}: constant-time inverses (Bernstein-Yang
 *       divsteps, fixed 2976 steps), about 30 us; no blinding and no randomness needed.
 *   <li>{@link org.mcxkms.crypto.internal.sakke.Fp2}: F_p[i], Karatsuba; squaring in the norm-1
 *       subgroup with two F_p squarings.
 *   <li>{@link org.mcxkms.crypto.internal.sakke.Curve}: Jacobian doubling for a = -3 and mixed
 *       addition, optionally returning the line through the points (Miller loops, [a]K).
 *   <li>{@link org.mcxkms.crypto.internal.sakke.Edwards}: the same curve as the Edwards curve
 *       x^2 + y^2 = 1 - x^2 y^2, complete addition in extended coordinates (9 multiplications
 *       against 7 + 4 squarings in Jacobian form), for the fixed-base combs.
 *   <li>{@link org.mcxkms.crypto.internal.sakke.Comb}, {@link
 *       org.mcxkms.crypto.internal.sakke.PointTable}, {@link
 *       org.mcxkms.crypto.internal.sakke.GtTable}: signed all-odd fixed-base combs (8 teeth) with
 *       constant-time table reads, for P, Z_T, [b]P + Z_T and g. A 1022-bit scalar costs 128
 *       additions and 15 (or 31) doublings.
 *   <li>{@link org.mcxkms.crypto.internal.sakke.MillerLines}: the Miller loop of RFC 6508 3.2
 *       over the NAF of q - 1 (1021 doublings, 352 additions), its lines precomputed for a fixed
 *       point (P, Z_T, an RSK) and normalised so that evaluating one costs one multiplication.
 *   <li>{@link org.mcxkms.crypto.internal.sakke.Subgroup}: order-q test by 2-descent (one square
 *       root and one blinded {@link org.mcxkms.crypto.internal.sakke.Jacobi} symbol);
 *       {@link org.mcxkms.crypto.internal.sakke.VariableBase}: [a]K for a public a.
 *   <li>{@link org.mcxkms.crypto.internal.sakke.SakkeEngine}: the RFC 6508 operations, with the
 *       per-operation timing notes.
 * </ul>
 *
 * <h2>How each operation is computed</h2>
 * <ul>
 *   <li>Issue: K = [(a + z)^-1]P by the P comb; check s k = 1 mod q and K = -[q - k]P (second comb).
 *   <li>Validate: order-q test of K, then &lt;P, [a]K&gt; &lt;Z, K&gt; = g with the lines of P and
 *       Z in one loop.
 *   <li>Encapsulate: R = [r b mod q]P + [r]Z by one joint comb (both bases fixed); g^r by the comb
 *       of h = (1 + g i)/(1 - g i) in the norm-1 subgroup, g^r = [1 + h^r].
 *   <li>Decapsulate: w = &lt;R, K&gt; evaluated from the RSK's lines (the pairing is symmetric on
 *       E[q]), then [r]([b]P + Z) by the receiver's comb.
 * </ul>
 * Fixed-point data (tables, lines) is built once and then only read, so all of it is shared
 * between threads without locks; the per-computation scratch lives in {@code Fp}, {@code Fp2} and
 * {@code Curve} instances that each computation creates.
 *
 * <p>{@code ReferenceSakke} (test scope) is the BigInteger transcription of the RFC that every
 * layer here is tested against.
 */
package org.mcxkms.crypto.internal.sakke;

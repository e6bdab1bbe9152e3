package org.mcxkms.crypto.eccsi;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.generators.ECCSIKeyPairGenerator;
import org.bouncycastle.crypto.params.ECCSIKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECCSIPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECCSIPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.ECCSISigner;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.crypto.SecretBytes;

/**
 * Cross-implementation checks against Bouncy Castle 1.87's ECCSI (RFC 6507), which reproduces
 * the RFC's vectors: on many random identities, BC-issued SSK/PVT validate with ours, BC
 * signatures verify with ours, and our signatures verify with BC (and a tampered one with neither).
 */
class BouncyCastleEccsiCrossTest {
  private static final long SEED = Long.getLong("mcxkms.test.seed", 0xbcecc51L);
  private static final int CASES = Integer.getInteger("mcxkms.test.eccsiCases", 40);
  private static final X9ECParameters X9 = CustomNamedCurves.getByName("secp256r1");

  private static ECPoint bcPoint(byte[] encoded) {
    return X9.getCurve().decodePoint(encoded);
  }

  private static byte[] fixed32(BigInteger v) {
    byte[] raw = v.toByteArray();
    byte[] out = new byte[32];
    int n = Math.min(32, raw.length);
    System.arraycopy(raw, raw.length - n, out, 32 - n, n);
    return out;
  }

  @Test
  void bcSignsWeVerifyAndWeSignBcVerifies() throws Exception {
    Random rnd = new Random(SEED);
    SecureRandom random = EccsiPropertyTest.seeded(SEED);
    List<String> failures = new ArrayList<>();
    for (int c = 0; c < CASES; c++) {
      byte[] id = EccsiPropertyTest.randomUid(rnd);
      if (c % 5 == 0) { // also non-UID identifiers of other lengths, as in RFC 6507's own example
        id = new byte[1 + rnd.nextInt(80)];
        rnd.nextBytes(id);
      }
      byte[] message = new byte[rnd.nextInt(200)];
      rnd.nextBytes(message);

      // --- BC as the KMS and the signer ---
      ECCSIKeyGenerationParameters gen = new ECCSIKeyGenerationParameters(random, X9, new SHA256Digest(), id);
      ECCSIKeyPairGenerator kpg = new ECCSIKeyPairGenerator();
      kpg.init(gen);
      AsymmetricCipherKeyPair bcPair = kpg.generateKeyPair();
      ECPoint bcKpak = gen.getKPAK();
      ECCSIPrivateKeyParameters bcPriv = (ECCSIPrivateKeyParameters) bcPair.getPrivate();
      ECPoint bcPvt = ((ECCSIPublicKeyParameters) bcPair.getPublic()).getPVT();

      Kpak kpak = Kpak.decode(bcKpak.getEncoded(false));
      EccsiSigningKey ours;
      try {
        ours = Eccsi.keyValidator(kpak).validate(id, Ssk.decode(SecretBytes.copyOf(fixed32(bcPriv.getSSK()), SecretAccess.get())),
            Pvt.decode(bcPvt.getEncoded(false)));
      } catch (Exception e) {
        failures.add("case " + c + ": BC-issued SSK/PVT rejected: " + e);
        continue;
      }

      ECCSISigner bcSigner = new ECCSISigner(bcKpak, X9, new SHA256Digest(), id);
      bcSigner.init(true, new ParametersWithRandom(bcPriv, random));
      bcSigner.update(message, 0, message.length);
      byte[] bcSig = bcSigner.generateSignature();
      try {
        Eccsi.verifier(kpak, id).verify(message, bcSig);
      } catch (Exception e) {
        failures.add("case " + c + ": BC signature rejected by us: " + e);
      }

      // --- we sign with the same key; BC verifies ---
      byte[] ourSig = ours.signer(random).sign(message);
      if (!bcVerifies(bcKpak, id, bcPvt, message, ourSig)) {
        failures.add("case " + c + ": our signature rejected by BC");
      }
      byte[] tampered = ourSig.clone();
      tampered[rnd.nextInt(64)] ^= (byte) (1 << rnd.nextInt(8));
      if (bcVerifies(bcKpak, id, bcPvt, message, tampered)) {
        failures.add("case " + c + ": BC accepted a tampered signature");
      }

      // --- we are the KMS: our deterministic issuance, signed by BC, verified by us ---
      EccsiKmsKey kms = EccsiKmsKey.generate(random);
      IssuedEccsiKey issued = kms.deterministicIssuer().issue(id);
      ECPoint ourPvt = bcPoint(issued.pvt().toByteArray());
      ECPoint ourKpak = bcPoint(kms.kpak().toByteArray());
      ECCSIPrivateKeyParameters priv =
          new ECCSIPrivateKeyParameters(
              new BigInteger(1, issued.ssk().toSecretBytes().toByteArray(SecretAccess.get())),
              new ECCSIPublicKeyParameters(ourPvt));
      ECCSISigner signer = new ECCSISigner(ourKpak, X9, new SHA256Digest(), id);
      signer.init(true, new ParametersWithRandom(priv, random));
      signer.update(message, 0, message.length);
      byte[] sig = signer.generateSignature();
      try {
        Eccsi.verifier(kms.kpak(), id).verify(message, sig);
      } catch (Exception e) {
        failures.add("case " + c + ": BC signature under our issued key rejected: " + e);
      }
    }
    assertThat(failures).as("seed %d", SEED).isEmpty();
  }

  private static boolean bcVerifies(ECPoint kpak, byte[] id, ECPoint pvt, byte[] message, byte[] sig) {
    ECCSISigner verifier = new ECCSISigner(kpak, X9, new SHA256Digest(), id);
    verifier.init(false, new ECCSIPublicKeyParameters(pvt));
    verifier.update(message, 0, message.length);
    try {
      return verifier.verifySignature(sig);
    } catch (RuntimeException e) {
      return false;
    }
  }
}

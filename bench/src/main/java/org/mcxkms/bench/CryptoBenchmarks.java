package org.mcxkms.bench;

import java.lang.reflect.Method;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.generators.ECCSIKeyPairGenerator;
import org.bouncycastle.crypto.kems.SAKKEKEMExtractor;
import org.bouncycastle.crypto.kems.SAKKEKEMSGenerator;
import org.bouncycastle.crypto.params.ECCSIKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECCSIPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECCSIPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.params.SAKKEPrivateKeyParameters;
import org.bouncycastle.crypto.params.SAKKEPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECCSISigner;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.crypto.SecretBytes;
import org.mcxkms.crypto.eccsi.Eccsi;
import org.mcxkms.crypto.eccsi.EccsiKeyIssuer;
import org.mcxkms.crypto.eccsi.EccsiKeyValidator;
import org.mcxkms.crypto.eccsi.EccsiKmsKey;
import org.mcxkms.crypto.eccsi.EccsiSigner;
import org.mcxkms.crypto.eccsi.EccsiSigningKey;
import org.mcxkms.crypto.eccsi.EccsiVerifier;
import org.mcxkms.crypto.eccsi.IssuedEccsiKey;
import org.mcxkms.crypto.sakke.Rsk;
import org.mcxkms.crypto.sakke.RskIssuer;
import org.mcxkms.crypto.sakke.RskValidator;
import org.mcxkms.crypto.sakke.Sakke;
import org.mcxkms.crypto.sakke.SakkeDecapsulator;
import org.mcxkms.crypto.sakke.SakkeEncapsulator;
import org.mcxkms.crypto.sakke.SakkeEncapsulatorCache;
import org.mcxkms.crypto.sakke.SakkeKmsKey;
import org.mcxkms.crypto.uid.KeyPeriodPolicy;
import org.mcxkms.crypto.uid.Uid;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The identity-based crypto operations (RFC 6507, RFC 6508), each measured for our implementation
 * ({@code impl = "ours"}, through the public API only) and for Bouncy Castle 1.87
 * ({@code impl = "bc"}, through its ECCSISigner / ECCSIKeyPairGenerator / SAKKEKEMSGenerator /
 * SAKKEKEMExtractor). Where BC has no such operation the closest work it offers is measured:
 *
 * <ul>
 *   <li>{@code sskValidate}, BC: initialising an ECCSISigner for signing, which checks the key pair
 *       ([SSK]G = KPAK + [HS]PVT) as part of its set-up;
 *   <li>{@code rskIssue}, BC: constructing a SAKKEKEMExtractor, which derives the RSK
 *       [(b + z)^-1]P from the master secret (BC has no RSK issuer, and no issuer-side check);
 *   <li>{@code rskValidate}, BC: one call of its pairing (SAKKEKEMExtractor.computePairing, not
 *       public; reached by reflection) on ([b]P + Z, RSK), the work of RFC 6508 6.1.2 (BC has no
 *       RSK validation).
 * </ul>
 * Keys and identifiers are made once per trial; the identifier is a TS 33.180 UID whose first
 * octet is below 0x80, so that BC's SAKKE encodings happen to agree with RFC 6508 (see
 * BouncyCastleSakkeCrossTest in the crypto module).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CryptoBenchmarks {
  @Param({"ours", "bc"})
  public String impl;

  private static final X9ECParameters X9 = CustomNamedCurves.getByName("secp256r1");
  private final SecureRandom random = new SecureRandom();
  private final byte[] message = new byte[512]; // about the size of a MIKEY-SAKKE I_MESSAGE
  private byte[] uid;

  // ours
  private EccsiKmsKey eccsiKms;
  private EccsiKeyIssuer sskIssuer;
  private EccsiKeyValidator sskValidator;
  private IssuedEccsiKey issued;
  private EccsiSigner signer;
  private EccsiVerifier verifier;
  private byte[] signature;
  private SakkeKmsKey sakkeKms;
  private RskIssuer rskIssuer;
  private RskValidator rskValidator;
  private Rsk rsk;
  private SakkeEncapsulator encapsulator;
  private SakkeEncapsulatorCache encapsulatorCache;
  private SakkeDecapsulator decapsulator;
  private byte[] encapsulated;
  private SecretBytes ssv;

  // Bouncy Castle
  private ECCSIKeyGenerationParameters bcEccsiParams;
  private ECCSIKeyPairGenerator bcKeyGen;
  private ECCSIPrivateKeyParameters bcPriv;
  private ECPoint bcKpak;
  private ECCSISigner bcSigner;
  private ECCSISigner bcVerifier;
  private byte[] bcSignature;
  private SAKKEPublicKeyParameters bcSakkePublic;
  private SAKKEPrivateKeyParameters bcSakkePrivate;
  private SAKKEKEMExtractor bcExtractor;
  private byte[] bcEncapsulated;
  private ECPoint bcPairingLeft;
  private ECPoint bcRsk;
  private Method bcPairing;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    random.nextBytes(message);
    int n = 0;
    do {
      uid = Uid.format2("sip:bench" + n++ + "@example.org", "kms.example.org", KeyPeriodPolicy.of(2_592_000, 0), 1388).toByteArray();
    } while (uid[0] <= 0);
    byte[] ssvBytes = new byte[Sakke.SSV_LENGTH];
    random.nextBytes(ssvBytes);
    ssv = SecretBytes.copyOf(ssvBytes, SecretAccess.get());
    if (impl.equals("ours")) {
      setUpOurs();
    } else if (impl.equals("bc")) {
      setUpBc();
    } else {
      throw new IllegalArgumentException("impl must be ours or bc: " + impl);
    }
  }

  private void setUpOurs() throws Exception {
    eccsiKms = EccsiKmsKey.generate(random);
    sskIssuer = eccsiKms.deterministicIssuer();
    sskValidator = Eccsi.keyValidator(eccsiKms.kpak());
    issued = sskIssuer.issue(uid);
    EccsiSigningKey key = sskValidator.validate(uid, issued.ssk(), issued.pvt());
    signer = key.signer(random);
    verifier = Eccsi.verifier(eccsiKms.kpak(), uid);
    signature = signer.sign(message);

    sakkeKms = SakkeKmsKey.generate(random);
    rskIssuer = sakkeKms.rskIssuer();
    rskValidator = Sakke.rskValidator(sakkeKms.publicKey());
    rsk = rskIssuer.issue(uid);
    decapsulator = rskValidator.validate(uid, rsk).prepare().decapsulator();
    encapsulator = Sakke.encapsulator(sakkeKms.publicKey(), uid);
    encapsulated = encapsulator.encapsulate(ssv);
    encapsulatorCache = new SakkeEncapsulatorCache(64);
    encapsulatorCache.encapsulator(sakkeKms.publicKey(), uid).encapsulate(ssv); // the receiver is cached
  }

  private void setUpBc() throws Exception {
    bcEccsiParams = new ECCSIKeyGenerationParameters(random, X9, new SHA256Digest(), uid);
    bcKeyGen = new ECCSIKeyPairGenerator();
    bcKeyGen.init(bcEccsiParams);
    AsymmetricCipherKeyPair pair = bcKeyGen.generateKeyPair();
    bcPriv = (ECCSIPrivateKeyParameters) pair.getPrivate();
    bcKpak = bcEccsiParams.getKPAK();
    bcSigner = new ECCSISigner(bcKpak, X9, new SHA256Digest(), uid);
    bcSigner.init(true, new ParametersWithRandom(bcPriv, random));
    bcSignature = bcSign();
    bcVerifier = new ECCSISigner(bcKpak, X9, new SHA256Digest(), uid);
    bcVerifier.init(false, (ECCSIPublicKeyParameters) pair.getPublic());
    if (!bcVerify()) {
      throw new IllegalStateException("BC does not verify its own ECCSI signature");
    }

    SakkeKmsKey kms = SakkeKmsKey.generate(random); // z and Z = [z]P, handed to BC
    BigInteger z = new BigInteger(1, kms.masterSecret().toByteArray(SecretAccess.get()));
    BigInteger p = new BigInteger(1, Arrays.copyOfRange(PARAMETER_SET_1_P, 0, 128));
    BigInteger q = p.add(BigInteger.ONE).shiftRight(2);
    ECCurve curve = new ECCurve.Fp(p, p.subtract(BigInteger.valueOf(3)), BigInteger.ZERO, q, BigInteger.valueOf(4));
    ECPoint zPoint = curve.decodePoint(kms.publicKey().toByteArray());
    bcSakkePublic = new SAKKEPublicKeyParameters(new BigInteger(1, uid), zPoint);
    bcSakkePrivate = new SAKKEPrivateKeyParameters(z, bcSakkePublic);
    bcExtractor = new SAKKEKEMExtractor(bcSakkePrivate);
    bcEncapsulated = new SAKKEKEMSGenerator(random).generateEncapsulated(bcSakkePublic).getEncapsulation();
    bcExtractor.extractSecret(bcEncapsulated); // BC opens its own encapsulation

    // for rskValidate: BC's pairing on ([b]P + Z, K_b), with K_b = [(b + z)^-1]P
    ECPoint base = bcSakkePublic.getPoint();
    BigInteger b = new BigInteger(1, uid);
    bcPairingLeft = base.multiply(b).add(zPoint).normalize();
    bcRsk = base.multiply(b.add(z).mod(q).modInverse(q)).normalize();
    bcPairing = SAKKEKEMExtractor.class.getDeclaredMethod("computePairing", ECPoint.class, ECPoint.class, BigInteger.class, BigInteger.class);
    bcPairing.setAccessible(true);
    BigInteger g = (BigInteger) bcPairing.invoke(null, bcPairingLeft, bcRsk, p, q);
    if (!g.equals(bcSakkePublic.getG())) {
      throw new IllegalStateException("BC's pairing does not give g for a valid RSK");
    }
    bcPairingP = p;
    bcPairingQ = q;
  }

  private BigInteger bcPairingP;
  private BigInteger bcPairingQ;

  /** The prime p of Parameter Set 1 (RFC 6509 Appendix A), 128 octets. */
  private static final byte[] PARAMETER_SET_1_P = HexFormat.of().parseHex(
      "997ABB1F0A563FDA65C61198DAD0657A416C0CE19CB48261BE9AE358B3E01A2E"
          + "F40AAB27E2FC0F1B228730D531A59CB0E791B39FF7C88A19356D27F4A666A6D0"
          + "E26C6487326B4CD4512AC5CD65681CE1B6AFF4A831852A82A7CF3C521C3C09AA"
          + "9F94D6AF56971F1FFCE3E82389857DB080C5DF10AC7ACE87666D807AFEA85FEB");

  private byte[] bcSign() throws CryptoException {
    bcSigner.reset(); // BC keeps the message buffer between signatures otherwise
    bcSigner.update(message, 0, message.length);
    return bcSigner.generateSignature();
  }

  private boolean bcVerify() {
    bcVerifier.reset();
    bcVerifier.update(message, 0, message.length);
    return bcVerifier.verifySignature(bcSignature);
  }

  private boolean bc() {
    return impl.charAt(0) == 'b';
  }

  @Benchmark
  public Object eccsiSign() throws Exception {
    return bc() ? bcSign() : signer.sign(message);
  }

  @Benchmark
  public Object eccsiVerify() throws Exception {
    if (bc()) {
      if (!bcVerify()) {
        throw new IllegalStateException("BC rejected a valid signature");
      }
      return bcVerifier;
    }
    verifier.verify(message, signature);
    return verifier;
  }

  @Benchmark
  public Object sskIssue() {
    return bc() ? bcKeyGen.generateKeyPair() : sskIssuer.issue(uid);
  }

  @Benchmark
  public Object sskValidate() throws Exception {
    if (bc()) {
      ECCSISigner s = new ECCSISigner(bcKpak, X9, new SHA256Digest(), uid);
      s.init(true, new ParametersWithRandom(bcPriv, random));
      return s;
    }
    return sskValidator.validate(uid, issued.ssk(), issued.pvt());
  }

  @Benchmark
  public Object sakkeEncapsulate() {
    return bc() ? new SAKKEKEMSGenerator(random).generateEncapsulated(bcSakkePublic) : encapsulator.encapsulate(ssv);
  }

  /**
   * Encapsulation to a receiver seen before: the lookup in a {@link SakkeEncapsulatorCache} and one
   * comb on the receiver's cached [b]P + Z table (BC: the same as {@link #sakkeEncapsulate}).
   */
  @Benchmark
  public Object sakkeEncapsulateCached() {
    return bc()
        ? new SAKKEKEMSGenerator(random).generateEncapsulated(bcSakkePublic)
        : encapsulatorCache.encapsulator(sakkeKms.publicKey(), uid).encapsulate(ssv);
  }

  @Benchmark
  public Object sakkeDecapsulate() throws Exception {
    return bc() ? bcExtractor.extractSecret(bcEncapsulated) : decapsulator.decapsulate(encapsulated);
  }

  @Benchmark
  public Object rskIssue() {
    return bc() ? new SAKKEKEMExtractor(bcSakkePrivate) : rskIssuer.issue(uid);
  }

  @Benchmark
  public Object rskValidate() throws Exception {
    return bc() ? bcPairing.invoke(null, bcPairingLeft, bcRsk, bcPairingP, bcPairingQ) : rskValidator.validate(uid, rsk);
  }
}

package org.mcxkms.crypto.eccsi;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.crypto.SecretBytes;
import org.mcxkms.crypto.internal.Mont256;
import org.mcxkms.crypto.internal.Octets;
import org.mcxkms.crypto.internal.P256;
import org.mcxkms.crypto.internal.Rfc6979;

/**
 * The deterministic issuer derives v exactly as RFC 6979 3.2 derives an ECDSA nonce k, with
 * x = KSAK and the message = the identifier. RFC 6979 Appendix A.2.5 (P-256, SHA-256) therefore
 * fixes the PVT issued for identifiers "sample" and "test" under KSAK = x: PVT = [k]G.
 */
class Rfc6979DeterministicIssuanceTest {
  private static final HexFormat HEX = HexFormat.of();
  // RFC 6979 A.2.5
  private static final String X = "C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721";
  private static final String UX = "60FED4BA255A9D31C961EB74C6356D68C049B8923B61FA6CE669622E60F29FB6";
  private static final String UY = "7903FE1008B8BC99A41AE9E95628BC64F2F1B20C2D7E9F5177A3C294D4462299";
  private static final String K_SAMPLE = "A6E3C57DD01ABE90086538398355DD4C3B17AA873382B0F24D6129493D8AAD60";
  private static final String R_SAMPLE = "EFD48B2AACB6A8FD1140DD9CD45E81D69D2C877B56AAF991C34D0EA84EAF3716";
  private static final String K_TEST = "D16B6AE827F17175E040871A1C7EC3500192C4C92677336EC2537ACAEE0008E0";

  @Test
  void drbgGivesTheRfc6979Nonces() {
    assertThat(first(X, "sample")).isEqualTo(new BigInteger(K_SAMPLE, 16));
    assertThat(first(X, "test")).isEqualTo(new BigInteger(K_TEST, 16));
  }

  private static BigInteger first(String x, String message) {
    Rfc6979 drbg = new Rfc6979(HEX.parseHex(x), Octets.sha256(message.getBytes(StandardCharsets.US_ASCII)));
    return Mont256.toBigInteger(drbg.next());
  }

  @Test
  void kpakIsTheRfc6979PublicKey() throws Exception {
    EccsiKmsKey kms = EccsiKmsKey.fromKsak(SecretBytes.copyOf(HEX.parseHex(X), SecretAccess.get()));
    assertThat(HEX.formatHex(kms.kpak().toByteArray())).isEqualToIgnoringCase("04" + UX + UY);
  }

  @Test
  void deterministicPvtIsKTimesG() throws Exception {
    EccsiKmsKey kms = EccsiKmsKey.fromKsak(SecretBytes.copyOf(HEX.parseHex(X), SecretAccess.get()));
    byte[] id = "sample".getBytes(StandardCharsets.US_ASCII);
    IssuedEccsiKey issued = kms.deterministicIssuer().issue(id);
    ECPoint expected = P256.G.multiply(new BigInteger(K_SAMPLE, 16)).normalize();
    assertThat(issued.pvt().toByteArray()).isEqualTo(expected.getEncoded(false));
    // RFC 6979's r is the same point's x coordinate reduced mod q
    assertThat(expected.getAffineXCoord().toBigInteger().mod(P256.Q)).isEqualTo(new BigInteger(R_SAMPLE, 16));
    Eccsi.keyValidator(kms.kpak()).validate(id, issued.ssk(), issued.pvt());
  }

  @Test
  void drbgAgreesWithBouncyCastleOnRandomInputs() {
    long seed = 0x6979L;
    Random rnd = new Random(seed);
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      byte[] x = new byte[32];
      do {
        rnd.nextBytes(x);
      } while (new BigInteger(1, x).signum() == 0 || new BigInteger(1, x).compareTo(P256.Q) >= 0);
      byte[] h1 = new byte[32];
      rnd.nextBytes(h1);
      HMacDSAKCalculator bc = new HMacDSAKCalculator(new SHA256Digest());
      bc.init(P256.Q, new BigInteger(1, x), h1);
      BigInteger ours = Mont256.toBigInteger(new Rfc6979(x, h1).next());
      if (!ours.equals(bc.nextK())) {
        failures.add("case " + i);
      }
    }
    assertThat(failures).as("seed %d", seed).isEmpty();
  }

  @Test
  void everyNodeIssuesTheSameKeysAndDifferentIdentifiersDiffer() throws Exception {
    EccsiKmsKey node1 = EccsiKmsKey.fromKsak(SecretBytes.copyOf(HEX.parseHex(X), SecretAccess.get()));
    EccsiKmsKey node2 = EccsiKmsKey.fromKsak(SecretBytes.copyOf(HEX.parseHex(X), SecretAccess.get()));
    byte[] uid = HEX.parseHex("3a81fb14c3b1d0fe43c9c577104d55a6d81788bfd2f09743c4557746a5a0353b");
    IssuedEccsiKey a = node1.deterministicIssuer().issue(uid);
    IssuedEccsiKey b = node2.deterministicIssuer().issue(uid);
    assertThat(a.pvt()).isEqualTo(b.pvt());
    assertThat(a.ssk()).isEqualTo(b.ssk());
    uid[31] ^= 1;
    IssuedEccsiKey c = node1.deterministicIssuer().issue(uid);
    assertThat(c.pvt()).isNotEqualTo(a.pvt());
    assertThat(c.ssk()).isNotEqualTo(a.ssk());
  }
}

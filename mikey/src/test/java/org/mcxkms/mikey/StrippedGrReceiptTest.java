package org.mcxkms.mikey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mcxkms.mikey.Fixtures.*;
import static org.mcxkms.testkit.VendorVectors.*;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.crypto.SecretBytes;
import org.mcxkms.crypto.uid.NtpTime;
import org.mcxkms.crypto.internal.sakke.ParameterSet1;
import org.mcxkms.mikey.wire.IMessage;
import org.mcxkms.mikey.wire.MikeyConstants;
import org.mcxkms.mikey.wire.MikeyReader;
import org.mcxkms.mikey.wire.MikeyWriter;
import org.mcxkms.mikey.wire.Payload;
import org.mcxkms.mikey.wire.SakkePayload;

/**
 * An I_MESSAGE from a sender that hashes g^r without its leading zero octets (RFC 6508 2.2 fixes
 * 128): the test plays that sender. It searches PCKs until g^r (computed here with BigInteger, the
 * RFC 6508 5.1 hash written out again) is below 2^1016, builds the message with our initiator,
 * re-masks H over the short g^r and signs again with Alice's SSK.
 */
class StrippedGrReceiptTest {
  private static final long SW_T = 3968437672L;
  private static byte[] pck;
  private static byte[] shortForm;
  private static byte[] rfcForm;

  @BeforeAll
  static void build() throws Exception {
    StaticKeyRing alice = streamwide(SW_ALICE, false);
    long period = streamwideKms().periodPolicy().periodNumber(
        NtpTime.of(clockAtNtp(SW_T).instant()));
    byte[] b = streamwideKms().uid(SW_BOB.uri(), period).toByteArray();
    byte[] gr = null;
    for (long i = 0; gr == null; i++) {
      byte[] candidate = Arrays.copyOf(sha256(ByteBuffer.allocate(8).putLong(i).array()), 16);
      byte[] g = fixed(gPow(hashToIntegerRange(concat(candidate, b), ParameterSet1.Q)), 128);
      if (g[0] == 0) {
        pck = candidate;
        gr = g;
      }
    }
    SecureRandom random = new SecureRandom();
    KeyDistribution d = KeyDistribution.pck(secret(pck), KeyPurpose.PCK.keyId(0x1234567))
        .to(SW_BOB.uri(), streamwideKms()).build();
    rfcForm = MikeySakkeInitiator.create(alice, clockAtNtp(SW_T), random).create(d).encoded();

    IMessage m = MikeyReader.read(rfcForm).message();
    List<Payload> payloads = new ArrayList<>();
    for (Payload p : m.payloads()) {
      if (p instanceof SakkePayload s) {
        byte[] data = s.data().toByteArray();
        byte[] full = mask(gr);
        for (int i = 0; i < 16; i++) {
          // our initiator masked with the 128-octet g^r: check that, then swap in the short mask
          assertThat((byte) (data[257 + i] ^ pck[i])).isEqualTo(full[i]);
        }
        int k = 0;
        while (gr[k] == 0) {
          k++;
        }
        byte[] shortMask = mask(Arrays.copyOfRange(gr, k, gr.length));
        for (int i = 0; i < 16; i++) {
          data[257 + i] = (byte) (pck[i] ^ shortMask[i]);
        }
        payloads.add(SakkePayload.uidScheme(data));
      } else {
        payloads.add(p);
      }
    }
    var signer = alice.signingKey(period).orElseThrow().signer(random);
    shortForm = MikeyWriter.write(MikeyWriter.writeSigned(m.header(), payloads, MikeyConstants.SIGN_ECCSI,
        MikeyConstants.ECCSI_SIGNATURE_LENGTH, signer::sign));
  }

  private static MikeySakkeResponder.Builder bob() {
    return MikeySakkeResponder.builder(streamwide(SW_BOB, true)).clock(clockAtNtp(SW_T + 2));
  }

  @Test
  void theShortFormIsAcceptedWithTheSendersKeyAndCounted() throws Exception {
    MikeySakkeResponder r = bob().build();
    ReceivedKey k = r.process(shortForm, Optional.of(SW_ALICE.uri()));
    assertThat(k.key().equalsSecretBytes(secret(pck))).isTrue();
    assertThat(r.strippedGrCount()).isEqualTo(1);
  }

  @Test
  void theRfcFormIsNotCounted() throws Exception {
    MikeySakkeResponder r = bob().build();
    ReceivedKey k = r.process(rfcForm, Optional.of(SW_ALICE.uri()));
    assertThat(k.key().equalsSecretBytes(secret(pck))).isTrue();
    assertThat(r.strippedGrCount()).isZero();
  }

  @Test
  void theShortFormIsRefusedWhenTheToleranceIsOff() {
    MikeySakkeResponder r = bob().acceptStrippedSakkeGr(false).build();
    assertThatThrownBy(() -> r.process(shortForm, Optional.of(SW_ALICE.uri())))
        .isInstanceOfSatisfying(MikeyRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(MikeyRejectedException.Reason.DECAPSULATION_FAILED));
    assertThat(r.strippedGrCount()).isZero();
  }

  @Test
  void ourInitiatorNeverEmitsTheShortForm() throws Exception {
    assertThat(shortForm).isNotEqualTo(rfcForm);
    byte[] ours = MikeyReader.read(rfcForm).message().sakke().orElseThrow().data().toByteArray();
    byte[] theirs = MikeyReader.read(shortForm).message().sakke().orElseThrow().data().toByteArray();
    assertThat(Arrays.copyOf(ours, 257)).isEqualTo(Arrays.copyOf(theirs, 257));
    assertThat(Arrays.copyOfRange(ours, 257, 273)).isNotEqualTo(Arrays.copyOfRange(theirs, 257, 273));
  }

  // ---- RFC 6508 written out again for the test sender (shares no code with the receiver) ----

  private static byte[] sha256(byte[]... parts) {
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

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static byte[] fixed(BigInteger v, int len) {
    byte[] raw = v.toByteArray();
    byte[] out = new byte[len];
    int n = Math.min(len, raw.length);
    System.arraycopy(raw, raw.length - n, out, len - n, n);
    return out;
  }

  /** RFC 6508 5.1 with SHA-256: v_i = H(h_i || H(s)), h_i = H(h_(i-1)), h_0 = 0^32. */
  private static BigInteger hashToIntegerRange(byte[] s, BigInteger n) {
    int l = n.bitCount() == 1 ? (n.bitLength() - 1 + 255) / 256 : (n.bitLength() + 255) / 256;
    byte[] a = sha256(s);
    byte[] h = new byte[32];
    byte[] v = new byte[0];
    for (int i = 0; i < l; i++) {
      h = sha256(h);
      v = concat(v, sha256(h, a));
    }
    return new BigInteger(1, v).mod(n);
  }

  private static byte[] mask(byte[] gr) {
    return fixed(hashToIntegerRange(gr, BigInteger.ONE.shiftLeft(128)), 16);
  }

  /** g^r in PF_p as b/a of (1 + g i)^r in F_p^2 (RFC 6508 2.1, RFC 6509 g). */
  private static BigInteger gPow(BigInteger r) {
    BigInteger p = ParameterSet1.P;
    BigInteger g = ParameterSet1.G;
    BigInteger a = BigInteger.ONE;
    BigInteger bb = BigInteger.ZERO;
    for (int i = r.bitLength() - 1; i >= 0; i--) {
      BigInteger na = a.multiply(a).subtract(bb.multiply(bb)).mod(p);
      BigInteger nb = a.multiply(bb).shiftLeft(1).mod(p);
      a = na;
      bb = nb;
      if (r.testBit(i)) {
        na = a.subtract(bb.multiply(g)).mod(p);
        nb = a.multiply(g).add(bb).mod(p);
        a = na;
        bb = nb;
      }
    }
    return bb.multiply(a.modInverse(p)).mod(p);
  }

  private static SecretBytes secret(byte[] b) {
    return SecretBytes.copyOf(b, SecretAccess.get());
  }
}

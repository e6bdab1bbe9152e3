package org.mcxkms.mikey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mcxkms.mikey.Fixtures.*;
import static org.mcxkms.mikey.MikeyRejectedException.Reason.*;
import static org.mcxkms.testkit.VendorVectors.*;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mcxkms.mikey.wire.ByteString;
import org.mcxkms.mikey.wire.CommonHeader;
import org.mcxkms.mikey.wire.CsIdMap;
import org.mcxkms.mikey.wire.IMessage;
import org.mcxkms.mikey.wire.MikeyConstants;
import org.mcxkms.mikey.wire.MikeyParseException;
import org.mcxkms.mikey.wire.MikeyReader;
import org.mcxkms.mikey.wire.MikeyWriter;
import org.mcxkms.mikey.wire.ParsedIMessage;
import org.mcxkms.mikey.wire.SignaturePayload;

/** Everything the responder must refuse. Most refusals happen before any SAKKE work. */
class ResponderRejectionTest {
  private static final long SW_T = 3968437672L;
  private static final byte[] TEST1 = MikeyText.decode(SW_TEST1_GMK);
  private static final byte[] TEST3 = MikeyText.decode(SW_TEST3_PCK);

  private static MikeySakkeResponder alice(long clockNtp) {
    return MikeySakkeResponder.builder(streamwide(SW_ALICE, false)).clock(clockAtNtp(clockNtp)).build();
  }

  private static MikeyRejectedException rejected(MikeySakkeResponder r, byte[] m) {
    return assertThrows(MikeyRejectedException.class, () -> r.process(m));
  }

  @Test
  void everyPayloadWithAFlippedBitIsRefused() throws Exception {
    // One bit in every octet of Test 1 (HDR, T, RAND, the four IDRs, SP, SAKKE, GENERAL EXTENSION 7
    // and SIGN), the bit drawn from a seeded generator. None may yield a key.
    long seed = 20260101L;
    Random rnd = new Random(seed);
    MikeySakkeResponder r = alice(SW_T);
    List<String> accepted = new ArrayList<>();
    int parseErrors = 0;
    for (int i = 0; i < TEST1.length; i++) {
      byte[] m = TEST1.clone();
      m[i] ^= (byte) (1 << rnd.nextInt(8));
      try {
        r.process(m);
        accepted.add("offset " + i);
      } catch (MikeyParseException e) {
        parseErrors++;
      } catch (MikeyRejectedException e) {
        assertThat(e.reason()).as("offset " + i).isIn(BAD_SIGNATURE, NOT_FOR_ME, UNKNOWN_KMS, STALE, SENDER_MISMATCH);
      }
    }
    assertThat(accepted).as("seed " + seed).isEmpty();
    assertThat(parseErrors).isPositive();
  }

  @Test
  void signatureByAnotherIdentityIsRefused() throws Exception {
    // Test 1 content (IDRuidi = GMS) re-signed with Alice's valid key.
    ParsedIMessage p = MikeyReader.read(TEST1);
    IMessage forged = MikeyWriter.writeSigned(p.message().header(), p.message().payloads(), 2, 129,
        streamwide(SW_ALICE, false).signingKey(SW_PERIOD_NO).orElseThrow().signer(new SecureRandom())::sign);
    MikeyRejectedException e = rejected(alice(SW_T), MikeyWriter.write(forged));
    assertThat(e.reason()).isEqualTo(BAD_SIGNATURE);
    // And the genuine message refused when another sender is expected.
    MikeyRejectedException e2 = assertThrows(MikeyRejectedException.class,
        () -> alice(SW_T).process(TEST1, Optional.of("sip:bob@streamwide.com")));
    assertThat(e2.reason()).isEqualTo(SENDER_MISMATCH);
  }

  @Test
  void vendorSignatureVariantIsOnlyAcceptedWhenAllowedAndNeverForSomethingElse() throws Exception {
    // A message signed over HDR..(SIGN header excluded): the old Alea/Softil variant.
    ParsedIMessage p = MikeyReader.read(TEST1);
    byte[] head = MikeyWriter.signedOctets(p.message().header(), p.message().payloads(), 2, 129);
    byte[] sig = streamwide(SW_GMS, false).signingKey(SW_PERIOD_NO).orElseThrow().signer(new SecureRandom())
        .sign(Arrays.copyOf(head, head.length - 2));
    byte[] variant = MikeyWriter.write(new IMessage(p.message().header(), p.message().payloads(), SignaturePayload.eccsi(sig)));
    MikeySakkeResponder strict = MikeySakkeResponder.builder(streamwide(SW_ALICE, false)).clock(clockAtNtp(SW_T))
        .acceptVendorSignatureVariant(false).build();
    assertThat(rejected(strict, variant).reason()).isEqualTo(BAD_SIGNATURE);
    // With the variant allowed, the signature passes and processing reaches the RSK lookup
    // (this ring holds no RSK, so it stops there without SAKKE work).
    assertThat(rejected(alice(SW_T), variant).reason()).isEqualTo(NO_KEY_FOR_PERIOD);
  }

  @Test
  void messageForAnotherResponderIsRefused() {
    MikeySakkeResponder bob = MikeySakkeResponder.builder(streamwide(SW_BOB, false)).clock(clockAtNtp(SW_T)).build();
    assertThat(rejected(bob, TEST1).reason()).isEqualTo(NOT_FOR_ME);
  }

  @Test
  void responderOfAnotherKmsIsRefused() throws Exception {
    KmsParameters other = new KmsParameters("kms.other.example", streamwideKms().periodPolicy(), streamwideKms().kpak(),
        streamwideKms().z());
    StaticKeyRing ring = StaticKeyRing.builder(SW_ALICE.uri(), other).build();
    MikeySakkeResponder r = MikeySakkeResponder.builder(ring).clock(clockAtNtp(SW_T)).build();
    assertThat(rejected(r, TEST1).reason()).isEqualTo(NOT_FOR_ME);
  }

  @Test
  void untrustedInitiatorKmsIsRefused() {
    MikeySakkeResponder r = MikeySakkeResponder.builder(streamwide(SW_ALICE, false)).clock(clockAtNtp(SW_T))
        .kmsDirectory(uri -> Optional.empty()).build();
    assertThat(rejected(r, TEST1).reason()).isEqualTo(UNKNOWN_KMS);
  }

  @Test
  void timestampOutsideTheWindowIsRefused() throws Exception {
    assertThat(rejected(alice(SW_T + 301), TEST1).reason()).isEqualTo(STALE);
    assertThat(rejected(alice(SW_T - 301), TEST1).reason()).isEqualTo(STALE);
    MikeySakkeResponder narrow = MikeySakkeResponder.builder(streamwide(SW_ALICE, false)).clock(clockAtNtp(SW_T + 31))
        .freshnessWindow(Duration.ofSeconds(30)).build();
    assertThat(rejected(narrow, TEST1).reason()).isEqualTo(STALE);
    // Inside the window the message gets past freshness (to the missing RSK of this ring).
    assertThat(rejected(alice(SW_T + 299), TEST1).reason()).isEqualTo(NO_KEY_FOR_PERIOD);
    // Today's clock: the 2025 vectors are stale unless the test widens or disables the window.
    MikeySakkeResponder now = MikeySakkeResponder.builder(streamwide(SW_ALICE, false)).build();
    assertThat(rejected(now, TEST1).reason()).isEqualTo(STALE);
  }

  @Test
  void replayIsRefusedEvenWithAMalleatedSignature() throws Exception {
    MikeySakkeResponder bob = MikeySakkeResponder.builder(streamwide(SW_BOB, true)).clock(clockAtNtp(SW_T)).build();
    ReceivedKey k = bob.process(TEST3);
    assertThat(k.keyId()).isEqualTo(0x16992638);
    assertThat(assertThrows(MikeyRejectedException.class, () -> bob.process(TEST3)).reason()).isEqualTo(REPLAY);
    // ECCSI (r, s) and (r, q - s) both verify; the replay cache keys on the signed octets only.
    byte[] malleated = TEST3.clone();
    int sAt = TEST3.length - 129 + 32;
    BigInteger q = new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(TEST3, sAt, sAt + 32));
    byte[] ns = q.subtract(s).toByteArray();
    byte[] fixed = new byte[32];
    System.arraycopy(ns, Math.max(0, ns.length - 32), fixed, Math.max(0, 32 - ns.length), Math.min(32, ns.length));
    System.arraycopy(fixed, 0, malleated, sAt, 32);
    assertThat(malleated).isNotEqualTo(TEST3);
    assertThat(assertThrows(MikeyRejectedException.class, () -> bob.process(malleated)).reason()).isEqualTo(REPLAY);
  }

  @Test
  void spiThatIsNotTheKeyIdIsRefused() throws Exception {
    // Streamwide Test 2 (CSK) with the GENERIC-ID SPI changed and the message properly re-signed.
    IMessage m = MikeyReader.read(MikeyText.decode(SW_TEST2_CSK)).message();
    CommonHeader h = m.header();
    CommonHeader wrongSpi = new CommonHeader(h.version(), h.dataType(),
        h.verifyRequested(), h.prfFunc(), h.csbId(), new CsIdMap.GenericId(List.of(
            CsIdMap.GenericIdEntry.srtp(6, 0, ByteString.fromHex("2ddd5bf1")))));
    IMessage forged = MikeyWriter.writeSigned(wrongSpi, m.payloads(), 2, 129,
        streamwide(SW_ALICE, false).signingKey(SW_PERIOD_NO).orElseThrow().signer(new SecureRandom())::sign);
    MikeySakkeResponder gms = MikeySakkeResponder.builder(streamwide(SW_GMS, true)).clock(clockAtNtp(SW_T)).build();
    assertThat(rejected(gms, MikeyWriter.write(forged)).reason()).isEqualTo(INCONSISTENT_KEY_ID);
  }

  @Test
  void everyTruncationIsAParseError() {
    List<Integer> notRefused = new ArrayList<>();
    for (int n = 0; n < TEST1.length; n++) {
      byte[] t = Arrays.copyOf(TEST1, n);
      try {
        MikeyReader.read(t);
        notRefused.add(n);
      } catch (MikeyParseException e) {
        assertThat(e.offset()).isBetween(0, n);
      }
    }
    assertThat(notRefused).isEmpty();
  }

  @Test
  void oversizedLengthsAndTrailingOctetsAreParseErrors() {
    // offsets from the published annotated decode of Streamwide Test 1
    // RAND len 17 swallows the next octet; the damage surfaces in the IDR that follows
    assertParseError(with(TEST1, 36, 0x11), "IDR", "");
    assertParseError(with(TEST1, 57, 0x21), "IDR", "ID len");           // IDRuidi len 33
    assertParseError(with(TEST1, 131, 0x19), "IDR", "ID Data");         // IDRkmsi len 25 steals an octet
    assertParseError(with(TEST1, 189, 0x1c), "SP", "Policy param");     // SP length 28
    assertParseError(with(TEST1, 221, 0x12), "SAKKE", "SAKKE data length"); // 274
    assertParseError(with(TEST1, 497, 0xff), "GENERAL EXTENSION", "Data");  // length 0xff47
    assertParseError(with(TEST1, 571, 0x82), "SIGN", "Signature len");  // 130
    assertParseError(Arrays.copyOf(TEST1, TEST1.length + 1), "SIGN", "end of SIGN payload");
    byte[] huge = Arrays.copyOf(TEST1, MikeyConstants.MAX_MESSAGE_LENGTH + 1);
    assertParseError(huge, "HDR", "message length");
  }

  @Test
  void unknownCriticalContentIsRefused() {
    assertParseError(with(TEST1, 0, 2), "HDR", "version");
    assertParseError(with(TEST1, 1, 0), "HDR", "data type");
    assertParseError(with(TEST1, 3, 0), "HDR", "PRF func");
    assertParseError(with(TEST1, 9, 3), "HDR", "CS ID map type");
    assertParseError(with(TEST1, 2, 99), "payload type 99", "next payload");  // unknown payload type
    assertParseError(with(TEST1, 2, 7), "CERT", "next payload");               // not in a SAKKE I_MESSAGE
    assertParseError(with(TEST1, 2, 0), "Last", "next payload");               // chain ends without SIGN
    assertParseError(with(TEST1, 26, 1), "T", "TS type");
    assertParseError(with(TEST1, 54, 10), "IDR", "ID Role");
    assertParseError(with(TEST1, 55, 3), "IDR", "ID Type");
    assertParseError(with(TEST1, 187, 1), "SP", "Prot type");
    assertParseError(with(TEST1, 218, 2), "SAKKE", "SAKKE params");
    assertParseError(with(TEST1, 219, 1), "SAKKE", "ID scheme");
    assertParseError(with(TEST1, 496, 9), "GENERAL EXTENSION", "Type");
    assertParseError(with(TEST1, 510, 2), "GENERAL EXTENSION (key parameters)", "payload algorithm");
    assertParseError(with(TEST1, 570, 0x10), "SIGN", "S type");
    // IDRkmsi turned into a second IDRkmsr: a repeated role
    assertParseError(with(TEST1, 128, 7), "IDR", "ID Role");
  }

  private static byte[] with(byte[] m, int offset, int value) {
    byte[] c = m.clone();
    c[offset] = (byte) value;
    return c;
  }

  private static void assertParseError(byte[] m, String payload, String fieldPrefix) {
    MikeyParseException e = assertThrows(MikeyParseException.class, () -> MikeyReader.read(m));
    assertThat(e.payload()).isEqualTo(payload);
    assertThat(e.field()).startsWith(fieldPrefix);
    assertThat(e.getMessage()).contains("offset " + e.offset());
  }
}

package org.mcxkms.mikey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mcxkms.mikey.Fixtures.*;
import static org.mcxkms.testkit.VendorVectors.*;

import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.mikey.wire.ByteString;
import org.mcxkms.mikey.wire.GeneralExtensionPayload;
import org.mcxkms.mikey.wire.IMessage;
import org.mcxkms.mikey.wire.KeyParametersExtension;
import org.mcxkms.mikey.wire.MikeyConstants;
import org.mcxkms.mikey.wire.MikeyReader;
import org.mcxkms.mikey.wire.Payload;

/**
 * Our initiator, given the key, key ID, RAND, time and identities of the Streamwide Tests 1-3,
 * produces messages that our responder accepts and that match the published ones field by field:
 * same HDR (CSB ID, CS ID map), payload order, T, RAND, IDR roles and UIDs, SP, and even the same
 * SAKKE data (SAKKE encapsulation is deterministic in the SSV and the receiver UID). Only the GCM IV
 * and date/time of GENERAL EXTENSION 7 and the signature are random.
 */
class InitiatorMatchesVendorStructureTest {
  private static final long SW_T = 3968437672L;
  private final SecureRandom random = new SecureRandom();

  private static void assertSameStructure(IMessage ours, IMessage theirs) throws Exception {
    assertThat(ours.header()).isEqualTo(theirs.header());
    assertThat(ours.payloads()).extracting(Payload::payloadType)
        .isEqualTo(theirs.payloads().stream().map(Payload::payloadType).toList());
    for (int i = 0; i < ours.payloads().size(); i++) {
      Payload a = ours.payloads().get(i);
      Payload b = theirs.payloads().get(i);
      if (a instanceof GeneralExtensionPayload ga) {
        GeneralExtensionPayload gb = (GeneralExtensionPayload) b;
        assertThat(ga.extensionType()).isEqualTo(gb.extensionType());
        assertThat(ga.data().size()).isEqualTo(gb.data().size());
        KeyParametersExtension.Protected pa = (KeyParametersExtension.Protected) MikeyReader.keyParameters(ga);
        KeyParametersExtension.Protected pb = (KeyParametersExtension.Protected) MikeyReader.keyParameters(gb);
        assertThat(pa.messageType()).isEqualTo(pb.messageType());
        assertThat(pa.dppkId()).isEqualTo(pb.dppkId());
        assertThat(pa.ciphertext().size()).isEqualTo(pb.ciphertext().size());
      } else {
        assertThat(a).as("payload " + i).isEqualTo(b);
      }
    }
    assertThat(ours.signature().signatureType()).isEqualTo(theirs.signature().signatureType());
    assertThat(ours.signature().signature().size()).isEqualTo(theirs.signature().signature().size());
  }

  private CreatedIMessage create(StaticKeyRing sender, KeyDistribution d) {
    return MikeySakkeInitiator.create(sender, clockAtNtp(SW_T), random).create(d);
  }

  private static ReceivedKey accept(StaticKeyRing receiver, CreatedIMessage m, String sender) throws MikeyException {
    return MikeySakkeResponder.builder(receiver).clock(clockAtNtp(SW_T + 2)).build().process(m.encoded(), Optional.of(sender));
  }

  @Test
  void gmkLikeStreamwideTest1() throws Exception {
    KeyDistribution d = KeyDistribution.gmk(secret("07d1a1677ac36d8e81620484689b3c2d"), 0x0df9bc39)
        .to(SW_ALICE.uri(), streamwideKms())
        .rand(ByteString.fromHex("ca2f5d51ff0866362c1d85a56f84651e"))
        .build();
    CreatedIMessage m = create(streamwide(SW_GMS, false), d);
    IMessage theirs = MikeyReader.read(MikeyText.decode(SW_TEST1_GMK)).message();
    assertSameStructure(m.message(), theirs);
    assertThat(m.encoded()).hasSize(701);
    ReceivedKey k = accept(streamwide(SW_ALICE, true), m, "gms@streamwide.com");
    assertThat(H.formatHex(k.key().toByteArray(SecretAccess.get()))).isEqualTo("07d1a1677ac36d8e81620484689b3c2d");
    assertThat(k.keyId()).isEqualTo(0x0df9bc39);
    assertThat(k.gukId()).hasValue(0x06a12aea);
    assertThat(k.vendorSignatureVariant()).isFalse();
  }

  @Test
  void cskLikeStreamwideTest2() throws Exception {
    KeyDistribution d = KeyDistribution.csk(secret("e06e65106183547342d3e8a6ce2540a8"), 0x2ddd5bf0)
        .to(SW_GMS.uri(), streamwideKms())
        .rand(ByteString.fromHex("4d13c41798b82de13b701a9697328edd"))
        .build();
    CreatedIMessage m = create(streamwide(SW_ALICE, false), d);
    assertSameStructure(m.message(), MikeyReader.read(MikeyText.decode(SW_TEST2_CSK)).message());
    ReceivedKey k = accept(streamwide(SW_GMS, true), m, SW_ALICE.uri());
    assertThat(k.purpose()).isEqualTo(KeyPurpose.CSK);
    assertThat(k.keyId()).isEqualTo(0x2ddd5bf0);
    assertThat(H.formatHex(k.key().toByteArray(SecretAccess.get()))).isEqualTo("e06e65106183547342d3e8a6ce2540a8");
  }

  @Test
  void pckLikeStreamwideTest3() throws Exception {
    KeyDistribution d = KeyDistribution.pck(secret("b4c96b703acd5c1bf7d4cc45068d9965"), 0x16992638)
        .to(SW_BOB.uri(), streamwideKms())
        .rand(ByteString.fromHex("02a28bddaf984c5e0563bc1ce857df83"))
        .build();
    CreatedIMessage m = create(streamwide(SW_ALICE, false), d);
    assertSameStructure(m.message(), MikeyReader.read(MikeyText.decode(SW_TEST3_PCK)).message());
    assertThat(m.encoded()).hasSize(683);
    ReceivedKey k = accept(streamwide(SW_BOB, true), m, SW_ALICE.uri());
    assertThat(k.purpose()).isEqualTo(KeyPurpose.PCK);
    assertThat(k.keyId()).isEqualTo(0x16992638);
    assertThat(k.rand().hex()).isEqualTo("02a28bddaf984c5e0563bc1ce857df83");
  }

  @Test
  void gmkWithAleaStyleEmptyMapAndSakkeToSelf() throws Exception {
    KeyDistribution d = KeyDistribution.gmk(secret("07d1a1677ac36d8e81620484689b3c2d"), 0x0df9bc39)
        .to(SW_ALICE.uri(), streamwideKms())
        .csIdMap(KeyDistribution.CsIdMapStyle.EMPTY)
        .sakkeToSelf(true)
        .build();
    CreatedIMessage m = create(streamwide(SW_GMS, false), d);
    IMessage msg = m.message();
    assertThat(msg.header().csIdMap().mapType()).isEqualTo(MikeyConstants.MAP_EMPTY);
    assertThat(msg.payloads().get(msg.payloads().size() - 1)).isInstanceOfSatisfying(GeneralExtensionPayload.class,
        g -> assertThat(g.extensionType()).isEqualTo(MikeyConstants.EXT_SAKKE_TO_SELF));
    // Another device of the GMS opens it from GENERAL EXTENSION 6 with the GMS's own RSK.
    ReceivedKey self = MikeySakkeResponder.builder(streamwide(SW_GMS, true)).clock(clockAtNtp(SW_T)).build()
        .process(m.encoded());
    assertThat(self.viaSakkeToSelf()).isTrue();
    // With an empty map the message never shows the GMK-ID; the GMS's device sees the GUK-ID.
    assertThat(self.keyId()).isEqualTo(0x06a12aea);
    assertThat(H.formatHex(self.key().toByteArray(SecretAccess.get()))).isEqualTo("07d1a1677ac36d8e81620484689b3c2d");
    // The member still gets it from the SAKKE payload.
    ReceivedKey member = accept(streamwide(SW_ALICE, true), m, "gms@streamwide.com");
    assertThat(member.viaSakkeToSelf()).isFalse();
    assertThat(member.keyId()).isEqualTo(0x0df9bc39);
  }

  @Test
  void musikAndMkfcKeyDownload() throws Exception {
    SecureRandom r = new SecureRandom();
    for (KeyDistribution.Builder b : List.of(
        KeyDistribution.musik(KeyDistribution.newKey(r), KeyDistribution.newKeyId(KeyPurpose.MUSIK, r)),
        KeyDistribution.mkfc(KeyDistribution.newKey(r), KeyDistribution.newKeyId(KeyPurpose.MKFC, r)))) {
      KeyDistribution d = b.to(SW_ALICE.uri(), streamwideKms()).build();
      CreatedIMessage m = create(streamwide(SW_GMS, false), d);
      ReceivedKey k = accept(streamwide(SW_ALICE, true), m, "gms@streamwide.com");
      assertThat(k.purpose()).isEqualTo(d.purpose());
      assertThat(k.keyId()).isEqualTo(d.keyId());
      assertThat(k.csbId()).isEqualTo(d.keyId());
      assertThat(k.key().equalsSecretBytes(d.key())).isTrue();
      assertThat(k.keyParameters().orElseThrow().groupIdsPresent()).isTrue();
      if (d.purpose() == KeyPurpose.MUSIK) {
        assertThat(k.csIds()).containsExactly(7);
        assertThat(k.mki()).isEqualTo(ByteString.ofInt(d.keyId()));
      }
    }
  }
}

package org.mcxkms.mikey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mcxkms.mikey.Fixtures.*;
import static org.mcxkms.testkit.VendorVectors.*;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.mikey.wire.KeyParameters;

/**
 * Our responder on every published vendor I_MESSAGE (Streamwide, Alea): it extracts exactly the
 * published key, key ID, RAND and GUK-ID with the published receiver key material and verifies
 * the signatures. The vectors are from 2025, so each test pins the clock to the message's T.
 */
class VendorVectorResponderTest {
  private static final long SW_T = 3968437672L; // Tests 1-4: 2025-10-02 23:47:52 UTC
  private static final long ALEA_GMK_T = 3968148437L;
  private static final long ALEA_CSK_T = 3968144489L;

  private static ReceivedKey receive(StaticKeyRing me, long t, String b64, KeyStatusRule rule, Optional<String> sender)
      throws MikeyException {
    MikeySakkeResponder r = MikeySakkeResponder.builder(me)
        .clock(clockAtNtp(t + 1))
        .freshnessWindow(Duration.ofMinutes(5))
        .keyStatusRule(rule)
        .build();
    return r.process(MikeyText.decode(b64), sender);
  }

  private static String hex(ReceivedKey k) {
    return H.formatHex(k.key().toByteArray(SecretAccess.get()));
  }

  @Test
  void streamwideTest1Gmk() throws Exception {
    ReceivedKey k = receive(streamwide(SW_ALICE, true), SW_T, "mikey " + SW_TEST1_GMK, KeyStatusRule.NOT_REVOKED_FLAG,
        Optional.of("gms@streamwide.com"));
    assertThat(k.purpose()).isEqualTo(KeyPurpose.GMK);
    assertThat(hex(k)).isEqualTo("07d1a1677ac36d8e81620484689b3c2d");
    assertThat(k.keyId()).isEqualTo(0x0df9bc39);
    assertThat(k.gukId()).hasValue(0x06a12aea);
    assertThat(k.csbId()).isEqualTo(0x06a12aea);
    assertThat(k.rand().hex()).isEqualTo("ca2f5d51ff0866362c1d85a56f84651e");
    assertThat(k.senderUid().toHex()).isEqualTo(SW_GMS.uid());
    assertThat(k.period()).isEqualTo(236);
    assertThat(k.vendorSignatureVariant()).isFalse();
    assertThat(k.mki().hex()).isEqualTo("0df9bc3906a12aea");
    assertThat(k.csIds()).containsExactly(4);
    assertThat(k.keyParameters()).contains(new KeyParameters(0, 1, 0, 0, "", true, List.of()));
    assertThat(H.formatHex(k.srtpKeyMaterial(4).masterKey().toByteArray(SecretAccess.get())))
        .isEqualTo("acb1b4e2b2dca12291e1794a8ef84947");
    assertThat(k.toString()).doesNotContain("07d1a167");
  }

  @Test
  void streamwideTest2Csk() throws Exception {
    ReceivedKey k = receive(streamwide(SW_GMS, true), SW_T, SW_TEST2_CSK, KeyStatusRule.NOT_REVOKED_FLAG,
        Optional.of("sip:alice@streamwide.com"));
    assertThat(k.purpose()).isEqualTo(KeyPurpose.CSK);
    assertThat(hex(k)).isEqualTo("e06e65106183547342d3e8a6ce2540a8");
    assertThat(k.keyId()).isEqualTo(0x2ddd5bf0);
    assertThat(k.gukId()).isEmpty();
    assertThat(k.rand().hex()).isEqualTo("4d13c41798b82de13b701a9697328edd");
    assertThat(k.senderUid().toHex()).isEqualTo(SW_ALICE.uid());
    assertThat(k.csIds()).containsExactly(6);
    assertThat(k.keyParameters().orElseThrow().keyType()).isEqualTo(2);
    assertThat(H.formatHex(k.srtpKeyMaterial(6).masterSalt().toByteArray(SecretAccess.get())))
        .isEqualTo("b9ffaf7574efa2a286289109");
  }

  @Test
  void streamwideTest3Pck() throws Exception {
    ReceivedKey k = receive(streamwide(SW_BOB, true), SW_T, SW_TEST3_PCK, KeyStatusRule.NOT_REVOKED_FLAG, Optional.empty());
    assertThat(k.purpose()).isEqualTo(KeyPurpose.PCK);
    assertThat(hex(k)).isEqualTo("b4c96b703acd5c1bf7d4cc45068d9965");
    assertThat(k.keyId()).isEqualTo(0x16992638);
    assertThat(k.rand().hex()).isEqualTo("02a28bddaf984c5e0563bc1ce857df83");
    assertThat(k.senderUid().toHex()).isEqualTo(SW_ALICE.uid());
    assertThat(k.mki().hex()).isEqualTo("16992638");
    assertThat(k.keyParameters().orElseThrow().keyType()).isEqualTo(1);
  }

  @Test
  void streamwideTest4LegacyGmk() throws Exception {
    ReceivedKey k = receive(streamwide(SW_IWF, true), SW_T, SW_TEST4_GMK_LEGACY, KeyStatusRule.NOT_REVOKED_FLAG,
        Optional.of("gms@streamwide.com"));
    assertThat(k.purpose()).isEqualTo(KeyPurpose.GMK);
    assertThat(hex(k)).isEqualTo("07d1a1677ac36d8e81620484689b3c2d");
    assertThat(k.keyId()).isEqualTo(0x0df9bc39);
    assertThat(k.gukId()).hasValue(0x048209a7);
    assertThat(k.rand().hex()).isEqualTo("cdd4e71ad92cc090f3a13cb66a2ecb18");
    assertThat(k.keyParameters()).contains(new KeyParameters(0, 1, 0, 0, "", false, List.of()));
  }

  @Test
  void aleaGmk() throws Exception {
    StaticKeyRing me = alea(ALEA_U1_URI, ALEA_U1_RSK);
    ReceivedKey k = receive(me, ALEA_GMK_T, ALEA_GMK_MSG, KeyStatusRule.IGNORE_STATUS, Optional.of(ALEA_GMS_URI));
    assertThat(k.purpose()).isEqualTo(KeyPurpose.GMK);
    assertThat(hex(k)).isEqualToIgnoringCase("B1C9D5B7483511820CCFD06B58EF139B");
    assertThat(k.keyId()).isEqualTo(0x06dbc5e2);
    assertThat(k.gukId()).hasValue(0x0c340888);
    assertThat(k.rand().hex()).isEqualToIgnoringCase("B97600F1EE9B6CAA2D1FCA9B66F66E47");
    assertThat(k.senderUid().toHex()).isEqualTo(ALEA_GMS_UID);
    KeyParameters kp = k.keyParameters().orElseThrow();
    assertThat(kp.status()).isZero();
    assertThat(kp.activationTime()).isEqualTo(0x68d7eafaL);
    assertThat(kp.expiryTime()).isEqualTo(0xffffffffL);
    assertThat(kp.groupIds()).singleElement().satisfies(g -> {
      assertThat(g.iei()).isEqualTo(0x7b);
      assertThat(g.valueAsString()).isEqualTo("sip:g4.chat@veronica-cluster");
    });

    // Under the default (Streamwide) reading of Status, Alea's 0 means revoked: documented interop gap.
    MikeyRejectedException e = assertThrows(MikeyRejectedException.class,
        () -> receive(me, ALEA_GMK_T, ALEA_GMK_MSG, KeyStatusRule.NOT_REVOKED_FLAG, Optional.empty()));
    assertThat(e.reason()).isEqualTo(MikeyRejectedException.Reason.KEY_REVOKED);
  }

  @Test
  void aleaCsk() throws Exception {
    ReceivedKey k = receive(alea(ALEA_MDSI_URI, ALEA_MDSI_RSK), ALEA_CSK_T, ALEA_CSK_MSG, KeyStatusRule.NOT_REVOKED_FLAG,
        Optional.of(ALEA_U1_URI));
    assertThat(k.purpose()).isEqualTo(KeyPurpose.CSK);
    assertThat(hex(k)).isEqualToIgnoringCase("2F19A7E4F466E7BBAC1E977F47BA552B");
    assertThat(k.keyId()).isEqualTo(0x26147a4e);
    assertThat(k.rand().hex()).isEqualToIgnoringCase("ACFBD9718CFFDC27DAC30F4A57BC993D");
    assertThat(k.senderUid().toHex()).isEqualTo(ALEA_U1_UID);
    assertThat(k.keyParameters()).isEmpty();
    assertThat(k.securityPolicies().get(0).policyNo()).isEqualTo(1);
  }
}

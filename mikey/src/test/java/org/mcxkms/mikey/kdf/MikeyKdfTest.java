package org.mcxkms.mikey.kdf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.crypto.SecretBytes;
import org.mcxkms.mikey.wire.ByteString;

/** Every published KDF vector we know (TS 33.220 B.2, TS 33.180 F.1; Etherstack, Streamwide, Alea). */
class MikeyKdfTest {
  private static final HexFormat H = HexFormat.of();

  private static SecretBytes key(String hex) {
    return SecretBytes.copyOf(H.parseHex(hex), SecretAccess.get());
  }

  private static String hex(SecretBytes s) {
    return H.formatHex(s.toByteArray(SecretAccess.get()));
  }

  private static int id(String hex) {
    return Integer.parseUnsignedInt(hex, 16);
  }

  @Test
  void etherstackGukIdsAndSrtpKeys() {
    SecretBytes gmk = key("fcfe65cd967c58d260b603ccb9a887a9");
    ByteString rand = ByteString.fromHex("6819e679461120e10ac458cce67b8024");
    int gmkId = id("09bf9d37");
    String[][] rows = {
      {"sip:p25user01@etherstack.com", "01c8de7b", "64837d2b4d69a266e4489d3807353ad9", "8b2f081ce8e8bdab1f8d9eb8"},
      {"sip:p25user02@etherstack.co.jp", "0abe69d0", "de81b70c4ae0ff3f79364df586c2e0ce", "750ea7422b4d5a8ff475c6d5"},
      {"sip:92100002447@att.com", "0c449727", "f097ac3325f1f784bc8ba4112c5e5f88", "97a154fb24efbfb353a265e2"},
    };
    List<String> failures = new ArrayList<>();
    for (String[] r : rows) {
      int guk = MikeyKdf.gukId(gmk, gmkId, r[0]);
      if (guk != id(r[1])) {
        failures.add(r[0] + " GUK-ID " + Integer.toHexString(guk));
      }
      if (MikeyKdf.gmkIdFromGukId(gmk, guk, r[0]) != gmkId) {
        failures.add(r[0] + " GMK-ID recovery");
      }
      SrtpKeyMaterial m = MikeyKdf.srtp(gmk, 4, guk, rand, MikeyKdf.gmkMki(gmkId, guk));
      if (!hex(m.masterKey()).equals(r[2])) {
        failures.add(r[0] + " master key " + hex(m.masterKey()));
      }
      if (!hex(m.masterSalt()).equals(r[3])) {
        failures.add(r[0] + " master salt " + hex(m.masterSalt()));
      }
      assertThat(m.mki().hex()).isEqualTo("09bf9d37" + r[1]);
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void etherstackSpkWithCsId6() {
    SrtpKeyMaterial m =
        MikeyKdf.srtp(
            key("28ba74447f037dcc09ad7f2576dc2def"), 6, id("1c5f7886"),
            ByteString.fromHex("30333032343661303730646133333265"), MikeyKdf.keyIdMki(id("1c5f7886")));
    assertThat(hex(m.masterKey())).isEqualTo("185d08cb5a226d19d71679adf5e415be");
    assertThat(hex(m.masterSalt())).isEqualTo("d1d648b2a0040633a3dd72e5");
    assertThat(m.mki().hex()).isEqualTo("1c5f7886");
    assertThat(m.toString()).doesNotContain("185d08cb");
  }

  @Test
  void gukIdOnlyVectors() {
    assertThat(MikeyKdf.gukId(key("52079f77690731437e407a5b4845aab3"), id("03f3453d"),
            "sip:P25SU-00003002000531@server-dev43-ws.streamwideus.com"))
        .isEqualTo(id("0e0e03f2"));
    SecretBytes swGmk = key("07d1a1677ac36d8e81620484689b3c2d");
    assertThat(MikeyKdf.gukId(swGmk, id("0df9bc39"), "sip:alice@streamwide.com")).isEqualTo(id("06a12aea"));
    assertThat(MikeyKdf.gukId(swGmk, id("0df9bc39"), "sip:iwf_legacy_v1.1.x_format@streamwide.com")).isEqualTo(id("048209a7"));
    assertThat(MikeyKdf.gukId(key("B1C9D5B7483511820CCFD06B58EF139B"), id("06dbc5e2"), "sip:u1alea@veronica-cluster"))
        .isEqualTo(id("0c340888"));
  }

  @Test
  void streamwideKeyDerivationConstants() {
    SecretBytes tgk = key("a27b7d578eeb9b1ee7705e385996d300");
    ByteString rand = ByteString.fromHex("4339f62f55aac86348846a482c893802");
    assertThat(hex(MikeyKdf.derive(tgk, MikeyKdf.CONSTANT_ENCRYPTION, 4, id("05a85c16"), rand, 16))
            + hex(MikeyKdf.derive(tgk, MikeyKdf.CONSTANT_SALT, 4, id("05a85c16"), rand, 12)))
        .isEqualTo("3924935940c154ccbc3c2ad05c8f5181" + "1725869b80f370cc9f24e13b");
    assertThat(hex(MikeyKdf.derive(tgk, MikeyKdf.CONSTANT_ENCRYPTION, 0, id("05a85c16"), rand, 16))
            + hex(MikeyKdf.derive(tgk, MikeyKdf.CONSTANT_SALT, 0, id("05a85c16"), rand, 12)))
        .isEqualTo("f17c80a8d2f9befa47cf712603d7229a" + "c3b7b561a291a1d3abef482b");
    SrtpKeyMaterial m = MikeyKdf.srtp(tgk, 4, id("0633f457"), rand, MikeyKdf.keyIdMki(id("0633f457")));
    assertThat(hex(m.masterKey()) + hex(m.masterSalt())).isEqualTo("59aaa49ebb54813602b7cc165961b4e8" + "745eb4df7d155c473114a799");
  }

  @Test
  void dpck() {
    assertThat(hex(MikeyKdf.dpck(key("000102030405060708090a0b0c0d0e0f"), id("deadbaad"))))
        .isEqualTo("d853d0bd6916ffc9837e2a2012a39491");
    // Streamwide Test 1: DPCK(GMK, CSB 06a12aea).
    assertThat(hex(MikeyKdf.dpck(key("07d1a1677ac36d8e81620484689b3c2d"), id("06a12aea"))))
        .isEqualTo("9768340935db3c2e770f2a3e97a4bb09");
  }

  @Test
  void srtpKeysOfTheStreamwideMessages() {
    // Section 7 "computed by us": these pin the derivation to the published inputs of Tests 1-3.
    SrtpKeyMaterial gmk = MikeyKdf.srtp(key("07d1a1677ac36d8e81620484689b3c2d"), 4, id("06a12aea"),
        ByteString.fromHex("ca2f5d51ff0866362c1d85a56f84651e"), ByteString.EMPTY);
    assertThat(hex(gmk.masterKey()) + "/" + hex(gmk.masterSalt()))
        .isEqualTo("acb1b4e2b2dca12291e1794a8ef84947/ee2f78e5ef16939d4a938327");
    SecretBytes pck = key("b4c96b703acd5c1bf7d4cc45068d9965");
    ByteString pckRand = ByteString.fromHex("02a28bddaf984c5e0563bc1ce857df83");
    SrtpKeyMaterial p0 = MikeyKdf.srtp(pck, 0, id("16992638"), pckRand, ByteString.EMPTY);
    SrtpKeyMaterial p1 = MikeyKdf.srtp(pck, 1, id("16992638"), pckRand, ByteString.EMPTY);
    assertThat(hex(p0.masterKey()) + "/" + hex(p0.masterSalt()))
        .isEqualTo("e392c95d3444f8ab3ca6d340865e4284/245d9363909f2fafc45add02");
    assertThat(hex(p1.masterKey()) + "/" + hex(p1.masterSalt()))
        .isEqualTo("85b6731c05a50a3856b68191a942a344/10993ef963479b780a8c71ee");
    SrtpKeyMaterial csk = MikeyKdf.srtp(key("e06e65106183547342d3e8a6ce2540a8"), 6, id("2ddd5bf0"),
        ByteString.fromHex("4d13c41798b82de13b701a9697328edd"), ByteString.EMPTY);
    assertThat(hex(csk.masterKey()) + "/" + hex(csk.masterSalt()))
        .isEqualTo("1ea4fa6630d5f87aa62dbcb7074734a9/b9ffaf7574efa2a286289109");
  }

  @Test
  void prfSplitsLongKeysInto256BitPieces() {
    // A 48-octet key is two pieces; the output is the XOR of the per-piece P functions, so it
    // differs from the output for its first 32 octets alone unless the second piece cancels it.
    byte[] label = H.parseHex("2ad01c64040633f4574339f62f55aac86348846a482c893802");
    byte[] k48 = new byte[48];
    for (int i = 0; i < 48; i++) {
      k48[i] = (byte) i;
    }
    byte[] both = MikeyPrf.prf(k48, label, 40);
    byte[] first = MikeyPrf.prf(Arrays.copyOf(k48, 32), label, 40);
    byte[] second = MikeyPrf.prf(Arrays.copyOfRange(k48, 32, 48), label, 40);
    for (int i = 0; i < 40; i++) {
      assertThat(both[i]).isEqualTo((byte) (first[i] ^ second[i]));
    }
  }
}

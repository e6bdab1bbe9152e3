package org.mcxkms.mikey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mcxkms.mikey.Fixtures.*;

import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mcxkms.crypto.SecretBytes;
import org.mcxkms.mikey.wire.ByteString;
import org.mcxkms.mikey.wire.KeyParameters;
import org.mcxkms.mikey.wire.KeyParametersExtension;
import org.mcxkms.mikey.wire.MikeyReader;
import org.mcxkms.testkit.VendorVectors;

/** GENERAL EXTENSION 7 under DPCK, on both vendors' messages (no SAKKE needed: the keys are published). */
class KeyParametersCipherTest {
  private static KeyParametersExtension.Protected ext(String b64) throws Exception {
    return (KeyParametersExtension.Protected) MikeyReader.keyParameters(
        MikeyReader.read(MikeyText.decode(b64)).message().generalExtension(7).orElseThrow());
  }

  @Test
  void decryptsStreamwideAndAlea() throws Exception {
    KeyParameters sw = KeyParametersCipher.open(secret("07d1a1677ac36d8e81620484689b3c2d"), 0x06a12aea, ext(VendorVectors.SW_TEST1_GMK));
    assertThat(H.formatHex(sw.encode())).isEqualTo("00" + "00000001" + "0000000000" + "0000000000" + "0000" + "0001" + "00");
    KeyParameters pck = KeyParametersCipher.open(secret("b4c96b703acd5c1bf7d4cc45068d9965"), 0x16992638, ext(VendorVectors.SW_TEST3_PCK));
    assertThat(H.formatHex(pck.encode())).isEqualTo("01" + "00000001" + "0000000000" + "0000000000" + "0000");
    KeyParameters alea = KeyParametersCipher.open(secret("B1C9D5B7483511820CCFD06B58EF139B"), 0x0c340888, ext(VendorVectors.ALEA_GMK_MSG));
    assertThat(H.formatHex(alea.encode()))
        .isEqualTo("00000000000068d7eafa00ffffffff00000020017b001c7369703a67342e63686174407665726f6e6963612d636c7573746572");
  }

  @Test
  void refusesWrongKeyTamperingAndForeignDppkId() throws Exception {
    KeyParametersExtension.Protected p = ext(VendorVectors.SW_TEST1_GMK);
    SecretBytes gmk = secret("07d1a1677ac36d8e81620484689b3c2d");
    assertThat(assertThrows(MikeyRejectedException.class, () -> KeyParametersCipher.open(secret("00".repeat(16)), 0x06a12aea, p))
        .reason()).isEqualTo(MikeyRejectedException.Reason.KEY_PARAMETERS_INVALID);
    byte[] ct = p.ciphertext().toByteArray();
    ct[3] ^= 1;
    KeyParametersExtension.Protected tampered = new KeyParametersExtension.Protected(p.messageType(), p.dateTime(), p.payloadId(),
        p.sequenceNumber(), p.algorithm(), p.iv(), p.dppkId(), p.payloadIei(), ByteString.of(ct));
    assertThrows(MikeyRejectedException.class, () -> KeyParametersCipher.open(gmk, 0x06a12aea, tampered));
    KeyParametersExtension.Protected otherType = new KeyParametersExtension.Protected(0x40, p.dateTime(), p.payloadId(),
        p.sequenceNumber(), p.algorithm(), p.iv(), p.dppkId(), p.payloadIei(), p.ciphertext());
    assertThrows(MikeyRejectedException.class, () -> KeyParametersCipher.open(gmk, 0x06a12aea, otherType)); // AAD
    assertThrows(MikeyRejectedException.class, () -> KeyParametersCipher.open(gmk, 0x06a12aeb, p));
  }

  @Test
  void sealOpenRoundTripWithFreshIv() throws Exception {
    SecureRandom r = new SecureRandom();
    SecretBytes k = SecretBytes.random(16, r);
    KeyParameters kp = new KeyParameters(2, 1, 5, 6, "text", false, List.of());
    KeyParametersExtension.Protected a = KeyParametersCipher.seal(k, 0x20000001, kp, 0x43, 1, r);
    KeyParametersExtension.Protected b = KeyParametersCipher.seal(k, 0x20000001, kp, 0x43, 1, r);
    assertThat(a.iv()).isNotEqualTo(b.iv());
    assertThat(a.dppkId()).isEqualTo(0x20000001);
    assertThat(a.ciphertext().size()).isEqualTo(kp.encode().length + 16);
    assertThat(KeyParametersCipher.open(k, 0x20000001, a)).isEqualTo(kp);
  }
}

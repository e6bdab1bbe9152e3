package org.mcxkms.media.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** RFC 3711 Appendix B.3: the AES-CM PRF key derivation with a 14-octet master salt. */
class Rfc3711KdfTest {
  private static final HexFormat H = HexFormat.of();
  private static final byte[] MASTER_KEY = H.parseHex("E1F97A0D3E018BE0D64FA32C06DE4139");
  private static final byte[] MASTER_SALT = H.parseHex("0EC675AD498AFEEBB6960B3AABE6");

  @Test
  void appendixB3() {
    assertThat(H.formatHex(SrtpKdf.derive(MASTER_KEY, MASTER_SALT, SrtpKdf.LABEL_RTP_ENCRYPTION, 16)))
        .isEqualToIgnoringCase("C61E7A93744F39EE10734AFE3FF7A087");
    assertThat(H.formatHex(SrtpKdf.derive(MASTER_KEY, MASTER_SALT, SrtpKdf.LABEL_RTP_SALT, 14)))
        .isEqualToIgnoringCase("30CBBC08863D8C85D49DB34A9AE1");
    // 20 octets: the second AES-CM block, so the counter in the low 16 bits is exercised too.
    assertThat(H.formatHex(SrtpKdf.derive(MASTER_KEY, MASTER_SALT, SrtpKdf.LABEL_RTP_AUTH, 20)))
        .isEqualToIgnoringCase("CEBE321F6FF7716B6FD4AB49AF256A156D38BAA4");
  }

  @Test
  void twelveOctetSaltIsZeroPaddedOnTheRight() {
    // A 12-octet salt equals the 14-octet salt with two zero octets appended (libsrtp's reading).
    byte[] salt12 = H.parseHex("0EC675AD498AFEEBB6960B3A");
    byte[] salt14 = H.parseHex("0EC675AD498AFEEBB6960B3A0000");
    for (int label = 0; label < 6; label++) {
      assertThat(SrtpKdf.derive(MASTER_KEY, salt12, label, 16)).isEqualTo(SrtpKdf.derive(MASTER_KEY, salt14, label, 16));
    }
  }
}

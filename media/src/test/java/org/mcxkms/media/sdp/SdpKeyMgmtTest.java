package org.mcxkms.media.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mcxkms.mikey.wire.MikeyReader;

/** RFC 4567 key-mgmt attributes: tolerant reading, strict writing, a real I_MESSAGE through both. */
class SdpKeyMgmtTest {
  /** Streamwide's PCK I_MESSAGE (Test 3 of the vendor vectors the mikey module tests against). */
  private static final String PCK_B64 =
      "ARoFARaZJjgAAQsA7ImNqAAAAAAOEAKii92vmExeBWO8HOhX34MOCAEAILXEUjCSGdpqPYBWFVSNbBsPTeRaa0j7E9miTYV/wD3E"
          + "DgkBACB4CFHNqRqcM/lBzTooMWl+KJMmR1TjY/igzvgn6yAagQ4GAQAYa21zLm15ZGV2LnN0cmVhbXdpZGUuY29tCgcBABhrbXMu"
          + "bXlkZXYuc3RyZWFtd2lkZS5jb20aAAAAGwABBgEBEAIBBAQBDAUBAAYBABIBBBMBABQBEBUBAgERBF0yVtvyB49KhE+ao3Hj8W+g"
          + "NROh57Tk5/9BWa2jNv1YLxYpBxV7206wlv/WHWlzz+NgptVcWgECwaekKAGURuP4TA+dRQpkGvqW8wImX2EF8Zjy+a1pOZMZ3YFA"
          + "YRiYEAAGmOByWKdDDOT0TfgL2pPFXS1CvZ/bZtQL03Q8fL/JInBbnv4dSYiJ9/fkeeqg37yIRsjA3Xfds7k/2o4f0s4NisOs74F2"
          + "xjE12l3/764H+g1y2rAMAWkjaJbS9jbVfZNGDauoRhq8zuXEXH1c5ftqs4VEPeOPmWjAkW1rQe8KxkZbmtrygtNpBIXVeZZEyorz"
          + "D+MyQ2zL9xoGVs8cToze4NOxYt19SOInSpGO5Q0vBAcAREMAAAAAAQAAAAAAAfb0FW9YVClhy8qPsQ5m8WcWmSY4AAAhpTVAAi78"
          + "zLNoUFiVPGjByx4N9U9gccPiQl1eiCiFLm8BIIFAPW9oE9lYM5oS5nQS9bWbJzGv+vWNAh2uUWmyG/OTGMeFzAD0JFMB6zcf7ck7"
          + "GFns2OEPIGGx+7046le+CihyBCbNiwozr5s4HuU+vGhBrtXByY+w0r65x/+Y18eYCNH1ZmWfa3NQFhkt2ZhN9W5U8/lcdqxGOMHz"
          + "0yKPPHUsjMg=";

  private static final String OFFER = "v=0\r\n"
      + "o=alice 2890844526 2890844526 IN IP4 192.0.2.10\r\n"
      + "s=-\r\n"
      + "c=IN IP4 192.0.2.10\r\n"
      + "t=0 0\r\n"
      + "m=audio 49170 RTP/SAVP 8\r\n"
      + "a=rtpmap:8 PCMA/8000\r\n"
      + "m=application 49172 udp MCPTT\r\n"
      + "a=fmtp:MCPTT mc_queueing;mc_priority=5\r\n";

  @Test
  void writtenOfferCarriesARealIMessage() throws Exception {
    byte[] msg = Base64.getDecoder().decode(PCK_B64);
    String sdp = SdpKeyMgmt.addToSession(OFFER, msg);
    assertThat(sdp).contains("t=0 0\r\na=key-mgmt:mikey " + PCK_B64 + "\r\nm=audio");
    assertThat(sdp).endsWith("\r\n").doesNotContain("\n\n");
    List<byte[]> back = SdpKeyMgmt.mikeyMessages(sdp);
    assertThat(back).hasSize(1);
    assertThat(back.get(0)).isEqualTo(msg);
    assertThat(MikeyReader.read(back.get(0))).isNotNull();
  }

  @Test
  void readerToleratesWhatSipStacksSend() throws Exception {
    byte[] msg = Base64.getDecoder().decode(PCK_B64);
    String unpadded = PCK_B64.substring(0, PCK_B64.length() - 1);
    String broken = PCK_B64.substring(0, 40) + " " + PCK_B64.substring(40);
    String sdp = "v=0\n"
        + "s=-\n"
        + "a=tool:something\n"
        + "  a=key-mgmt:  MIKEY\t" + unpadded + "  \n"
        + "\n"
        + "a=key-mgmt:kerberos AAAA\n"
        + "m=audio 49170 RTP/SAVP 8\r\n"
        + "a=key-mgmt:mikey " + broken + "\r\n"
        + "a=sendrecv\r\n"
        + "m=application 1 udp MCPTT\r\n"
        + "a=KEY-MGMT:mikey " + PCK_B64 + "\r";
    List<KeyMgmtAttribute> all = SdpKeyMgmt.read(sdp);
    assertThat(all).extracting(KeyMgmtAttribute::protocolId).containsExactly("mikey", "kerberos", "mikey", "mikey");
    assertThat(all).extracting(KeyMgmtAttribute::mediaIndex).containsExactly(-1, -1, 0, 1);
    assertThat(SdpKeyMgmt.mikeyMessages(sdp)).hasSize(3).allSatisfy(m -> assertThat(m).isEqualTo(msg));
  }

  @Test
  void badMikeyDataIsATypedErrorWithItsLine() {
    assertThatThrownBy(() -> SdpKeyMgmt.read("v=0\r\na=key-mgmt:mikey not*base64!\r\n"))
        .isInstanceOfSatisfying(KeyMgmtParseException.class, e -> assertThat(e.line()).isEqualTo(2));
    assertThatThrownBy(() -> SdpKeyMgmt.read("v=0\r\ns=-\r\na=key-mgmt:mikey\r\n"))
        .isInstanceOfSatisfying(KeyMgmtParseException.class, e -> assertThat(e.line()).isEqualTo(3));
    assertThatThrownBy(() -> SdpKeyMgmt.read("a=key-mgmt:mikey " + "A".repeat(200_000)))
        .isInstanceOf(KeyMgmtParseException.class);
  }

  @Test
  void writerIsStrict() {
    assertThat(SdpKeyMgmt.line(new byte[] {1, 2, 3, 4})).isEqualTo("a=key-mgmt:mikey AQIDBA==");
    assertThatThrownBy(() -> SdpKeyMgmt.line(new byte[0])).isInstanceOf(IllegalArgumentException.class);
    assertThat(SdpKeyMgmt.addToSession("v=0\ns=-\n", new byte[] {9})).isEqualTo("v=0\r\ns=-\r\na=key-mgmt:mikey CQ==\r\n");
  }
}

package org.mcxkms.crypto.uid;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The worked example of TS 33.180 Annex F.2.1.2 (UserIdFormat 2): the exact octets S that are
 * hashed and the UID, as also reproduced by Streamwide's "ts33180_example" unit test and a Go KMS
 * test ("TS 33.180 clause F.2.1.2", base64 form).
 */
class Ts33180F212UidExampleTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final KeyPeriodPolicy POLICY = KeyPeriodPolicy.of(2_592_000, 0);

  @Test
  void hashedOctetsAreLaidOutAsTs33220AnnexB() {
    String s =
        "00"
            + "4d494b45592d53414b4b452d554944" + "000f" // P0 "MIKEY-SAKKE-UID", L0 = 15
            + "7369703a75736572406578616d706c652e6f7267" + "0014" // P1, L1 = 20
            + "6b6d732e6578616d706c652e6f7267" + "000f" // P2, L2 = 15
            + "278d00" + "0003" // P3 = 2592000, minimal length
            + "00" + "0001" // P4 = 0 is one octet
            + "056c" + "0002"; // P5 = 1388
    assertThat(HEX.formatHex(Uid.format2Input("sip:user@example.org", "kms.example.org", POLICY, 1388))).isEqualTo(s);
  }

  @Test
  void uidOfTheExample() {
    Uid uid = Uid.format2("sip:user@example.org", "kms.example.org", POLICY, 1388);
    assertThat(uid.toHex()).isEqualTo("3a81fb14c3b1d0fe43c9c577104d55a6d81788bfd2f09743c4557746a5a0353b");
    assertThat(Base64.getEncoder().encodeToString(uid.toByteArray())).isEqualTo("OoH7FMOx0P5DycV3EE1VptgXiL/S8JdDxFV3RqWgNTs=");
  }

  @Test
  void periodOfTheExampleTime() {
    // TIME = 3599719634 (NTP) = 2014-01-26T10:07:14Z falls in period 1388 of 2592000 s.
    Instant time = Instant.parse("2014-01-26T10:07:14Z");
    assertThat(NtpTime.of(time).seconds()).isEqualTo(3_599_719_634L);
    assertThat(POLICY.periodNumber(time)).isEqualTo(1388);
    assertThat(Uid.format2At("sip:user@example.org", "kms.example.org", POLICY, NtpTime.of(time)).toHex())
        .isEqualTo("3a81fb14c3b1d0fe43c9c577104d55a6d81788bfd2f09743c4557746a5a0353b");
  }

  @Test
  void multiOctetOffsetAndPeriodNumber() {
    // Streamwide UID Test 5, spelled out
    String s =
        "00" + "4d494b45592d53414b4b452d554944" + "000f" + "7369703a75736572406578616d706c652e6f7267" + "0014"
            + "6b6d732e6578616d706c652e6f7267" + "000f" + "018b8200" + "0004" + "02bcaf00" + "0004" + "01372f74" + "0004";
    KeyPeriodPolicy policy = KeyPeriodPolicy.of(25_920_000, 45_920_000);
    assertThat(HEX.formatHex(Uid.format2Input("sip:user@example.org", "kms.example.org", policy, 20_393_844))).isEqualTo(s);
    assertThat(Uid.format2("sip:user@example.org", "kms.example.org", policy, 20_393_844).toHex())
        .isEqualTo("8dc05540167345538475101514f4eabd384abd6ba665782abb312ecaf05934e1");
  }
}

package org.mcxkms.mikey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mcxkms.mikey.Fixtures.*;
import static org.mcxkms.testkit.VendorVectors.*;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mcxkms.crypto.uid.NtpTime;
import org.mcxkms.mikey.wire.IMessage;
import org.mcxkms.mikey.wire.MikeyReader;
import org.mcxkms.mikey.wire.MikeyWriter;
import org.mcxkms.mikey.wire.Payload;
import org.mcxkms.mikey.wire.TimestampPayload;

/**
 * The key period comes from T, and a sender whose clock sits just across a period boundary is still
 * understood: the responder tries the periods next to T's (as Streamwide does; see MikeySakkeResponder).
 */
class AdjacentPeriodTest {
  /** Streamwide Test 3 (period-236 UIDs, signed by Alice) with T moved to {@code ntpSeconds} and re-signed. */
  private static byte[] test3At(long ntpSeconds) throws Exception {
    IMessage m = MikeyReader.read(MikeyText.decode(SW_TEST3_PCK)).message();
    List<Payload> payloads = new ArrayList<>();
    for (Payload p : m.payloads()) {
      payloads.add(p instanceof TimestampPayload ? TimestampPayload.ntpUtc(NtpTime.ofSeconds(ntpSeconds)) : p);
    }
    IMessage moved = MikeyWriter.writeSigned(m.header(), payloads, 2, 129,
        streamwide(SW_ALICE, false).signingKey(SW_PERIOD_NO).orElseThrow().signer(new SecureRandom())::sign);
    return MikeyWriter.write(moved);
  }

  @Test
  void uidsOfThePreviousPeriodAreAccepted() throws Exception {
    long startOf237 = 237L * SW_PERIOD;
    byte[] m = test3At(startOf237 + 10);
    ReceivedKey k = MikeySakkeResponder.builder(streamwide(SW_BOB, true)).clock(clockAtNtp(startOf237 + 11)).build().process(m);
    assertThat(k.period()).isEqualTo(236);
    assertThat(k.keyId()).isEqualTo(0x16992638);
    assertThat(k.senderUid().toHex()).isEqualTo(SW_ALICE.uid());
  }

  @Test
  void uidsTwoPeriodsAwayAreNotThisUser() throws Exception {
    long startOf238 = 238L * SW_PERIOD;
    byte[] m = test3At(startOf238 + 10);
    MikeyRejectedException e = assertThrows(MikeyRejectedException.class,
        () -> MikeySakkeResponder.builder(streamwide(SW_BOB, false)).clock(clockAtNtp(startOf238 + 11)).build().process(m));
    assertThat(e.reason()).isEqualTo(MikeyRejectedException.Reason.NOT_FOR_ME);
  }
}

package org.mcxkms.mikey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mcxkms.mikey.Fixtures.*;
import static org.mcxkms.testkit.VendorVectors.*;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mcxkms.mikey.wire.IMessage;
import org.mcxkms.mikey.wire.IdrPayload;
import org.mcxkms.mikey.wire.MikeyConstants;
import org.mcxkms.mikey.wire.MikeyReader;
import org.mcxkms.mikey.wire.MikeyWriter;
import org.mcxkms.mikey.wire.Payload;

/**
 * Without identity hiding (TS 33.180 5.2.6) IDRi/IDRr carry URIs: the responder then derives the
 * initiator's UID from IDRi for T's key period (or an adjacent one) and checks IDRr is its URI.
 */
class PlainIdentityModeTest {
  private static final long SW_T = 3968437672L;

  /** Streamwide Test 3 with IDRuidi/IDRuidr replaced by IDRi/IDRr URIs, re-signed by Alice. */
  private static byte[] plain(String initiator, String responder) throws Exception {
    IMessage m = MikeyReader.read(MikeyText.decode(SW_TEST3_PCK)).message();
    List<Payload> payloads = new ArrayList<>();
    for (Payload p : m.payloads()) {
      if (p instanceof IdrPayload payload && payload.role() == MikeyConstants.ROLE_IDRUIDI) {
        payloads.add(IdrPayload.uri(MikeyConstants.ROLE_IDRI, initiator));
      } else if (p instanceof IdrPayload payload && payload.role() == MikeyConstants.ROLE_IDRUIDR) {
        payloads.add(IdrPayload.uri(MikeyConstants.ROLE_IDRR, responder));
      } else {
        payloads.add(p);
      }
    }
    return MikeyWriter.write(MikeyWriter.writeSigned(m.header(), payloads, 2, 129,
        streamwide(SW_ALICE, false).signingKey(SW_PERIOD_NO).orElseThrow().signer(new SecureRandom())::sign));
  }

  @Test
  void uriIdentitiesAreAccepted() throws Exception {
    ReceivedKey k = MikeySakkeResponder.builder(streamwide(SW_BOB, true)).clock(clockAtNtp(SW_T)).build()
        .process(plain(SW_ALICE.uri(), SW_BOB.uri()));
    assertThat(k.keyId()).isEqualTo(0x16992638);
    assertThat(k.senderUri()).contains(SW_ALICE.uri());
    assertThat(k.senderUid().toHex()).isEqualTo(SW_ALICE.uid());
  }

  @Test
  void wrongUrisAreRefused() throws Exception {
    MikeySakkeResponder bob = MikeySakkeResponder.builder(streamwide(SW_BOB, false)).clock(clockAtNtp(SW_T)).build();
    assertThat(assertThrows(MikeyRejectedException.class, () -> bob.process(plain(SW_ALICE.uri(), "sip:carol@streamwide.com")))
        .reason()).isEqualTo(MikeyRejectedException.Reason.NOT_FOR_ME);
    // IDRi claims GMS, but Alice signed: no UID of the GMS verifies.
    assertThat(assertThrows(MikeyRejectedException.class, () -> bob.process(plain("gms@streamwide.com", SW_BOB.uri())))
        .reason()).isEqualTo(MikeyRejectedException.Reason.BAD_SIGNATURE);
    assertThat(assertThrows(MikeyRejectedException.class,
        () -> bob.process(plain(SW_ALICE.uri(), SW_BOB.uri()), Optional.of("gms@streamwide.com"))).reason())
        .isEqualTo(MikeyRejectedException.Reason.SENDER_MISMATCH);
  }
}

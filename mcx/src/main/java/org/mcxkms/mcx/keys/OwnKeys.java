package org.mcxkms.mcx.keys;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import org.mcxkms.crypto.SecretBytes;
import org.mcxkms.crypto.uid.NtpTime;
import org.mcxkms.mikey.CreatedIMessage;
import org.mcxkms.mikey.KeyPurpose;
import org.mcxkms.mikey.ReceivedKey;
import org.mcxkms.mikey.UserKeyRing;
import org.mcxkms.mikey.wire.IMessage;

/**
 * The initiator's side of a key it sent: the same key, ID, CSB ID, RAND and CS ID map the
 * receiver will hold after processing the I_MESSAGE, so that both ends key SRTP/SRTCP through the
 * one TS 33.180 7.4 derivation (the caller of a private call, a client after its CSK upload).
 */
public final class OwnKeys {
  private OwnKeys() {}

  /** The key {@code sender} distributed in {@code sent}, as the media layer takes it. */
  public static ReceivedKey of(CreatedIMessage sent, SecretBytes key, KeyPurpose purpose, int keyId, UserKeyRing sender) {
    if (purpose.usesGukId()) {
      throw new IllegalArgumentException("a GMK is held per member (GUK-ID); take it from the member's I_MESSAGE");
    }
    IMessage m = sent.message();
    NtpTime t = m.timestamp().orElseThrow().time(Instant.now());
    long period = sender.kms().periodPolicy().periodNumber(t);
    return new ReceivedKey(purpose, key, keyId, m.header().csbId(), OptionalInt.empty(), m.rand().orElseThrow().rand(),
        m.header().csIdMap(), m.securityPolicies(), t, sender.kms().uid(sender.uri(), period), Optional.of(sender.uri()),
        sender.kms().kmsUri(), period, Optional.empty(), false, false);
  }
}

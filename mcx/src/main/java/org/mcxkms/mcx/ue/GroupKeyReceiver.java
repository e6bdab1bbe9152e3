package org.mcxkms.mcx.ue;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.mcxkms.mikey.KeyPurpose;
import org.mcxkms.mikey.KeyStatusRule;
import org.mcxkms.mikey.KmsDirectory;
import org.mcxkms.mikey.MikeyException;
import org.mcxkms.mikey.MikeyRejectedException;
import org.mcxkms.mikey.MikeySakkeResponder;
import org.mcxkms.mikey.ReceivedKey;
import org.mcxkms.mikey.UserKeyRing;
import org.mcxkms.mikey.wire.KeyParameters;

/**
 * The checks every receiver of group keys makes (a UE, or the MCX server in the security
 * context): the I_MESSAGE verifies under one of the configured GMS identities and is for us,
 * fresh and not replayed (TS 33.180 5.2.4, 5.7); it carries a GMK or MKFC with key parameters
 * naming the group it was delivered for; it has not expired. A revoked status is reported, not
 * refused, so that the caller can drop a key it holds; the caller refuses it otherwise.
 */
public final class GroupKeyReceiver {
  private final MikeySakkeResponder responder;
  private final List<String> trustedGms;
  private final Clock clock;

  public GroupKeyReceiver(UserKeyRing ring, KmsDirectory directory, List<String> trustedGms, Clock clock) {
    if (trustedGms.isEmpty()) {
      throw new IllegalArgumentException("at least one GMS identity to accept group keys from");
    }
    this.responder = MikeySakkeResponder.builder(ring).clock(clock).kmsDirectory(directory)
        .keyStatusRule(KeyStatusRule.IGNORE_STATUS).build();
    this.trustedGms = List.copyOf(trustedGms);
    this.clock = clock;
  }

  /** A key that passed the checks; {@code revoked} if its status says so (E.6.9). */
  public record Checked(ReceivedKey key, KeyParameters parameters, Instant activation, Instant expiry, boolean revoked) {}

  public Checked receive(String groupId, byte[] imessage) throws KeyRefusedException {
    ReceivedKey k = fromGms(imessage);
    try {
      if (k.purpose() != KeyPurpose.GMK && k.purpose() != KeyPurpose.MKFC) {
        throw new KeyRefusedException(KeyRefusedException.Reason.INVALID, "a " + k.purpose() + " from the GMS");
      }
      KeyParameters p = k.keyParameters().orElseThrow(() ->
          new KeyRefusedException(KeyRefusedException.Reason.INVALID, "a group key without key parameters"));
      if (p.groupIds().stream().noneMatch(g -> g.valueAsString().equals(groupId))) {
        throw new KeyRefusedException(KeyRefusedException.Reason.WRONG_GROUP,
            String.format("key %08x does not name group %s", k.keyId(), groupId));
      }
      Instant activation = Instant.ofEpochSecond(p.activationTime());
      Instant expiry = p.expiryTime() == 0 ? Instant.MAX : Instant.ofEpochSecond(p.expiryTime());
      boolean revoked = KeyStatusRule.NOT_REVOKED_FLAG.revoked(p);
      if (!revoked && !clock.instant().isBefore(expiry)) {
        throw new KeyRefusedException(KeyRefusedException.Reason.EXPIRED,
            String.format("key %08x expired at %s", k.keyId(), expiry));
      }
      return new Checked(k, p, activation, expiry, revoked);
    } catch (KeyRefusedException | RuntimeException e) {
      k.key().destroy();
      throw e;
    }
  }

  private ReceivedKey fromGms(byte[] imessage) throws KeyRefusedException {
    MikeyRejectedException last = null;
    for (String gms : trustedGms) {
      try {
        return responder.process(imessage, Optional.of(gms));
      } catch (MikeyRejectedException e) {
        if (e.reason() != MikeyRejectedException.Reason.SENDER_MISMATCH) {
          throw new KeyRefusedException(KeyRefusedException.of(e), e.getMessage(), e);
        }
        last = e;
      } catch (MikeyException e) {
        throw new KeyRefusedException(KeyRefusedException.Reason.INVALID, e.getMessage(), e);
      } catch (RuntimeException e) {
        throw new KeyRefusedException(KeyRefusedException.Reason.INVALID, "unreadable I_MESSAGE", e);
      }
    }
    throw new KeyRefusedException(KeyRefusedException.Reason.NOT_FROM_TRUSTED_SENDER,
        "not signed by a configured GMS " + trustedGms, last);
  }
}

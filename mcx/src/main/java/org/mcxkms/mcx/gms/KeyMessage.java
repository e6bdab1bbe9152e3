package org.mcxkms.mcx.gms;

import java.util.Arrays;
import java.util.Objects;
import org.mcxkms.mikey.KeyPurpose;

/**
 * One key message the GMS hands to delivery: a signed MIKEY-SAKKE I_MESSAGE for one recipient
 * (a member, or the MCX server when it is in the security context), with the group it is for.
 * It holds no key in the clear.
 *
 * @param keyId the GMK-ID or MKFC-ID the message carries (not secret; the recipient learns it too)
 */
public record KeyMessage(String recipient, String groupId, KeyPurpose purpose, int keyId, byte[] imessage) {
  public KeyMessage {
    Objects.requireNonNull(recipient, "recipient");
    Objects.requireNonNull(groupId, "groupId");
    Objects.requireNonNull(purpose, "purpose");
    imessage = imessage.clone();
  }

  @Override
  public byte[] imessage() {
    return imessage.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyMessage k && k.recipient.equals(recipient) && k.groupId.equals(groupId)
        && Arrays.equals(k.imessage, imessage);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(imessage);
  }

  @Override
  public String toString() {
    return "KeyMessage[" + purpose + " " + String.format("%08x", keyId) + " of " + groupId + " to " + recipient + ", "
        + imessage.length + " octets]";
  }
}

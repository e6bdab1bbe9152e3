package org.mcxkms.mikey;

import java.util.Arrays;
import java.util.Objects;
import org.mcxkms.mikey.wire.IMessage;

/** An I_MESSAGE built and signed by {@link MikeySakkeInitiator}: its content and its octets. */
public record CreatedIMessage(IMessage message, byte[] encoded) {
  public CreatedIMessage {
    Objects.requireNonNull(message, "message");
    encoded = encoded.clone();
  }

  @Override
  public byte[] encoded() {
    return encoded.clone();
  }

  /** {@code "mikey " + base64}, the form SIP/SDP carries. */
  public String toText() {
    return MikeyText.encode(encoded);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CreatedIMessage other && Arrays.equals(encoded, other.encoded);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encoded);
  }

  @Override
  public String toString() {
    return "CreatedIMessage[" + encoded.length + " octets, CSB " + String.format("%08x", message.header().csbId()) + "]";
  }
}

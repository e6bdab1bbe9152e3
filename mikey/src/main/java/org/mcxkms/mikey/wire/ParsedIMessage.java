package org.mcxkms.mikey.wire;

import java.util.Arrays;
import java.util.Objects;

/**
 * An I_MESSAGE as received: its content and the exact octets, which the signature covers.
 *
 * @param signatureOffset offset of the signature value, i.e. just after the 2-octet SIGN
 *     type/length field
 */
public record ParsedIMessage(IMessage message, ByteString encoded, int signatureOffset) {
  public ParsedIMessage {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(encoded, "encoded");
    if (signatureOffset < 2 || signatureOffset > encoded.size()) {
      throw new IllegalArgumentException("signature offset outside the message");
    }
  }

  /**
   * The octets the ECCSI signature covers: from the first octet of HDR up to and including the
   * S type/signature length field of SIGN (RFC 3830 5.2, as every deployed implementation signs;
   * verified on all vendor vectors).
   */
  public byte[] signedOctets() {
    return Arrays.copyOf(encoded.internalArray(), signatureOffset);
  }

  /**
   * The known vendor variant that also leaves out the 2-octet SIGN header (old Alea/Softil
   * versions, per Streamwide's receiver). Accepted on receipt only; never produced.
   */
  public byte[] signedOctetsWithoutSignHeader() {
    return Arrays.copyOf(encoded.internalArray(), signatureOffset - 2);
  }
}

package org.mcxkms.mikey.wire;

/**
 * RAND (RFC 3830 6.11). An input to the SRTP key derivation, so it travels with the key.
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ! next payload  ! RAND len      ! RAND                          ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public record RandPayload(ByteString rand) implements Payload {
  public RandPayload {
    Checks.maxLength(rand, 0xFF, "RAND");
  }

  @Override
  public int payloadType() {
    return MikeyConstants.PT_RAND;
  }
}

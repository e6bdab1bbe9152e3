package org.mcxkms.mikey.wire;

/**
 * GENERAL EXTENSION (RFC 3830 6.15). TS 33.180 uses type 6 (SAKKE-to-self, E.5) and type 7
 * (3GPP key parameters, E.6); see {@link SakkeToSelf} and {@link KeyParametersExtension}.
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ! next payload  !    Type       !           Length              !
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ! Data                                                          ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public record GeneralExtensionPayload(int extensionType, ByteString data) implements Payload {
  public GeneralExtensionPayload {
    Checks.u8(extensionType, "Type");
    Checks.maxLength(data, 0xFFFF, "Data");
  }

  @Override
  public int payloadType() {
    return MikeyConstants.PT_GENERAL_EXTENSION;
  }
}

package org.mcxkms.mikey.wire;

/**
 * SAKKE (RFC 6509 4.2): the SAKKE Encapsulated Data of the distributed key to the responder's UID.
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ! next payload  ! SAKKE params  ! ID scheme     ! SAKKE data    ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~ length (cont) ! SAKKE data (04 || Rx || Ry || H, 273 octets)  ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public record SakkePayload(int sakkeParams, int idScheme, ByteString data) implements Payload {
  public SakkePayload {
    Checks.u8(sakkeParams, "SAKKE params");
    Checks.u8(idScheme, "ID scheme");
    Checks.maxLength(data, 0xFFFF, "SAKKE data");
  }

  /** Parameter Set 1, ID scheme 2 (3GPP MCX hashed UID), as TS 33.180 requires. */
  public static SakkePayload uidScheme(byte[] encapsulatedData) {
    return new SakkePayload(
        MikeyConstants.SAKKE_PARAMETER_SET_1, MikeyConstants.SAKKE_ID_SCHEME_UID, ByteString.of(encapsulatedData));
  }

  @Override
  public int payloadType() {
    return MikeyConstants.PT_SAKKE;
  }
}

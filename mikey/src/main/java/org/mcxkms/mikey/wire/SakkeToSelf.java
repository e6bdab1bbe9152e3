package org.mcxkms.mikey.wire;

/**
 * The data of GENERAL EXTENSION type 6, SAKKE-to-self (TS 33.180 E.5): a complete SAKKE payload
 * that encapsulates the same key to the initiator's own UID, so that the initiator's other devices
 * can recover it. Its own next-payload octet is written 0 and ignored on input.
 */
public final class SakkeToSelf {
  private SakkeToSelf() {}

  /** The general extension carrying {@code sakke}. */
  public static GeneralExtensionPayload encode(SakkePayload sakke) {
    byte[] out = new byte[5 + sakke.data().size()];
    out[0] = 0; // next payload of the embedded payload: unused
    out[1] = (byte) sakke.sakkeParams();
    out[2] = (byte) sakke.idScheme();
    out[3] = (byte) (sakke.data().size() >>> 8);
    out[4] = (byte) sakke.data().size();
    System.arraycopy(sakke.data().internalArray(), 0, out, 5, sakke.data().size());
    return new GeneralExtensionPayload(MikeyConstants.EXT_SAKKE_TO_SELF, ByteString.adopt(out));
  }

  /**
   * Parses the embedded SAKKE payload.
   *
   * @param dataOffset offset of the extension data in the message, for error positions
   */
  public static SakkePayload decode(ByteString data, int dataOffset) throws MikeyParseException {
    String p = "GENERAL EXTENSION (SAKKE-to-self)";
    if (data.size() < 5) {
      throw new MikeyParseException(p, "embedded SAKKE header", dataOffset, "needs 5 octets, extension has " + data.size());
    }
    int params = data.getByte(1) & 0xFF;
    int scheme = data.getByte(2) & 0xFF;
    int len = ((data.getByte(3) & 0xFF) << 8) | (data.getByte(4) & 0xFF);
    MikeyReader.checkSakkeFields(p, params, scheme, len, dataOffset + 1);
    if (5 + len != data.size()) {
      throw new MikeyParseException(
          p, "SAKKE data length", dataOffset + 3, "says " + len + " octets but the extension holds " + (data.size() - 5));
    }
    return new SakkePayload(params, scheme, ByteString.of(data.internalArray(), 5, len));
  }
}

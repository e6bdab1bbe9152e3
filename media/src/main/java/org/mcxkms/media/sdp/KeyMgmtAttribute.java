package org.mcxkms.media.sdp;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * One {@code a=key-mgmt} attribute of RFC 4567 3.1: {@code a=key-mgmt:<prtcl-id> <keymgmt-data>},
 * the data base64-encoded (RFC 4648 4). For MIKEY the protocol ID is {@code mikey} and the data an
 * I_MESSAGE (for TS 33.180 a MIKEY-SAKKE I_MESSAGE carrying a PCK or a CSK).
 *
 * @param protocolId the protocol identifier, lower case
 * @param data the decoded key management data
 * @param mediaIndex -1 at session level, else the 0-based index of the m= section it belongs to
 */
public record KeyMgmtAttribute(String protocolId, byte[] data, int mediaIndex) {
  public static final String MIKEY = "mikey";

  public KeyMgmtAttribute {
    Objects.requireNonNull(protocolId, "protocolId");
    protocolId = protocolId.toLowerCase(Locale.ROOT);
    data = data.clone();
    if (mediaIndex < -1) {
      throw new IllegalArgumentException("media index " + mediaIndex);
    }
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  public boolean isMikey() {
    return MIKEY.equals(protocolId);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyMgmtAttribute k && k.protocolId.equals(protocolId) && Arrays.equals(k.data, data)
        && k.mediaIndex == mediaIndex;
  }

  @Override
  public int hashCode() {
    return protocolId.hashCode() * 31 + Arrays.hashCode(data) + mediaIndex;
  }

  @Override
  public String toString() {
    return "KeyMgmtAttribute[" + protocolId + ", " + data.length + " octets, media " + mediaIndex + "]";
  }
}

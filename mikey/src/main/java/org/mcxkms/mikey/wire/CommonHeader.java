package org.mcxkms.mikey.wire;

import java.util.Objects;

/**
 * HDR, the common header (RFC 3830 6.1, RFC 6509 4.1, TS 33.180 E.1.2).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * !  version      !  data type    ! next payload  !V! PRF func    !
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * !                         CSB ID                                !
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ! #CS           ! CS ID map type! CS ID map info                ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * @param csbId the CSB ID: GUK-ID for a GMK, otherwise the key ID (TS 33.180 E.1.2)
 * @param verifyRequested the V bit; TS 33.179 E.1.1 says it shall not be set
 */
public record CommonHeader(int version, int dataType, boolean verifyRequested, int prfFunc, int csbId, CsIdMap csIdMap) {
  public CommonHeader {
    Checks.u8(version, "version");
    Checks.u8(dataType, "data type");
    if (prfFunc < 0 || prfFunc > 0x7F) {
      throw new IllegalArgumentException("PRF func has 7 bits: " + prfFunc);
    }
    Objects.requireNonNull(csIdMap, "csIdMap");
  }

  /** The header of a TS 33.180 SAKKE I_MESSAGE: version 1, data type 26, V = 0, PRF-HMAC-SHA-256. */
  public static CommonHeader sakkeIMessage(int csbId, CsIdMap map) {
    return new CommonHeader(
        MikeyConstants.VERSION, MikeyConstants.DATA_TYPE_SAKKE_I_MESSAGE, false, MikeyConstants.PRF_HMAC_SHA_256, csbId, map);
  }
}

package org.mcxkms.mikey.wire;

import java.nio.charset.StandardCharsets;

/**
 * IDR, the identity payload with role (RFC 6043 6.6; roles 6/7 from RFC 6509, 8/9 from TS 33.180
 * E.7). Both vendors send ID type 1 (URI) even when the data is a 32-octet UID.
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ! next payload  !   ID Role     !   ID Type     !   ID len      ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~ ID len (cont) ! ID Data                                       ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public record IdrPayload(int role, int idType, ByteString data) implements Payload {
  public IdrPayload {
    Checks.u8(role, "ID Role");
    Checks.u8(idType, "ID Type");
    Checks.maxLength(data, 0xFFFF, "ID Data");
  }

  /** An IDR of ID type URI carrying {@code uri} in UTF-8 (IDRi, IDRr, IDRkmsi, IDRkmsr). */
  public static IdrPayload uri(int role, String uri) {
    return new IdrPayload(role, MikeyConstants.ID_TYPE_URI, ByteString.of(uri.getBytes(StandardCharsets.UTF_8)));
  }

  /** The data as UTF-8 text (for URIs). */
  public String dataAsString() {
    return new String(data.internalArray(), StandardCharsets.UTF_8);
  }

  @Override
  public int payloadType() {
    return MikeyConstants.PT_IDR;
  }
}

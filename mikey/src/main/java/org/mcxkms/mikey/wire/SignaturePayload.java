package org.mcxkms.mikey.wire;

/**
 * SIGN, always last (RFC 3830 6.5, RFC 6509 4.3): for ECCSI, S type 2 and the 129-octet
 * signature {@code r || s || PVT}.
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ! S type| Signature len (12 bits)| Signature                    ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public record SignaturePayload(int signatureType, ByteString signature) {
  public SignaturePayload {
    if (signatureType < 0 || signatureType > 0xF) {
      throw new IllegalArgumentException("S type has 4 bits: " + signatureType);
    }
    Checks.maxLength(signature, 0xFFF, "Signature");
  }

  public static SignaturePayload eccsi(byte[] signature) {
    return new SignaturePayload(MikeyConstants.SIGN_ECCSI, ByteString.of(signature));
  }
}

package org.mcxkms.mikey.wire;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * The data of GENERAL EXTENSION type 7, "3GPP key parameters" (TS 33.180 E.6.1): an MCData
 * protected payload (TS 33.180 8.5.4) whose payload is the {@link KeyParameters} content encrypted
 * under DPCK. Two variants are read: the protected form both vendors send today, and Streamwide's
 * legacy plaintext form (message type 1-3), which is accepted on input only.
 */
public sealed interface KeyParametersExtension permits KeyParametersExtension.Protected, KeyParametersExtension.Legacy {
  String PAYLOAD = "GENERAL EXTENSION (key parameters)";
  /** Octets covered by the AEAD associated data: message type .. DPPK-ID. */
  int AAD_LENGTH = 32;
  int IV_LENGTH = 16;
  int TAG_LENGTH = 16;
  /** Payload algorithm AEAD_AES_128_GCM (MCData numbering; UNCONFIRMED beyond the value 1). */
  int ALGORITHM_AES_128_GCM = 1;
  /** Message type Streamwide writes (TS 24.282 message type; exact value UNCONFIRMED, Alea: 0x40). */
  int MESSAGE_TYPE_STREAMWIDE = 0x43;

  GeneralExtensionPayload toGeneralExtension();

  /**
   * The protected payload as observed from Streamwide and Alea.
   *
   * <pre>
   * msg type (1) | date/time (5) | payload ID (4) | payload seq (1) | payload algo (1) | IV (16)
   *   | DPPK-ID (4) | payload IEI (1) | payload len (2) | ciphertext || tag
   * AEAD: AES-128-GCM, key DPCK, nonce = IV (16 octets), AAD = msg type .. DPPK-ID (32 octets)
   * </pre>
   */
  record Protected(
      int messageType, long dateTime, long payloadId, int sequenceNumber, int algorithm, ByteString iv, int dppkId,
      int payloadIei, ByteString ciphertext)
      implements KeyParametersExtension {
    public Protected {
      Checks.u8(messageType, "message type");
      if (dateTime < 0 || dateTime > 0xFF_FFFF_FFFFL) {
        throw new IllegalArgumentException("date/time has 40 bits");
      }
      if (payloadId < 0 || payloadId > 0xFFFF_FFFFL) {
        throw new IllegalArgumentException("payload ID has 32 bits");
      }
      Checks.u8(sequenceNumber, "payload sequence number");
      Checks.u8(algorithm, "payload algorithm");
      if (iv.size() != IV_LENGTH) {
        throw new IllegalArgumentException("the IV has 16 octets");
      }
      Checks.u8(payloadIei, "payload IEI");
      Checks.maxLength(ciphertext, 0xFFFF - 35, "ciphertext");
    }

    /** The associated data: the first 32 octets of the structure. */
    public byte[] associatedData() {
      return Arrays.copyOf(header(), AAD_LENGTH);
    }

    private byte[] header() {
      ByteArrayOutputStream out = new ByteArrayOutputStream(35 + ciphertext.size());
      out.write(messageType);
      Octets.writeUnsigned(out, dateTime, 5);
      Octets.writeUnsigned(out, payloadId, 4);
      out.write(sequenceNumber);
      out.write(algorithm);
      out.writeBytes(iv.internalArray());
      Octets.writeUnsigned(out, dppkId & 0xFFFF_FFFFL, 4);
      out.write(payloadIei);
      Octets.writeUnsigned(out, ciphertext.size(), 2);
      out.writeBytes(ciphertext.internalArray());
      return out.toByteArray();
    }

    @Override
    public GeneralExtensionPayload toGeneralExtension() {
      return new GeneralExtensionPayload(MikeyConstants.EXT_KEY_PARAMETERS, ByteString.adopt(header()));
    }
  }

  /**
   * Streamwide's legacy plaintext form (before its 1.1.13/2.0.2 releases): {@code key type + 1}
   * (1 GMK, 2 PCK, 3 CSK) followed by Status, Activation Time, Expiry Time and Text. Accepted on
   * input only; it is unauthenticated beyond the message signature and carries no proof that the
   * sender knew the key.
   */
  record Legacy(int legacyType, KeyParameters parameters) implements KeyParametersExtension {
    public Legacy {
      if (legacyType < 1 || legacyType > 3) {
        throw new IllegalArgumentException("legacy type is 1..3");
      }
    }

    @Override
    public GeneralExtensionPayload toGeneralExtension() {
      byte[] p = parameters.encode();
      p[0] = (byte) legacyType;
      return new GeneralExtensionPayload(MikeyConstants.EXT_KEY_PARAMETERS, ByteString.adopt(p));
    }
  }

  /**
   * Parses the extension data.
   *
   * @param dataOffset offset of the extension data in the message, for error positions
   */
  static KeyParametersExtension decode(ByteString data, int dataOffset) throws MikeyParseException {
    byte[] d = data.internalArray();
    if (d.length == 0) {
      throw new MikeyParseException(PAYLOAD, "message type", dataOffset, "the extension is empty");
    }
    int type = d[0] & 0xFF;
    if (type >= 1 && type <= 3) {
      byte[] copy = d.clone();
      copy[0] = (byte) (type - 1);
      KeyParameters kp = KeyParameters.decode(copy, dataOffset);
      if (kp.groupIdsPresent()) {
        throw new MikeyParseException(PAYLOAD, "legacy parameters", dataOffset, "the legacy form carries no group IDs");
      }
      return new Legacy(type, kp);
    }
    Cursor c = Cursor.of(d, dataOffset, PAYLOAD);
    int msgType = c.u8("message type");
    long dateTime = c.uN(5, "date/time");
    long payloadId = c.u32("payload ID") & 0xFFFF_FFFFL;
    int seq = c.u8("payload sequence number");
    int algoOffset = c.position();
    int algo = c.u8("payload algorithm");
    if (algo != ALGORITHM_AES_128_GCM) {
      throw new MikeyParseException(PAYLOAD, "payload algorithm", algoOffset, "unsupported value " + algo + " (only 1, AEAD_AES_128_GCM)");
    }
    ByteString iv = c.bytes(IV_LENGTH, "IV");
    int dppkId = c.u32("DPPK-ID");
    int iei = c.u8("payload IEI");
    int lenOffset = c.position();
    int len = c.u16("payload length");
    if (len != c.remaining()) {
      throw new MikeyParseException(PAYLOAD, "payload length", lenOffset, "says " + len + " octets but " + c.remaining() + " follow");
    }
    if (len < TAG_LENGTH) {
      throw new MikeyParseException(PAYLOAD, "payload length", lenOffset, "shorter than the 16-octet GCM tag");
    }
    ByteString ct = c.bytes(len, "ciphertext");
    return new Protected(msgType, dateTime, payloadId, seq, algo, iv, dppkId, iei, ct);
  }
}

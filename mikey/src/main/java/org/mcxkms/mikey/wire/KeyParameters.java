package org.mcxkms.mikey.wire;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The Key Parameters content of GENERAL EXTENSION type 7 (TS 33.180 E.6.1), as both deployed
 * implementations put it inside the protected payload: the content only, without the "IEI +
 * length" wrapper the text mentions.
 *
 * <pre>
 * Key Type (1) | Status (4) | Activation Time (5) | Expiry Time (5) | Text (LV-E: 2 + n)
 *   [ | MC Group IDs (LV-E: 2 + n) = number (1) { | IEI (1) | length (2) | group ID }* ]
 * </pre>
 *
 * Group IDs are present for GMK, MKFC and MuSiK only (E.6.1 table). UNCONFIRMED (TS 33.180 E.6):
 * the meaning of the Status bits, the epoch of the two times and the group-ID IEI (Alea: 0x7b).
 *
 * @param keyType the E.6.11 key type; the same numbering as the K-ID purpose tag
 * @param status 32-bit status field (see {@code KeyStatusRule} for how revocation is read)
 * @param groupIdsPresent whether the MC Group IDs element is present (it may be present and empty)
 */
public record KeyParameters(
    int keyType, long status, long activationTime, long expiryTime, String text, boolean groupIdsPresent, List<GroupId> groupIds) {
  public KeyParameters {
    Checks.u8(keyType, "Key Type");
    if (status < 0 || status > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("Status has 32 bits");
    }
    if (activationTime < 0 || activationTime > 0xFF_FFFF_FFFFL || expiryTime < 0 || expiryTime > 0xFF_FFFF_FFFFL) {
      throw new IllegalArgumentException("activation and expiry times have 40 bits");
    }
    if (text.getBytes(StandardCharsets.UTF_8).length > 0xFFFF) {
      throw new IllegalArgumentException("Text longer than 65535 octets");
    }
    groupIds = List.copyOf(groupIds);
    if (!groupIdsPresent && !groupIds.isEmpty()) {
      throw new IllegalArgumentException("group IDs given but marked absent");
    }
    if (groupIds.size() > 255) {
      throw new IllegalArgumentException("at most 255 group IDs");
    }
  }

  /** One MC group ID: {@code IEI (1) | length (2) | value} (TS 24.282 15.2.14). */
  public record GroupId(int iei, ByteString value) {
    public GroupId {
      Checks.u8(iei, "group ID IEI");
      Checks.maxLength(value, 0xFFFF, "group ID");
    }

    public String valueAsString() {
      return new String(value.internalArray(), StandardCharsets.UTF_8);
    }
  }

  public byte[] encode() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(32);
    out.write(keyType);
    Octets.writeUnsigned(out, status, 4);
    Octets.writeUnsigned(out, activationTime, 5);
    Octets.writeUnsigned(out, expiryTime, 5);
    byte[] t = text.getBytes(StandardCharsets.UTF_8);
    Octets.writeUnsigned(out, t.length, 2);
    out.writeBytes(t);
    if (groupIdsPresent) {
      ByteArrayOutputStream g = new ByteArrayOutputStream();
      g.write(groupIds.size());
      for (GroupId id : groupIds) {
        g.write(id.iei());
        Octets.writeUnsigned(g, id.value().size(), 2);
        g.writeBytes(id.value().internalArray());
      }
      if (g.size() > 0xFFFF) {
        throw new IllegalArgumentException("MC Group IDs longer than 65535 octets");
      }
      Octets.writeUnsigned(out, g.size(), 2);
      out.writeBytes(g.toByteArray());
    }
    return out.toByteArray();
  }

  /**
   * Parses the content, consuming it exactly.
   *
   * @param baseOffset where {@code content} starts in the message (for error positions; for
   *     decrypted content, the offset of the ciphertext)
   */
  public static KeyParameters decode(byte[] content, int baseOffset) throws MikeyParseException {
    Cursor c = Cursor.of(content, baseOffset, "GENERAL EXTENSION (key parameters)");
    int type = c.u8("Key Type");
    long status = c.u32("Status") & 0xFFFF_FFFFL;
    long act = c.uN(5, "Activation Time");
    long exp = c.uN(5, "Expiry Time");
    int textLen = c.u16("Text length");
    String text = c.utf8(textLen, "Text");
    if (c.exhausted()) {
      return new KeyParameters(type, status, act, exp, text, false, List.of());
    }
    int groupLen = c.u16("MC Group IDs length");
    int groupStart = c.position();
    c.require(groupLen, "MC Group IDs");
    if (groupLen < 1) {
      throw c.error("MC Group IDs length", groupStart - 2, "must hold at least the number of group IDs");
    }
    int n = c.u8("number of group IDs");
    List<GroupId> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int iei = c.u8("group ID IEI");
      int len = c.u16("group ID length");
      ids.add(new GroupId(iei, c.bytes(len, "group ID")));
    }
    if (c.position() != groupStart + groupLen) {
      throw c.error("MC Group IDs length", groupStart - 2, "says " + groupLen + " octets but the group IDs take " + (c.position() - groupStart));
    }
    c.requireExhausted("Key Parameters");
    return new KeyParameters(type, status, act, exp, text, true, ids);
  }
}

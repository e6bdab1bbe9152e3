package org.mcxkms.mikey.wire;

import static org.mcxkms.mikey.wire.MikeyConstants.*;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.mcxkms.crypto.uid.Uid;

/**
 * Reads a MIKEY-SAKKE I_MESSAGE (RFC 3830 6, RFC 6043, RFC 6509, TS 33.180 Annex E) strictly.
 *
 * <p>Every length is checked against the octets that exist (and the message against
 * {@link MikeyConstants#MAX_MESSAGE_LENGTH}) before anything is read or allocated. The first
 * problem found is reported as a {@link MikeyParseException} naming the payload, the field and its
 * offset.
 *
 * <p><b>Unknown payloads.</b> RFC 3830 gives its payloads no common length field: the length of a
 * payload can only be found by understanding its type, so a receiver cannot step over a payload
 * type it does not know and must drop the message (RFC 3830 6 chains payloads only through "next
 * payload"). We therefore reject (1) any next-payload value we do not parse, naming it; (2) the
 * RFC 3830 payloads that a SAKKE I_MESSAGE (RFC 6509 2.1) does not contain (KEMAC, PKE, DH, ID,
 * CERT, CHASH, V, ERR, Key data); (3) inside payloads, every value whose meaning we do not know and
 * that changes how the message must be handled ("critical content"): version, data type, PRF, CS
 * ID map type, protocol type, TS type, ID role, ID type, SAKKE params and ID scheme, S type, and
 * the general extension types other than 0 (vendor ID) and 1 (SDP IDs), which are informative and
 * skipped, and 6/7, which TS 33.180 defines. A general extension has its own length, so skipping an
 * unknown one would be possible; we still refuse it because TS 33.180 defines no optional ones and
 * an extension we cannot interpret may restrict the key. Security policy parameters are
 * type-length-value and are kept whatever their type; the responder applies the ones it knows.
 *
 * <p>The HDR V bit (verification message requested) is read and exposed but not acted on: TS 33.179
 * E.1.1 says it shall not be set for this one-to-many distribution, and no response is sent.
 *
 * <p>Structure: HDR first, SIGN last and nothing after it; exactly one T, RAND and SAKKE; IDR roles,
 * SP policy numbers and general extension types 6 and 7 at most once each. Payload order in
 * between is free (receivers follow the chain; Streamwide and Alea order GENERAL EXTENSION 7
 * differently).
 */
public final class MikeyReader {
  private MikeyReader() {}

  /** Parses a complete I_MESSAGE; trailing octets are an error. */
  public static ParsedIMessage read(byte[] message) throws MikeyParseException {
    if (message.length > MAX_MESSAGE_LENGTH) {
      throw new MikeyParseException("HDR", "message length", 0, message.length + " octets exceed the maximum of " + MAX_MESSAGE_LENGTH);
    }
    return parse(Cursor.ofMessage(message, MAX_MESSAGE_LENGTH));
  }

  /**
   * Parses an I_MESSAGE from {@code in}, which may deliver it in pieces of any size; reads until the
   * end of SIGN and then requires the end of the stream.
   */
  public static ParsedIMessage read(InputStream in) throws MikeyParseException, IOException {
    try {
      return parse(Cursor.of(in, MAX_MESSAGE_LENGTH));
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static ParsedIMessage parse(Cursor c) throws MikeyParseException {
    c.payload("HDR");
    int[] first = new int[1];
    CommonHeader hdr = readHeader(c, first);
    int next = first[0];
    int nextAt = 2; // offset of the next-payload octet that announces the current payload
    List<Payload> payloads = new ArrayList<>();
    Set<Integer> roles = new HashSet<>();
    Set<Integer> policies = new HashSet<>();
    Set<Integer> extensions = new HashSet<>();
    boolean haveT = false;
    boolean haveRand = false;
    boolean haveSakke = false;
    while (next != PT_SIGN) {
      int start = c.position();
      c.payload(payloadName(next));
      int following = -1;
      int followingAt = start;
      if (isChainPayload(next)) {
        following = c.u8("next payload");
      }
      Payload p;
      switch (next) {
        case PT_T:
          if (haveT) {
            throw c.error("payload", start, "a second T payload");
          }
          haveT = true;
          p = readT(c);
          break;
        case PT_RAND:
          if (haveRand) {
            throw c.error("payload", start, "a second RAND payload");
          }
          haveRand = true;
          p = readRand(c);
          break;
        case PT_IDR:
          IdrPayload idr = readIdr(c);
          if (!roles.add(idr.role())) {
            throw c.error("ID Role", start + 1, "a second IDR with role " + idr.role());
          }
          p = idr;
          break;
        case PT_SP:
          SecurityPolicyPayload sp = readSp(c);
          if (!policies.add(sp.policyNo())) {
            throw c.error("Policy no", start + 1, "a second SP with policy number " + sp.policyNo());
          }
          p = sp;
          break;
        case PT_SAKKE:
          if (haveSakke) {
            throw c.error("payload", start, "a second SAKKE payload");
          }
          haveSakke = true;
          p = readSakke(c);
          break;
        case PT_GENERAL_EXTENSION:
          GeneralExtensionPayload ext = readGeneralExtension(c);
          int t = ext.extensionType();
          if ((t == EXT_SAKKE_TO_SELF || t == EXT_KEY_PARAMETERS) && !extensions.add(t)) {
            throw c.error("Type", start + 1, "a second general extension of type " + t);
          }
          p = ext;
          break;
        case PT_LAST:
          throw c.error("next payload", nextAt, "the chain ends (Last) without a SIGN payload");
        case PT_KEMAC:
        case PT_PKE:
        case PT_DH:
        case PT_ID:
        case PT_CERT:
        case PT_CHASH:
        case PT_V:
        case PT_ERR:
        case PT_KEY_DATA:
          throw c.error("next payload", nextAt, payloadName(next) + " (" + next + ") is not part of a MIKEY-SAKKE I_MESSAGE");
        default:
          throw c.error("next payload", nextAt,
              "unknown payload type " + next + "; MIKEY payloads have no common length field, so it cannot be skipped");
      }
      payloads.add(p);
      next = following;
      nextAt = followingAt;
    }
    c.payload("SIGN");
    int signStart = c.position();
    int typeLen = c.u16("S type/Signature len");
    int sType = typeLen >>> 12;
    int sLen = typeLen & 0xFFF;
    if (sType != SIGN_ECCSI) {
      throw c.error("S type", signStart, "unsupported value " + sType + " (only 2, ECCSI)");
    }
    if (sLen != ECCSI_SIGNATURE_LENGTH) {
      throw c.error("Signature len", signStart, "is " + sLen + ", an ECCSI signature has " + ECCSI_SIGNATURE_LENGTH + " octets");
    }
    ByteString sig = c.bytes(sLen, "Signature");
    c.requireExhausted("SIGN payload");
    if (!haveT) {
      throw c.error("payload", signStart, "the message has no T payload");
    }
    if (!haveRand) {
      throw c.error("payload", signStart, "the message has no RAND payload");
    }
    if (!haveSakke) {
      throw c.error("payload", signStart, "the message has no SAKKE payload");
    }
    IMessage m = new IMessage(hdr, payloads, new SignaturePayload(sType, sig));
    return new ParsedIMessage(m, ByteString.adopt(c.consumed()), signStart + 2);
  }

  private static boolean isChainPayload(int type) {
    return type == PT_T || type == PT_RAND || type == PT_IDR || type == PT_SP || type == PT_SAKKE || type == PT_GENERAL_EXTENSION;
  }

  /* HDR: version | data type | next payload | V + PRF func | CSB ID | #CS | CS ID map type | info */
  private static CommonHeader readHeader(Cursor c, int[] nextOut) throws MikeyParseException {
    int version = c.u8("version");
    if (version != VERSION) {
      throw c.error("version", 0, "unsupported value " + version + " (only 1)");
    }
    int dataType = c.u8("data type");
    if (dataType != DATA_TYPE_SAKKE_I_MESSAGE) {
      throw c.error("data type", 1, "unsupported value " + dataType + " (only 26, SAKKE I_MESSAGE)");
    }
    int next = c.u8("next payload");
    int vPrf = c.u8("V/PRF func");
    int prf = vPrf & 0x7F;
    if (prf != PRF_HMAC_SHA_256) {
      throw c.error("PRF func", 3, "unsupported value " + prf + " (only 1, PRF-HMAC-SHA-256)");
    }
    int csbId = c.u32("CSB ID");
    int count = c.u8("#CS");
    int mapType = c.u8("CS ID map type");
    CsIdMap map;
    switch (mapType) {
      case MAP_SRTP_ID:
        map = readSrtpIdMap(c, count);
        break;
      case MAP_EMPTY:
        if (count != 0) {
          throw c.error("#CS", 8, "is " + count + " but the map type is 1 (empty)");
        }
        map = new CsIdMap.Empty();
        break;
      case MAP_GENERIC_ID:
        map = readGenericIdMap(c, count);
        break;
      default:
        throw c.error("CS ID map type", 9, "unsupported value " + mapType);
    }
    nextOut[0] = next;
    return new CommonHeader(version, dataType, (vPrf & 0x80) != 0, prf, csbId, map);
  }

  /* SRTP-ID entry: Policy_no_i (8) | SSRC_i (32) | ROC_i (32) */
  private static CsIdMap readSrtpIdMap(Cursor c, int count) throws MikeyParseException {
    List<CsIdMap.SrtpIdEntry> entries = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int policy = c.u8("SRTP-ID policy_no");
      int ssrc = c.u32("SRTP-ID SSRC");
      int roc = c.u32("SRTP-ID ROC");
      entries.add(new CsIdMap.SrtpIdEntry(policy, ssrc, roc));
    }
    return new CsIdMap.SrtpId(entries);
  }

  /* GENERIC-ID entry: CS ID | Prot type | S + #P | Ps... | Session Data Length (16) | Session Data | SPI Length | SPI */
  private static CsIdMap readGenericIdMap(Cursor c, int count) throws MikeyParseException {
    List<CsIdMap.GenericIdEntry> entries = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int csId = c.u8("GENERIC-ID CS ID");
      int protAt = c.position();
      int prot = c.u8("GENERIC-ID Prot type");
      if (prot != PROT_SRTP) {
        throw c.error("GENERIC-ID Prot type", protAt, "unsupported value " + prot + " (only 0, SRTP)");
      }
      int sp = c.u8("GENERIC-ID S/#P");
      int np = sp & 0x7F;
      List<Integer> ps = new ArrayList<>(np);
      for (int k = 0; k < np; k++) {
        ps.add(c.u8("GENERIC-ID policy_no"));
      }
      int sdLen = c.u16("GENERIC-ID Session Data Length");
      ByteString sd = c.bytes(sdLen, "GENERIC-ID Session Data");
      int spiLen = c.u8("GENERIC-ID SPI Length");
      ByteString spi = c.bytes(spiLen, "GENERIC-ID SPI");
      entries.add(new CsIdMap.GenericIdEntry(csId, prot, (sp & 0x80) != 0, ps, sd, spi));
    }
    return new CsIdMap.GenericId(entries);
  }

  /* T: (next payload, read by the loop) | TS type | TS value (64 bits for NTP-UTC) */
  private static TimestampPayload readT(Cursor c) throws MikeyParseException {
    int at = c.position();
    int type = c.u8("TS type");
    if (type != TS_NTP_UTC) {
      throw c.error("TS type", at, "unsupported value " + type + " (TS 33.179 E.1.1 requires 0, NTP-UTC)");
    }
    long value = c.uN(8, "TS value");
    return new TimestampPayload(type, value);
  }

  /* RAND: next payload | RAND len | RAND */
  private static RandPayload readRand(Cursor c) throws MikeyParseException {
    int at = c.position();
    int len = c.u8("RAND len");
    if (len < MIN_RAND_LENGTH) {
      throw c.error("RAND len", at, "is " + len + ", RFC 3830 6.11 requires at least " + MIN_RAND_LENGTH + " octets");
    }
    ByteString rand = c.bytes(len, "RAND");
    return new RandPayload(rand);
  }

  /* IDR: next payload | ID Role | ID Type | ID len (16) | ID Data */
  private static IdrPayload readIdr(Cursor c) throws MikeyParseException {
    int roleAt = c.position();
    int role = c.u8("ID Role");
    if (role < ROLE_IDRI || role > ROLE_IDRUIDR) {
      throw c.error("ID Role", roleAt, "unknown value " + role);
    }
    int type = c.u8("ID Type");
    if (type > ID_TYPE_BYTE_STRING) {
      throw c.error("ID Type", roleAt + 1, "unknown value " + type);
    }
    int len = c.u16("ID len");
    if ((role == ROLE_IDRUIDI || role == ROLE_IDRUIDR) && len != Uid.LENGTH) {
      throw c.error("ID len", roleAt + 2, "is " + len + ", IDRuidi/IDRuidr hold a 32-octet UID (TS 33.180 E.7)");
    }
    ByteString data = c.bytes(len, "ID Data");
    return new IdrPayload(role, type, data);
  }

  /* SP: next payload | Policy no | Prot type | Policy param length (16) | (type | length | value)* */
  private static SecurityPolicyPayload readSp(Cursor c) throws MikeyParseException {
    int policyNo = c.u8("Policy no");
    int protAt = c.position();
    int prot = c.u8("Prot type");
    if (prot != PROT_SRTP) {
      throw c.error("Prot type", protAt, "unsupported value " + prot + " (only 0, SRTP)");
    }
    int len = c.u16("Policy param length");
    int end = c.position() + len;
    c.require(len, "Policy params");
    List<SecurityPolicyPayload.Param> params = new ArrayList<>();
    while (c.position() < end) {
      int at = c.position();
      if (end - at < 2) {
        throw c.error("Policy param type/length", at, "a parameter header needs 2 octets, " + (end - at) + " remain in the SP payload");
      }
      int type = c.u8("Policy param type");
      int plen = c.u8("Policy param length");
      if (c.position() + plen > end) {
        throw c.error("Policy param length", at + 1, "parameter " + type + " runs past the end of the SP payload");
      }
      params.add(new SecurityPolicyPayload.Param(type, c.bytes(plen, "Policy param value")));
    }
    return new SecurityPolicyPayload(policyNo, prot, params);
  }

  /* SAKKE: next payload | SAKKE params | ID scheme | SAKKE data length (16) | SAKKE data */
  private static SakkePayload readSakke(Cursor c) throws MikeyParseException {
    int at = c.position();
    int params = c.u8("SAKKE params");
    int scheme = c.u8("ID scheme");
    int len = c.u16("SAKKE data length");
    checkSakkeFields(c.payload(), params, scheme, len, at);
    ByteString data = c.bytes(len, "SAKKE data");
    return new SakkePayload(params, scheme, data);
  }

  static void checkSakkeFields(String payload, int params, int scheme, int len, int at) throws MikeyParseException {
    if (params != SAKKE_PARAMETER_SET_1) {
      throw new MikeyParseException(payload, "SAKKE params", at, "unsupported value " + params + " (only 1, Parameter Set 1)");
    }
    if (scheme != SAKKE_ID_SCHEME_UID) {
      throw new MikeyParseException(payload, "ID scheme", at + 1, "unsupported value " + scheme + " (only 2, 3GPP MCX hashed UID)");
    }
    if (len != SAKKE_DATA_LENGTH) {
      throw new MikeyParseException(payload, "SAKKE data length", at + 2, "is " + len + ", Parameter Set 1 data has " + SAKKE_DATA_LENGTH + " octets");
    }
  }

  /* GENERAL EXTENSION: next payload | Type | Length (16) | Data */
  private static GeneralExtensionPayload readGeneralExtension(Cursor c) throws MikeyParseException {
    int typeAt = c.position();
    int type = c.u8("Type");
    if (type != EXT_VENDOR_ID && type != EXT_SDP_IDS && type != EXT_SAKKE_TO_SELF && type != EXT_KEY_PARAMETERS) {
      throw c.error("Type", typeAt, "unknown general extension type " + type + " (TS 33.180 defines 6 and 7)");
    }
    int len = c.u16("Length");
    int dataAt = c.position();
    ByteString data = c.bytes(len, "Data");
    if (type == EXT_SAKKE_TO_SELF) {
      SakkeToSelf.decode(data, dataAt);
    } else if (type == EXT_KEY_PARAMETERS) {
      KeyParametersExtension.decode(data, dataAt);
    }
    return new GeneralExtensionPayload(type, data);
  }

  /** Interprets GENERAL EXTENSION type 7 (already checked by {@link #read}). */
  public static KeyParametersExtension keyParameters(GeneralExtensionPayload ext) throws MikeyParseException {
    if (ext.extensionType() != EXT_KEY_PARAMETERS) {
      throw new IllegalArgumentException("not a key parameters extension");
    }
    return KeyParametersExtension.decode(ext.data(), 0);
  }

  /** Interprets GENERAL EXTENSION type 6 (already checked by {@link #read}). */
  public static SakkePayload sakkeToSelf(GeneralExtensionPayload ext) throws MikeyParseException {
    if (ext.extensionType() != EXT_SAKKE_TO_SELF) {
      throw new IllegalArgumentException("not a SAKKE-to-self extension");
    }
    return SakkeToSelf.decode(ext.data(), 0);
  }
}

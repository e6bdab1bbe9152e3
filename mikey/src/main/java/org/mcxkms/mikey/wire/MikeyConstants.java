package org.mcxkms.mikey.wire;

/**
 * Registry values of MIKEY (RFC 3830 6, RFC 6043, RFC 6509) and of the TS 33.180 Annex E profile.
 * One place for every number that appears on the wire.
 */
public final class MikeyConstants {
  private MikeyConstants() {}

  /** HDR version (RFC 3830 6.1). */
  public static final int VERSION = 1;
  /** HDR data type: SAKKE I_MESSAGE (RFC 6509 4.1). */
  public static final int DATA_TYPE_SAKKE_I_MESSAGE = 26;
  /** HDR PRF func: PRF-HMAC-SHA-256 (RFC 6043 6.1.2), mandated by TS 33.180 E.1.2. */
  public static final int PRF_HMAC_SHA_256 = 1;

  // Next-payload values (RFC 3830 6 table 6.1.c; RFC 6043; RFC 6509).
  public static final int PT_LAST = 0;
  public static final int PT_KEMAC = 1;
  public static final int PT_PKE = 2;
  public static final int PT_DH = 3;
  public static final int PT_SIGN = 4;
  public static final int PT_T = 5;
  public static final int PT_ID = 6;
  public static final int PT_CERT = 7;
  public static final int PT_CHASH = 8;
  public static final int PT_V = 9;
  public static final int PT_SP = 10;
  public static final int PT_RAND = 11;
  public static final int PT_ERR = 12;
  public static final int PT_IDR = 14;
  public static final int PT_KEY_DATA = 20;
  public static final int PT_GENERAL_EXTENSION = 21;
  public static final int PT_SAKKE = 26;

  // CS ID map types (RFC 3830 6.1 table 6.1.d; RFC 6043 6.1.1).
  public static final int MAP_SRTP_ID = 0;
  public static final int MAP_EMPTY = 1;
  public static final int MAP_GENERIC_ID = 2;

  /** Security protocol: SRTP (RFC 3830 6.10), the only one defined. */
  public static final int PROT_SRTP = 0;

  /** TS type NTP-UTC (RFC 3830 6.6), mandated by TS 33.179 E.1.1. */
  public static final int TS_NTP_UTC = 0;

  // IDR roles (RFC 6043 6.6, RFC 6509 4.4, TS 33.180 E.7).
  public static final int ROLE_IDRI = 1;
  public static final int ROLE_IDRR = 2;
  public static final int ROLE_IDRKMS = 3;
  public static final int ROLE_IDRPSK = 4;
  public static final int ROLE_IDRAPP = 5;
  public static final int ROLE_IDRKMSI = 6;
  public static final int ROLE_IDRKMSR = 7;
  public static final int ROLE_IDRUIDI = 8;
  public static final int ROLE_IDRUIDR = 9;

  // IDR ID types (RFC 6043 6.6).
  public static final int ID_TYPE_NAI = 0;
  public static final int ID_TYPE_URI = 1;
  public static final int ID_TYPE_BYTE_STRING = 2;

  /** SAKKE params: Parameter Set 1 (RFC 6509 4.2 / IANA). */
  public static final int SAKKE_PARAMETER_SET_1 = 1;
  /** SAKKE ID scheme: 3GPP MCX hashed UID (TS 33.180 E.1.4). */
  public static final int SAKKE_ID_SCHEME_UID = 2;
  /** SAKKE data length with Parameter Set 1: 04 || Rx || Ry || H. */
  public static final int SAKKE_DATA_LENGTH = 273;

  // General extension types (RFC 3830 6.15; TS 33.180 E.5, E.6).
  public static final int EXT_VENDOR_ID = 0;
  public static final int EXT_SDP_IDS = 1;
  public static final int EXT_SAKKE_TO_SELF = 6;
  public static final int EXT_KEY_PARAMETERS = 7;

  /** SIGN S type ECCSI (RFC 6509 4.3). */
  public static final int SIGN_ECCSI = 2;
  /** ECCSI signature length: r (32) || s (32) || PVT (65). */
  public static final int ECCSI_SIGNATURE_LENGTH = 129;

  /** Minimum RAND length (RFC 3830 6.11: at least 128 bits). */
  public static final int MIN_RAND_LENGTH = 16;

  /** Largest I_MESSAGE the reader accepts; real ones are 600-1100 octets. */
  public static final int MAX_MESSAGE_LENGTH = 16 * 1024;

  /** The payload name RFC 3830 uses, for messages. */
  public static String payloadName(int type) {
    switch (type) {
      case PT_LAST: return "Last";
      case PT_KEMAC: return "KEMAC";
      case PT_PKE: return "PKE";
      case PT_DH: return "DH";
      case PT_SIGN: return "SIGN";
      case PT_T: return "T";
      case PT_ID: return "ID";
      case PT_CERT: return "CERT";
      case PT_CHASH: return "CHASH";
      case PT_V: return "V";
      case PT_SP: return "SP";
      case PT_RAND: return "RAND";
      case PT_ERR: return "ERR";
      case PT_IDR: return "IDR";
      case PT_KEY_DATA: return "Key data";
      case PT_GENERAL_EXTENSION: return "GENERAL EXTENSION";
      case PT_SAKKE: return "SAKKE";
      default: return "payload type " + type;
    }
  }
}

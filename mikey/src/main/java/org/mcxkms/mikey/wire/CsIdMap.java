package org.mcxkms.mikey.wire;

import java.util.List;

/** The CS ID map of HDR (RFC 3830 6.1, RFC 6043 6.1.1); its type octet selects the variant. */
public sealed interface CsIdMap permits CsIdMap.Empty, CsIdMap.SrtpId, CsIdMap.GenericId {
  /** The CS ID map type octet. */
  int mapType();

  /** #CS, the number of crypto sessions. */
  int count();

  /** Map type 1: no crypto sessions, the default policies apply (RFC 6043, TS 33.180 E.1.2). */
  record Empty() implements CsIdMap {
    @Override
    public int mapType() {
      return MikeyConstants.MAP_EMPTY;
    }

    @Override
    public int count() {
      return 0;
    }
  }

  /** Map type 0, SRTP-ID (RFC 3830 6.1.1). Accepted on input (Streamwide legacy IWF format). */
  record SrtpId(List<SrtpIdEntry> entries) implements CsIdMap {
    public SrtpId {
      entries = List.copyOf(entries);
      if (entries.size() > 255) {
        throw new IllegalArgumentException("#CS is one octet: at most 255 crypto sessions");
      }
    }

    @Override
    public int mapType() {
      return MikeyConstants.MAP_SRTP_ID;
    }

    @Override
    public int count() {
      return entries.size();
    }
  }

  /** Map type 2, GENERIC-ID (RFC 6043 6.1.1). */
  record GenericId(List<GenericIdEntry> entries) implements CsIdMap {
    public GenericId {
      entries = List.copyOf(entries);
      if (entries.size() > 255) {
        throw new IllegalArgumentException("#CS is one octet: at most 255 crypto sessions");
      }
    }

    @Override
    public int mapType() {
      return MikeyConstants.MAP_GENERIC_ID;
    }

    @Override
    public int count() {
      return entries.size();
    }
  }

  /** One SRTP-ID entry: {@code Policy_no (8) | SSRC (32) | ROC (32)}. */
  record SrtpIdEntry(int policyNo, int ssrc, int roc) {
    public SrtpIdEntry {
      Checks.u8(policyNo, "policy_no");
    }
  }

  /**
   * One GENERIC-ID entry: {@code CS ID (8) | Prot type (8) | S (1) | #P (7) | Ps (8 x #P) |
   * Session Data Length (16) | Session Data | SPI Length (8) | SPI}.
   */
  record GenericIdEntry(
      int csId, int protType, boolean sessionDataFlag, List<Integer> policyNos, ByteString sessionData, ByteString spi) {
    public GenericIdEntry {
      Checks.u8(csId, "CS ID");
      Checks.u8(protType, "Prot type");
      policyNos = List.copyOf(policyNos);
      if (policyNos.size() > 127) {
        throw new IllegalArgumentException("#P has 7 bits: at most 127 policies");
      }
      policyNos.forEach(p -> Checks.u8(p, "policy_no"));
      Checks.maxLength(sessionData, 0xFFFF, "Session Data");
      Checks.maxLength(spi, 0xFF, "SPI");
    }

    /** The TS 33.180 form: SRTP, one policy, no session data, SPI = the MKI. */
    public static GenericIdEntry srtp(int csId, int policyNo, ByteString spi) {
      return new GenericIdEntry(csId, MikeyConstants.PROT_SRTP, false, List.of(policyNo), ByteString.EMPTY, spi);
    }
  }
}

package org.mcxkms.media.srtp;

/**
 * Whether and where the sender's rollover counter travels in SRTP packets: RFC 4771 RCCm3, which
 * the TS 33.180 default GMK policy names (auth alg 4, ROC transmission rate 1). With an AEAD the
 * carried ROC is still authenticated, because it is part of the IV. Its position next to the MKI
 * is not settled by anything we could read (UNCONFIRMED), so both are offered.
 */
public enum RocCarriage {
  /** No ROC in the packet: header, ciphertext, tag, MKI. */
  NONE,
  /** Header, ciphertext, tag, MKI, ROC: the ROC in RFC 3711's auth-tag position, after the MKI. */
  AFTER_MKI,
  /** Header, ciphertext, tag, ROC, MKI. */
  BEFORE_MKI
}

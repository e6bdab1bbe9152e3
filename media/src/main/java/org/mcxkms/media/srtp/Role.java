package org.mcxkms.media.srtp;

/** The end of a private call (TS 33.180 Table E.1.3-1): the initiator's and receiver's media use different CS-IDs. */
public enum Role {
  INITIATOR,
  RECEIVER
}

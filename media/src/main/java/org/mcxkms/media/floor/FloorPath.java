package org.mcxkms.media.floor;

/** Where floor control travels, which decides its key (TS 24.380 13.1, TS 33.180 7.4 / 33.179 7.6). */
public enum FloorPath {
  /** On network, between the MC client and its participating function: the CSK. */
  UNICAST,
  /** On network, on an MBMS subchannel: the MuSiK tied to the call, else the group's MKFC. */
  MULTICAST,
  /** Off network, client to client: the media key of the call (PCK or GMK), same master key as SRTP. */
  OFF_NETWORK
}

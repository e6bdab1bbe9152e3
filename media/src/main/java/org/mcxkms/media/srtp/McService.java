package org.mcxkms.media.srtp;

/** The MC service whose crypto sessions are meant (TS 33.180 Table E.1.3-1 has rows for MCPTT and MCVideo). */
public enum McService {
  MCPTT,
  MCVIDEO
}

package org.mcxkms.kms.server.store;

/** What a registered identity is. */
public enum IdentityKind {
  /** An MC user (MC service ID); obtains keys for itself only. */
  USER,
  /** A server entity (MCPTT/MCX server, GMS, ...); obtains keys for itself and its grants. */
  SERVER
}

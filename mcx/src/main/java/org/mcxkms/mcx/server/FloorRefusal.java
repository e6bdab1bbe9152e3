package org.mcxkms.mcx.server;

/** A floor request the MCX server denied, and why (logged without secrets). */
public record FloorRefusal(String user, String groupId, Reason reason) {
  public enum Reason {
    /** The requester is not a member of the group. */
    NOT_A_MEMBER,
    /** Another member holds the floor (TS 24.380 reject cause 1). */
    FLOOR_TAKEN
  }
}

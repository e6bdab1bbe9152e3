package org.mcxkms.media.sdp;

/** An {@code a=key-mgmt:mikey} line that cannot be read, with its line number. */
public final class KeyMgmtParseException extends Exception {
  private static final long serialVersionUID = 1L;
  private final int line;

  public KeyMgmtParseException(int line, String message) {
    super("SDP line " + line + ": " + message);
    this.line = line;
  }

  /** The 1-based line of the SDP. */
  public int line() {
    return line;
  }
}

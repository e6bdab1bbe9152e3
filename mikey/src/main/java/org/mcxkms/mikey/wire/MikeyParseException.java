package org.mcxkms.mikey.wire;

import org.mcxkms.mikey.MikeyException;

/**
 * An I_MESSAGE (or one of its payloads) is malformed or carries content this profile does not
 * accept. Names the payload, the field and the octet offset of that field from the start of the
 * message. Messages never contain secret values.
 */
public final class MikeyParseException extends MikeyException {
  private static final long serialVersionUID = 1L;

  private final String payload;
  private final String field;
  private final int offset;

  public MikeyParseException(String payload, String field, int offset, String problem) {
    super(payload + " " + field + " at offset " + offset + ": " + problem);
    this.payload = payload;
    this.field = field;
    this.offset = offset;
  }

  /** The payload name as RFC 3830 writes it: {@code HDR}, {@code T}, {@code IDR}, {@code SIGN}... */
  public String payload() {
    return payload;
  }

  public String field() {
    return field;
  }

  /** Octet offset of the field from the first octet of HDR. */
  public int offset() {
    return offset;
  }
}

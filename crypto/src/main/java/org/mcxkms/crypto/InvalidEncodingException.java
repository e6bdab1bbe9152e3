package org.mcxkms.crypto;

import java.security.GeneralSecurityException;

/**
 * Input from outside (a point, a scalar, a signature, an encapsulation) is not a valid encoding.
 * The message names the field and what was wrong; it never contains secret values.
 */
public final class InvalidEncodingException extends GeneralSecurityException {
  private static final long serialVersionUID = 1L;

  /** What was wrong with the field. */
  public enum Problem {
    NULL("is missing"),
    WRONG_LENGTH("has the wrong length"),
    WRONG_PREFIX("does not start with 0x04 (uncompressed point)"),
    COORDINATE_TOO_LARGE("has a coordinate not below p"),
    NOT_ON_CURVE("is not on the curve"),
    INFINITY("is the point at infinity"),
    WRONG_ORDER("is not in the subgroup of order q"),
    OUT_OF_RANGE("is outside its permitted range");

    private final String text;

    Problem(String text) {
      this.text = text;
    }

    public String text() {
      return text;
    }
  }

  private final String field;
  private final Problem problem;

  public InvalidEncodingException(String field, Problem problem) {
    this(field, problem, null);
  }

  public InvalidEncodingException(String field, Problem problem, String detail) {
    super(field + " " + problem.text() + (detail == null ? "" : " (" + detail + ")"));
    this.field = field;
    this.problem = problem;
  }

  /** The name of the field, for example {@code "PVT"}, {@code "RSK"} or {@code "SAKKE R"}. */
  public String field() {
    return field;
  }

  public Problem problem() {
    return problem;
  }
}

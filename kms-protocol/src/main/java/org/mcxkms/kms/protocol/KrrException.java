package org.mcxkms.kms.protocol;

/**
 * A KMS Redirect Response (TS 33.180 D.4) was refused. The message names the element path and what
 * is wrong; it quotes at most a clipped piece of peer text and never key material.
 *
 * <p>{@link #reason()} is stable and meant to be mapped to a {@code KmsError} in one place;
 * {@link Reason#kmsErrorCode()} is our numbering (130-138), UNCONFIRMED like the rest of the table.
 */
public final class KrrException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why a KRR was refused. */
  public enum Reason {
    /** Not well-formed, too large, a DOCTYPE, a required element missing or a value malformed. */
    MALFORMED(130),
    /** The root is not {@code KmsRedirectResponse} in {@value KmsXml#KRR_NS}. */
    WRONG_NAMESPACE(131),
    /** No {@code ds:Signature} (D.4.2 says "should"; we require one). */
    UNSIGNED(132),
    /** The signature does not verify, breaks the D.4.2 profile or does not cover the KRR element. */
    BAD_SIGNATURE(133),
    /** The signer's certificate does not chain to a trust anchor, or its key is not P-256. */
    UNKNOWN_SIGNER(134),
    /** The signer's certificate is not valid at the verification time, or the KRR is too old. */
    EXPIRED(135),
    /** A field contradicts the signature or the context (signer, KMS, time, nesting order). */
    FIELD_MISMATCH(136),
    /** KRRs nested deeper than the reader allows. */
    TOO_DEEP(137),
    /** The KRR refuses a KMS the receiver does not know (neither its own nor an External KMS). */
    UNKNOWN_KMS(138);

    private final int kmsErrorCode;

    Reason(int kmsErrorCode) {
      this.kmsErrorCode = kmsErrorCode;
    }

    /** Our {@code KmsError/ErrorCode} for this reason (project numbering). */
    public int kmsErrorCode() {
      return kmsErrorCode;
    }
  }

  private final Reason reason;
  private final String element;

  public KrrException(Reason reason, String element, String detail) {
    this(reason, element, detail, null);
  }

  public KrrException(Reason reason, String element, String detail, Throwable cause) {
    super(element + ": " + detail, cause);
    this.reason = reason;
    this.element = element;
  }

  public Reason reason() {
    return reason;
  }

  /** Path of the offending element, e.g. {@code KmsRedirectResponse/KrrList/KmsRedirectResponse[1]/ds:Signature}. */
  public String element() {
    return element;
  }
}

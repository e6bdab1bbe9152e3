package org.mcxkms.kms.protocol;

/**
 * A KMS document could not be accepted: it is not well-formed, breaks a hardening rule, lacks a
 * required element, carries an invalid value, fails its signature, or its key material cannot be
 * decrypted. The message names the element (as a path such as
 * {@code KmsResponse/KmsMessage/KmsKeyProv/KmsKeySet[2]/UserID}) and what is wrong; it never
 * contains key material.
 *
 * <p>{@link #reason()} is stable and meant to be mapped to a {@code KmsError} or an HTTP status in
 * one place by the server and the client.
 */
public final class KmsProtocolException extends Exception {
  private static final long serialVersionUID = 1L;

  /**
   * What went wrong. {@link #kmsErrorCode()} is our own numbering for {@code KmsError/ErrorCode}:
   * the TS 33.180 Annex D code table is UNCONFIRMED (not available to us), so these values are
   * a documented project choice (1xx document errors, 2xx security extension errors).
   */
  public enum Reason {
    /** The body exceeds the reader's size limit. */
    TOO_LARGE(100),
    /** Not well-formed XML (or not XML at all, or empty). */
    MALFORMED_XML(101),
    /** A DOCTYPE (and hence any entity declaration) is present; never processed. */
    DOCTYPE_FORBIDDEN(102),
    /** The root element is not the expected document type. */
    UNEXPECTED_ROOT(103),
    /** A required element or attribute is absent. */
    MISSING_ELEMENT(104),
    /** An element that may occur once occurs more than once. */
    DUPLICATE_ELEMENT(105),
    /** An element or attribute value is malformed or out of range. */
    INVALID_VALUE(106),
    /** The {@code Version} attribute names a version we do not understand. */
    UNSUPPORTED_VERSION(107),
    /** The document uses a construct we do not support (for example an unknown KmsMessage). */
    UNSUPPORTED_CONTENT(108),
    /** The document does not validate against the schema. */
    SCHEMA_VIOLATION(109),
    /** A signature is required by policy but the document is not signed. */
    SIGNATURE_REQUIRED(200),
    /** The signature does not verify or does not follow the profile (wrong key, altered, wrapped). */
    SIGNATURE_INVALID(201),
    /** The signing or encryption key named by the document is not known to the receiver. */
    UNKNOWN_KEY(202),
    /** An algorithm URI other than the ones we implement. */
    UNSUPPORTED_ALGORITHM(203),
    /** Encrypted key material could not be decrypted (wrong key or altered ciphertext). */
    DECRYPTION_FAILED(204);

    private final int kmsErrorCode;

    Reason(int kmsErrorCode) {
      this.kmsErrorCode = kmsErrorCode;
    }

    /** Our {@code KmsError/ErrorCode} for this reason (project numbering, see the enum comment). */
    public int kmsErrorCode() {
      return kmsErrorCode;
    }
  }

  private final Reason reason;
  private final String element;
  private final String detail;

  public KmsProtocolException(Reason reason, String element, String detail) {
    this(reason, element, detail, null);
  }

  public KmsProtocolException(Reason reason, String element, String detail, Throwable cause) {
    super(element + ": " + detail, cause);
    this.reason = reason;
    this.element = element;
    this.detail = detail;
  }

  public Reason reason() {
    return reason;
  }

  /** Path of the offending element or attribute, e.g. {@code KmsRequest/Time}. */
  public String element() {
    return element;
  }

  /** What is wrong, without the element path. */
  public String detail() {
    return detail;
  }
}

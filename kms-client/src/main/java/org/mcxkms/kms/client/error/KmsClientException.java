package org.mcxkms.kms.client.error;

import org.mcxkms.kms.protocol.SafeText;

/**
 * Something the key management client could not do, with a {@link Problem} that says what kind of
 * failure it was (for exit codes, retries and monitoring). Messages name the field and what was
 * wrong; they never contain key material, tokens or passphrases. Text that came from the network
 * (a KmsError message) is clipped and stripped of control characters before it appears here.
 */
public class KmsClientException extends Exception {
  private static final long serialVersionUID = 1L;

  /** The kind of failure. {@link #retryable()} says whether trying again later may help. */
  public enum Problem {
    /** The client or profile is not set up for this (no pinned certificate, missing TrK, bad URL). */
    CONFIGURATION(false),
    /** The TLS handshake failed: the KMS certificate is not the pinned one or not trusted. */
    TLS(false),
    /** The KMS could not be reached or did not answer in time. */
    NETWORK(true),
    /** The token source could not supply an access token. */
    TOKEN(true),
    /** The KMS refused the access token (HTTP 401). */
    AUTHENTICATION(true),
    /** The KMS refused the request for this identity or scope (HTTP 403). */
    FORBIDDEN(false),
    /** The KMS answered with another error status and, usually, a KmsError. */
    KMS_ERROR(true),
    /** The response is not an acceptable Annex D document or does not answer our request. */
    PROTOCOL(true),
    /** The security extension failed: a missing or invalid signature, undecryptable key material. */
    SECURITY(false),
    /** Key material failed validation (UID, SSK/PVT, RSK); nothing was stored. */
    KEY_REJECTED(false),
    /** The KMS certificate itself is unusable (bad key encoding, unsupported format, expired). */
    CERTIFICATE(false),
    /** The KMS presents another certificate than the pinned one and it is not an accepted rotation. */
    CERTIFICATE_CHANGED(false),
    /**
     * The KMS revoked what the client relies on: the pinned KMS certificate is marked Revoked, or
     * key material of a held identity was revoked (and removed from the profile).
     */
    REVOKED(false),
    /** The profile could not be read or written. */
    PROFILE(false),
    /**
     * The Home KMS does not permit this, e.g. a KMS that is not one of the Migration KMSs it listed
     * (TS 33.180 5.3.1); refused before anything was sent.
     */
    NOT_PERMITTED(false);

    private final boolean retryable;

    Problem(boolean retryable) {
      this.retryable = retryable;
    }

    /** Whether the same request may succeed later without anyone changing anything. */
    public boolean retryable() {
      return retryable;
    }
  }

  private final Problem problem;

  public KmsClientException(Problem problem, String message) {
    this(problem, message, null);
  }

  public KmsClientException(Problem problem, String message, Throwable cause) {
    super(message, cause);
    this.problem = problem;
  }

  public Problem problem() {
    return problem;
  }

  /** Network text made safe for messages: at most 200 characters, control characters replaced. */
  public static String clip(String s) {
    return SafeText.clip(s, 200);
  }
}

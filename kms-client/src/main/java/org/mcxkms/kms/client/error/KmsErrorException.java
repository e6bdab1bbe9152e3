package org.mcxkms.kms.client.error;

import java.util.List;
import java.util.Optional;
import org.mcxkms.kms.protocol.KmsError;
import org.mcxkms.kms.protocol.KmsKeySet;
import org.mcxkms.kms.protocol.KmsResponse;

/**
 * The KMS answered with an error: an HTTP status other than 200 and, when the body was a readable
 * {@code KmsResponse}, its {@code KmsError} (TS 33.180 D.3.1). 401 is
 * {@link Problem#AUTHENTICATION}, 403 {@link Problem#FORBIDDEN}, anything else
 * {@link Problem#KMS_ERROR}.
 */
public final class KmsErrorException extends KmsClientException {
  private static final long serialVersionUID = 1L;

  private final int httpStatus;
  private final transient KmsError kmsError;
  private final transient List<KmsKeySet> revocationMarks;

  public KmsErrorException(int httpStatus, KmsError kmsError, String url, KmsResponse response) {
    super(problemOf(httpStatus), "the KMS answered " + httpStatus + " to " + url
        + (kmsError == null ? "" : ": KmsError " + kmsError.code() + " " + clip(kmsError.message())
            + KmsErrorCodes.explain(kmsError.code()).map(e -> " (" + e + ")").orElse("")));
    this.httpStatus = httpStatus;
    this.kmsError = kmsError;
    this.revocationMarks = response == null || response.keyProv().isEmpty() ? List.of()
        : response.keyProv().get().keySets().stream().filter(KmsKeySet::revoked).toList();
  }

  /** Periods of {@code identity} the refusal marks as revoked (a revoked identity's key sets). */
  public List<Long> revokedPeriods(String identity) {
    return revocationMarks.stream().filter(k -> k.userUri().equals(identity)).map(KmsKeySet::keyPeriodNo).toList();
  }

  private static Problem problemOf(int status) {
    return status == 401 ? Problem.AUTHENTICATION : status == 403 ? Problem.FORBIDDEN : Problem.KMS_ERROR;
  }

  public int httpStatus() {
    return httpStatus;
  }

  /** The KmsError of the response, if the body could be read. */
  public Optional<KmsError> kmsError() {
    return Optional.ofNullable(kmsError);
  }
}

package org.mcxkms.kms.server.http;

import java.util.List;
import org.mcxkms.kms.protocol.KmsMessage;
import org.mcxkms.kms.server.error.KmsException;

/**
 * What the front controller answers to one request, before it becomes HTTP: a served message, or a
 * refusal (which may still carry a message, such as the revocation marks of D.3.3). Each kind also
 * says what its audit record holds.
 */
sealed interface KmsAnswer {
  /**
   * HTTP 200 with {@code message}; one audit record per key period in {@code auditPeriods} (one
   * per issued key set), or one without a period when it is empty.
   */
  record Served(KmsMessage message, String auditIdentity, List<Long> auditPeriods, String auditDetail)
      implements KmsAnswer {
    public Served {
      auditPeriods = List.copyOf(auditPeriods);
    }

    Served withMessage(KmsMessage m, String moreDetail) {
      return new Served(m, auditIdentity, auditPeriods, auditDetail + moreDetail);
    }
  }

  /**
   * The status and {@code KmsError} of {@code error}; {@code attachment} (or null) goes in the same
   * response; {@code auditIdentity} (or null) is the identity the request was about.
   */
  record Refused(KmsException error, KmsMessage attachment, String auditIdentity) implements KmsAnswer {
    static Refused of(KmsException error) {
      return new Refused(error, null, null);
    }
  }
}

package org.mcxkms.kms.server.http;

import org.mcxkms.kms.protocol.KmsMessage;
import org.mcxkms.kms.protocol.KmsRequest;
import org.mcxkms.kms.server.auth.Caller;
import org.mcxkms.kms.server.error.KmsException;

/** One Annex D resource. Authentication, body parsing, request checks, audit and errors are done around it. */
interface KmsEndpoint {
  /** A request that has been authenticated and whose body (if any) passed the request checks. */
  record Call(String requestId, Caller caller, Route route, KmsRequest request) {}

  /**
   * The message to send and what the audit records say about it: one record per key period in
   * {@code auditPeriods} (one per key set), or one without a period when it is empty.
   */
  record Result(KmsMessage message, String auditIdentity, java.util.List<Long> auditPeriods, String auditDetail) {}

  Result handle(Call call) throws KmsException;
}

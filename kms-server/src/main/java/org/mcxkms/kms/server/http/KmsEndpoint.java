package org.mcxkms.kms.server.http;

import org.mcxkms.kms.protocol.KmsRequest;
import org.mcxkms.kms.server.auth.Caller;
import org.mcxkms.kms.server.core.KmsOutcome;
import org.mcxkms.kms.server.error.KmsException;

/**
 * One Annex D resource (TS 33.180 D.2). Authentication, body checks, the security extension, audit,
 * the mapping to HTTP and errors are done around it by {@link KmsFrontController}.
 */
interface KmsEndpoint {
  /** A request that has been authenticated and whose body (if any) passed the request checks. */
  /** @param body the request's KmsRequest, or null when it sent none */
  record Call(Caller caller, Route route, KmsRequest body) {}

  KmsOutcome handle(Call call) throws KmsException;
}

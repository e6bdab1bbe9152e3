package org.mcxkms.kms.server.admin;

/**
 * One admin resource. Token, routing, body parsing, audit (before and after) and errors are done
 * around it by {@link AdminApi}; the result is serialised as JSON and holds nothing secret unless
 * the endpoint exists to hand out a secret once (a new TrK/InK, a development token).
 */
interface AdminEndpoint {
  Object handle(AdminCall call) throws AdminException;
}

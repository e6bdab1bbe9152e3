package org.mcxkms.kms.server.admin;

import org.mcxkms.kms.server.audit.AuditAction;

/** {@code method} and {@code path} (below {@code /admin/v1/}) served by {@code endpoint}, audited as {@code action}. */
record AdminRoute(String method, String path, AuditAction action, AdminEndpoint endpoint) {}

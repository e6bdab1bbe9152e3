-- Browsing the admin console: identities filtered by kind or status and paged by URI, and the
-- audit trail filtered by identity, stay index scans with 100,000 identities.
CREATE INDEX kms_identity_kind_uri ON kms_identity (kind, uri);
CREATE INDEX kms_identity_status_uri ON kms_identity (status, uri);
CREATE INDEX kms_audit_identity ON kms_audit (identity, id);

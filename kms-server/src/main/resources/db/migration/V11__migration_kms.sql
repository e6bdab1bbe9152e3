-- Migration KMSs (TS 33.180 5.3.1): KMSs from which this domain's clients may obtain key material
-- when their users are migrated, with their addresses, provisioned to clients in the certificate
-- cache. Public data only. Every change also bumps kms_external_kms_state.generation, so the
-- certificate cache number changes with it.
CREATE TABLE kms_migration_kms (
  kms_uri   VARCHAR(1024) NOT NULL PRIMARY KEY,
  kms_url   VARCHAR(1024) NOT NULL,
  tls_pin   VARCHAR(64),
  added_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

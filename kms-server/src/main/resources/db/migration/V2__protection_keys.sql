-- MCX KMS schema, version 2: the Annex D security extension (TS 33.180 D.1). Each client identity
-- may hold a transport key (TrK) and an integrity key (InK), provisioned out of band by the
-- administrator; rotated keys are PENDING until the client first uses them. Keys appear here only
-- sealed under the domain's KEK, bound to (domain, identity, kind, key ID).

CREATE TABLE kms_protection_key (
  identity_uri         VARCHAR(1024) NOT NULL,
  kind                 VARCHAR(8)    NOT NULL CHECK (kind IN ('TRK', 'INK')),
  key_id               VARCHAR(256)  NOT NULL,
  sealed_key           VARCHAR(256)  NOT NULL,
  state                VARCHAR(16)   NOT NULL CHECK (state IN ('CURRENT', 'PENDING', 'RETIRED')),
  created_at           TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (identity_uri, kind, key_id)
);

-- Identities that must use the security extension (signed requests, TrK-ID when they hold a TrK).
CREATE TABLE kms_protection_policy (
  identity_uri         VARCHAR(1024) NOT NULL PRIMARY KEY,
  required             BOOLEAN       NOT NULL
);

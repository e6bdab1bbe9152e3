-- TrK/InK of the TS 33.180 security extension (D.1): per identity, sealed like the master secrets
-- (AES-256-GCM under the KEK, bound to the domain and the key ID). Never stored in clear.
CREATE TABLE kms_protection_key (
  key_id        VARCHAR(256)  NOT NULL PRIMARY KEY,
  identity_uri  VARCHAR(1024) NOT NULL REFERENCES kms_identity (uri),
  kind          VARCHAR(16)   NOT NULL CHECK (kind IN ('TRANSPORT', 'INTEGRITY')),
  sealed_key    VARCHAR(512)  NOT NULL,
  created_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX kms_protection_key_identity ON kms_protection_key (identity_uri);

-- Security extension (TS 33.180 D.1), continued: identities the operator requires to use it, and
-- keys issued by an in-band rotation that the client has not used yet (delivered as
-- NewTransportKey/NewIntegrityKey; on first use they replace the identity's other keys of the kind).
CREATE TABLE kms_protection_policy (
  identity_uri  VARCHAR(1024) NOT NULL PRIMARY KEY REFERENCES kms_identity (uri),
  required      BOOLEAN       NOT NULL
);

CREATE TABLE kms_protection_key_pending (
  key_id        VARCHAR(256)  NOT NULL PRIMARY KEY REFERENCES kms_protection_key (key_id) ON DELETE CASCADE
);

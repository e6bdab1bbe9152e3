-- External KMS certificates (TS 33.180 5.3.1): partner KMSs whose users this domain's clients may
-- exchange keys with, imported by an operator after checking the certificate's fingerprint. The
-- certificate is kept as the KmsCertificate XML it was imported from. The generation grows on
-- every import and removal, so the certificate cache number changes with each of them.
CREATE TABLE kms_external_kms (
  kms_uri          VARCHAR(1024) NOT NULL PRIMARY KEY,
  certificate_xml  TEXT          NOT NULL,
  fingerprint      VARCHAR(64)   NOT NULL,
  added_at         TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE kms_external_kms_state (
  id          INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
  generation  BIGINT  NOT NULL
);

INSERT INTO kms_external_kms_state (id, generation) VALUES (1, 0);

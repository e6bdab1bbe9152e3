-- Tamper-evident audit trail: every record carries its number in one sequence shared by all nodes,
-- the MAC of its predecessor and its own MAC (HMAC-SHA256 under a key sealed like the master
-- secrets). One row holds the chain's head (locked while records are appended) and the anchor left
-- by retention (the last record deleted, authenticated by anchor_tag). Records written before this
-- version have no number and are reported as unchained.
ALTER TABLE kms_audit ADD COLUMN seq BIGINT;
ALTER TABLE kms_audit ADD COLUMN prev_mac VARCHAR(64);
ALTER TABLE kms_audit ADD COLUMN mac VARCHAR(64);
CREATE UNIQUE INDEX kms_audit_seq ON kms_audit (seq);

CREATE TABLE kms_audit_chain (
  id          SMALLINT     NOT NULL PRIMARY KEY CHECK (id = 1),
  sealed_key  VARCHAR(512),
  head_seq    BIGINT       NOT NULL,
  head_mac    VARCHAR(64)  NOT NULL,
  anchor_seq  BIGINT       NOT NULL,
  anchor_mac  VARCHAR(64)  NOT NULL,
  anchor_tag  VARCHAR(64)  NOT NULL
);
INSERT INTO kms_audit_chain (id, sealed_key, head_seq, head_mac, anchor_seq, anchor_mac, anchor_tag)
  VALUES (1, NULL, 0, '', 0, '', '');

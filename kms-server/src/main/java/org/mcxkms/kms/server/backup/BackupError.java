package org.mcxkms.kms.server.backup;

/** Why a backup archive was refused or could not be made. */
public enum BackupError {
  /** The file does not start with the archive magic. */
  NOT_AN_ARCHIVE,
  /** The archive is of a format version this KMS does not read. */
  UNSUPPORTED_VERSION,
  /** The archive ends before the lengths it announces. */
  TRUNCATED,
  /** The archive's checksum does not match: corrupted (or altered without recomputing it). */
  DAMAGED,
  /** A field of the archive is out of range or inconsistent. */
  MALFORMED,
  /** This node's seal configuration (passphrase, key file, HSM) does not open the archive's domain. */
  SEAL_KEY,
  /** Authentication failed: the archive key or the contents were altered. */
  TAMPERED,
  /** The target store already holds data. */
  STORE_NOT_EMPTY,
  /** The store failed (nothing was written). */
  STORE,
  /** There is nothing to back up (no domain). */
  NO_DOMAIN
}

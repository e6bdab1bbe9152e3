package org.mcxkms.kms.server.backup;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The backup archive, format version 1. Multi-octet integers are big-endian.
 *
 * <pre>
 * archive  = magic "MCXKMSBK" (8) || version (2) = 1 || header length (4) || header
 *            || body length (4) || body || checksum (32)
 * header   = archive ID || created at || domain ID || KmsUri || key period || key period offset
 *            || KEK kind || KEK parameters || KEK check value || domain created at
 *            || sealed archive key || 7 counts: certificates, identities, grants, protection keys,
 *               External KMS certificates, KMS Redirect Responses, audit records (8 each)
 * body     = nonce (12) || AES-256-GCM ciphertext of the snapshot || tag (16)
 *            key: the archive key (32 random octets, one per archive), sealed in the header under
 *            the domain's KEK with the seal ID "mcx-kms backup v1 " || archive ID
 *            AD:  every octet from the magic to the end of the header
 * checksum = SHA-256 of every octet before it (tells corruption from a wrong seal key before
 *            the KEK is used; the authentication is the AEAD's)
 * string   = length (4; -1: absent) || UTF-8 octets;  time = epoch microseconds (8; MIN: absent)
 * snapshot = domain, then each list as count (4) || entries, in the order of {@code StoreSnapshot}:
 *            certificates, identities, grants, protection keys, pending key IDs, security policy,
 *            External KMS certificates, External KMS generation (8), KMS Redirect Responses,
 *            audit trail
 * </pre>
 */
final class ArchiveFormat {
  static final byte[] MAGIC = "MCXKMSBK".getBytes(StandardCharsets.US_ASCII);
  static final int VERSION = 1;
  /** Magic, version and header length. */
  static final int PREAMBLE = MAGIC.length + 2 + 4;
  static final int MAX_HEADER = 64 * 1024;
  /** The body is decrypted in memory: 1 GiB at most. */
  static final int MAX_BODY = 1 << 30;
  static final int NONCE = 12;
  static final int TAG = 16;
  static final int CHECKSUM = 32;
  static final int KEY_LENGTH = 32;
  /** The counts in the header, in order. */
  static final List<String> COUNTS =
      List.of("certificates", "identities", "grants", "protection_keys", "external_kms", "migration_kms", "redirects",
          "audit_records");

  private ArchiveFormat() {}
}

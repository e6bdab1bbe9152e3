package org.mcxkms.kms.server.issue;

import java.time.Instant;
import org.mcxkms.crypto.uid.Uid;

/**
 * One {@code KmsKeySet} of a KeyProvision answer (TS 33.180 D.3.3): the key material of an identity
 * for one key period ({@link IssuedKeySet}), or the mark of a period whose keys are revoked
 * ({@link RevokedKeySet}, sent with {@code Revoked=true} and empty key elements so the client
 * discards what it holds). Both name the same header fields.
 */
public sealed interface KeySet permits IssuedKeySet, RevokedKeySet {
  String certUri();

  String userUri();

  Uid uid();

  long period();

  Instant validFrom();

  Instant validTo();
}

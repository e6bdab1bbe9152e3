package org.mcxkms.kms.client;

import java.time.Instant;
import java.util.List;
import org.mcxkms.kms.client.profile.KeyPeriodInfo;

/**
 * The outcome of a KeyProvision: the validated key sets now stored, the periods the KMS marked
 * revoked (removed from the profile), and what the security extension did.
 *
 * @param identity the identity provisioned
 * @param stored what was validated and stored
 * @param revokedPeriods periods the KMS reported as revoked
 * @param newProtectionKeys IDs of TrK/InK delivered with the response and installed
 * @param signed whether the response carried a verified signature
 * @param encrypted whether the key material arrived encrypted under the TrK
 * @param kmsTime the {@code Time} of the response
 */
public record ProvisionResult(String identity, List<KeyPeriodInfo> stored, List<Long> revokedPeriods,
    List<String> newProtectionKeys, boolean signed, boolean encrypted, Instant kmsTime) {}

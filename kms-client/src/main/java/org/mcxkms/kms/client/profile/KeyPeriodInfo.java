package org.mcxkms.kms.client.profile;

import java.time.Instant;
import org.mcxkms.crypto.uid.Uid;
import org.mcxkms.kms.client.trust.CertificateFingerprint;

/**
 * What a profile holds for one identity and key period, without the keys: for status displays.
 *
 * @param identity the {@code UserUri} the keys are for
 * @param period the {@code KeyPeriodNo}
 * @param uid the UID (TS 33.180 F.2.1), as the client computed and the KMS confirmed
 * @param validFrom start of the key period
 * @param validTo end of the key period (exclusive)
 * @param certificate the KMS certificate the keys validated under
 * @param fetchedAt when the key set was received
 */
public record KeyPeriodInfo(String identity, long period, Uid uid, Instant validFrom, Instant validTo,
    CertificateFingerprint certificate, Instant fetchedAt) {}

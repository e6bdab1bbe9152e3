package org.mcxkms.kms.client;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.mcxkms.kms.client.trust.CertificateFingerprint;
import org.mcxkms.kms.protocol.KmsCertificate;

/**
 * The outcome of KMS Initialize: the Root certificate now pinned and what happened to the pin.
 *
 * @param outcome what happened to the pin
 * @param certificate the pinned certificate after the call
 * @param previous the certificate pinned before, if it changed
 * @param newProtectionKeys IDs of TrK/InK delivered with the response and installed
 * @param signed whether the response carried a verified signature (InK or TrK)
 * @param kmsTime the {@code Time} of the response
 */
public record InitResult(Outcome outcome, KmsCertificate certificate, Optional<KmsCertificate> previous,
    List<String> newProtectionKeys, boolean signed, Instant kmsTime) {
  /** What happened to the pin. */
  public enum Outcome {
    /** First init: the certificate is now pinned. */
    PINNED,
    /** The KMS presents the pinned certificate. */
    UNCHANGED,
    /** A proper rotation was accepted; the previous certificate is kept for older key material. */
    ROTATED,
    /** The pin was replaced on the operator's explicit approval. */
    REPLACED
  }

  public CertificateFingerprint fingerprint() {
    return CertificateFingerprint.of(certificate);
  }
}

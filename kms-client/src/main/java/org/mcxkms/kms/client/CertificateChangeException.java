package org.mcxkms.kms.client;

import java.util.List;
import org.mcxkms.kms.client.error.KmsClientException;
import org.mcxkms.kms.client.trust.CertificateFingerprint;

/**
 * The KMS presented a Root certificate other than the pinned one, and the change is not a proper
 * rotation (the rule is in the class comment of {@code KmsClient}). The pin is unchanged
 * and nothing was stored. {@link #unmet()} lists every condition that failed, in words an operator
 * can act on; {@link #offered()} is the fingerprint to approve if the change is expected.
 */
public final class CertificateChangeException extends KmsClientException {
  private static final long serialVersionUID = 1L;

  private final CertificateFingerprint pinned;
  private final CertificateFingerprint offered;
  private final List<String> unmet;

  public CertificateChangeException(CertificateFingerprint pinned, CertificateFingerprint offered, List<String> unmet) {
    super(Problem.CERTIFICATE_CHANGED, "the KMS presents certificate " + offered + " instead of the pinned "
        + pinned + "; not accepted as a rotation: " + String.join("; ", unmet));
    this.pinned = pinned;
    this.offered = offered;
    this.unmet = List.copyOf(unmet);
  }

  public CertificateFingerprint pinned() {
    return pinned;
  }

  public CertificateFingerprint offered() {
    return offered;
  }

  /** The conditions of a proper rotation that were not met. */
  public List<String> unmet() {
    return unmet;
  }
}

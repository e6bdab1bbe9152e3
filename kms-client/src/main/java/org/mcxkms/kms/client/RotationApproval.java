package org.mcxkms.kms.client;

import java.util.Objects;
import java.util.Optional;
import org.mcxkms.kms.client.trust.CertificateFingerprint;

/**
 * An operator's decision about a changed KMS certificate, given to {@link KmsClient#init(RotationApproval)}.
 *
 * <ul>
 *   <li>{@link #none()}: no change is approved; only a signed rotation (security extension) passes;
 *   <li>{@link #rotationTo(CertificateFingerprint)}: approves a rotation to exactly this certificate;
 *       every other rotation condition must still hold (same KmsUri and key period rule, the pinned
 *       certificate still published and valid);
 *   <li>{@link #replacePin(CertificateFingerprint)}: replaces the pin with exactly this certificate
 *       although it is not a rotation of the pinned one (the KMS domain was rebuilt, or the pinned
 *       certificate was revoked after a compromise). Only the certificate's own checks apply.
 * </ul>
 */
public final class RotationApproval {
  enum Kind {
    NONE,
    ROTATION,
    REPLACE
  }

  private static final RotationApproval NONE = new RotationApproval(Kind.NONE, null);

  private final Kind kind;
  private final CertificateFingerprint fingerprint;

  private RotationApproval(Kind kind, CertificateFingerprint fingerprint) {
    this.kind = kind;
    this.fingerprint = fingerprint;
  }

  public static RotationApproval none() {
    return NONE;
  }

  public static RotationApproval rotationTo(CertificateFingerprint fingerprint) {
    return new RotationApproval(Kind.ROTATION, Objects.requireNonNull(fingerprint));
  }

  public static RotationApproval replacePin(CertificateFingerprint fingerprint) {
    return new RotationApproval(Kind.REPLACE, Objects.requireNonNull(fingerprint));
  }

  Kind kind() {
    return kind;
  }

  Optional<CertificateFingerprint> fingerprint() {
    return Optional.ofNullable(fingerprint);
  }

  @Override
  public String toString() {
    return kind == Kind.NONE ? "no approval" : (kind == Kind.ROTATION ? "rotation to " : "replace pin with ") + fingerprint;
  }
}

package org.mcxkms.kms.client;

import static org.mcxkms.kms.client.error.KmsClientException.clip;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mcxkms.kms.client.error.KmsClientException.Problem;
import org.mcxkms.kms.client.error.KmsClientException;
import org.mcxkms.kms.client.trust.CertificateFingerprint;
import org.mcxkms.kms.client.trust.KeySetValidation;
import org.mcxkms.kms.protocol.KmsCertCache;
import org.mcxkms.kms.protocol.KmsCertificate;

/**
 * The client's rules for KMS certificates (TS 33.180 D.3, the KMS certificate): what a certificate must satisfy before
 * it is pinned or cached, and when a certificate other than the pinned one is accepted.
 *
 * <p>The first init pins the Root certificate the KMS presents (trusted because TLS is). Later, a
 * different certificate (by {@link CertificateFingerprint}) is accepted only as a <b>proper
 * rotation</b>, which means all of:
 * <ol>
 *   <li>it arrives over the same TLS trust from the same KMS URL (always the case: there is no other);
 *   <li>it has the same {@code KmsUri}, the same {@code UserIdFormat} and the same key period rule
 *       ({@code UserKeyPeriod}, {@code UserKeyOffset}): otherwise every UID changes and it is another
 *       security domain, not a rotation;
 *   <li>it passes the certificate checks (valid keys, Root role, format 2, parameter set 1, not
 *       revoked, within its validity);
 *   <li>continuity: the KMS still publishes the pinned certificate, unrevoked and valid, in its
 *       certificate cache (the server keeps the previous certificate published until it expires);
 *   <li>authorisation: either the init response was signed with the InK (or TrK) provisioned out of
 *       band, which a man in the middle cannot forge, or the operator approved exactly this
 *       certificate's fingerprint ({@link RotationApproval#rotationTo}).
 * </ol>
 * Anything else fails with {@link CertificateChangeException} listing the unmet conditions, and the
 * pin stays. {@link RotationApproval#replacePin} is the operator's override when continuity cannot
 * hold (a rebuilt domain, a revoked certificate).
 */
final class CertificatePinning {
  /** Fetches the KMS's certificate cache, for the continuity condition. */
  @FunctionalInterface
  interface CertCacheSource {
    KmsCertCache fetch() throws KmsClientException;
  }

  private CertificatePinning() {}

  /**
   * The checks of a KMS certificate before it is pinned or cached.
   *
   * @param responseKmsUri the {@code KmsUri} of the response that carried it
   * @param configuredKmsUri the {@code KmsUri} the profile requires, if any
   * @param root whether it must be the home KMS's Root certificate
   * @param kmsNow the KMS's time, for the validity period
   */
  static void check(KmsCertificate c, String responseKmsUri, Optional<String> configuredKmsUri, boolean root,
      Instant kmsNow) throws KmsClientException {
    String what = "the KMS certificate of " + clip(c.kmsUri());
    if (!"2".equals(c.userIdFormat().strip())) {
      throw new KmsClientException(Problem.CERTIFICATE, what + " has UserIdFormat '" + clip(c.userIdFormat())
          + "'; only 2 (TS 33.180 F.2.1 UID) is supported");
    }
    if (c.parameterSet().isPresent() && c.parameterSet().get() != 1) {
      throw new KmsClientException(Problem.CERTIFICATE, what + " uses SAKKE parameter set " + c.parameterSet().get()
          + "; only 1 (RFC 6509) is supported");
    }
    if (root) {
      if (c.role().isPresent() && c.role().get() != KmsCertificate.Role.ROOT) {
        throw new KmsClientException(Problem.CERTIFICATE, what + " has Role " + c.role().get().xmlValue()
            + "; init must return the Root certificate");
      }
      if (!c.kmsUri().equals(responseKmsUri)) {
        throw new KmsClientException(Problem.CERTIFICATE, what + " does not name the KMS that sent it ("
            + clip(responseKmsUri) + ")");
      }
      if (configuredKmsUri.isPresent() && !configuredKmsUri.get().equals(c.kmsUri())) {
        throw new KmsClientException(Problem.CERTIFICATE, what + " is not the configured KMS " + configuredKmsUri.get());
      }
      if (c.revoked()) {
        throw new KmsClientException(Problem.REVOKED, what + " (" + CertificateFingerprint.of(c)
            + ") is marked Revoked by the KMS: key material under it must not be used; ask the KMS operator");
      }
      if (c.validFrom().isPresent() && kmsNow.isBefore(c.validFrom().get())
          || c.validTo().isPresent() && !kmsNow.isBefore(c.validTo().get())) {
        throw new KmsClientException(Problem.CERTIFICATE, what + " is not valid now (" + c.validFrom().orElse(null)
            + " .. " + c.validTo().orElse(null) + ", KMS time " + kmsNow + ")");
      }
    }
    KeySetValidation.publicKeys(c); // KPAK and Z must be valid points
  }

  /**
   * Whether {@code offered}, which differs from {@code pinned}, replaces it.
   *
   * @param signed whether the response carrying {@code offered} was signed with the InK or TrK
   * @param kmsNow the KMS's time, for the continuity condition
   * @return {@link InitResult.Outcome#ROTATED} or {@link InitResult.Outcome#REPLACED}
   * @throws CertificateChangeException with every unmet condition
   */
  static InitResult.Outcome judgeChange(KmsCertificate pinned, KmsCertificate offered, boolean signed,
      RotationApproval approval, CertCacheSource certCache, Instant kmsNow) throws KmsClientException {
    CertificateFingerprint pinnedFp = CertificateFingerprint.of(pinned);
    CertificateFingerprint offeredFp = CertificateFingerprint.of(offered);
    List<String> unmet = new ArrayList<>();
    if (approval.kind() == RotationApproval.Kind.REPLACE) {
      if (approval.fingerprint().orElseThrow().equals(offeredFp)) {
        return InitResult.Outcome.REPLACED;
      }
      unmet.add("the approved replacement " + approval.fingerprint().get() + " is not the offered certificate");
      throw new CertificateChangeException(pinnedFp, offeredFp, unmet);
    }
    if (!offered.kmsUri().equals(pinned.kmsUri())) {
      unmet.add("KmsUri changed from " + pinned.kmsUri() + " to " + clip(offered.kmsUri())
          + " (another KMS, not a rotation)");
    }
    if (!offered.userIdFormat().equals(pinned.userIdFormat())
        || !offered.keyPeriodPolicy().equals(pinned.keyPeriodPolicy())) {
      unmet.add("the UID format or key period rule changed (" + pinned.keyPeriodPolicy() + " to "
          + offered.keyPeriodPolicy() + "): every UID would change");
    }
    boolean approved = approval.kind() == RotationApproval.Kind.ROTATION
        && approval.fingerprint().orElseThrow().equals(offeredFp);
    if (!signed && !approved) {
      unmet.add(approval.kind() == RotationApproval.Kind.ROTATION
          ? "the approved fingerprint " + approval.fingerprint().get() + " is not the offered certificate's"
          : "not approved: confirm " + offeredFp + " with the KMS operator and approve it (init --accept-rotation),"
              + " or provision an InK so that the KMS can sign the rotation");
    }
    if (unmet.isEmpty()) {
      continuity(pinned, certCache.fetch(), kmsNow).ifPresent(unmet::add);
    }
    if (!unmet.isEmpty()) {
      throw new CertificateChangeException(pinnedFp, offeredFp, unmet);
    }
    return InitResult.Outcome.ROTATED;
  }

  /** Empty if the KMS still publishes {@code pinned}, unrevoked and valid; else why not. */
  private static Optional<String> continuity(KmsCertificate pinned, KmsCertCache cache, Instant kmsNow) {
    CertificateFingerprint fp = CertificateFingerprint.of(pinned);
    for (KmsCertificate c : cache.certificates()) {
      if (CertificateFingerprint.of(c).equals(fp)) {
        if (c.revoked()) {
          return Optional.of("the KMS publishes the pinned certificate as revoked");
        }
        if (c.validTo().isPresent() && !kmsNow.isBefore(c.validTo().get())) {
          return Optional.of("the pinned certificate has expired (" + c.validTo().get() + ")");
        }
        return Optional.empty();
      }
    }
    return Optional.of("the KMS no longer publishes the pinned certificate " + fp + " in its certificate cache");
  }
}

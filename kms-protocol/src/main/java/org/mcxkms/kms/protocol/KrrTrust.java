package org.mcxkms.kms.protocol;

import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a verifier of KMS Redirect Responses trusts: the CA certificates a signer's certificate
 * must chain to (TS 33.180 D.4.2 leaves certificate verification out of scope; we require a
 * chain), how old a KRR may be and how far ahead a signer's clock may run.
 *
 * @param anchors trust anchors (CA certificates, or a signer's certificate pinned as such)
 * @param maxAge oldest KRR accepted, measured from its {@code Time}
 * @param clockSkew how far in the future a {@code Time} may lie
 */
public record KrrTrust(List<X509Certificate> anchors, Duration maxAge, Duration clockSkew) {
  public KrrTrust {
    anchors = List.copyOf(anchors);
    Objects.requireNonNull(maxAge, "maxAge");
    Objects.requireNonNull(clockSkew, "clockSkew");
    if (maxAge.isNegative() || clockSkew.isNegative()) {
      throw new IllegalArgumentException("maxAge and clockSkew must not be negative");
    }
  }

  /** Trusts {@code anchors}, KRRs up to one day old, five minutes of clock skew. */
  public static KrrTrust of(List<X509Certificate> anchors) {
    return new KrrTrust(anchors, Duration.ofDays(1), Duration.ofMinutes(5));
  }

  Set<TrustAnchor> trustAnchors() {
    Set<TrustAnchor> out = new LinkedHashSet<>();
    for (X509Certificate c : anchors) {
      out.add(new TrustAnchor(c, null));
    }
    return out;
  }
}

package org.mcxkms.mcx.gms;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.io.IOException;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies the same ES256 access tokens the KMS takes (TS 33.180 Annex B): signed by a key of the
 * IdM's JWKS, from the expected issuer, for the expected audience, unexpired, with the identity
 * in the configured claim.
 */
public final class JwksTokenVerifier implements TokenVerifier {
  private static final Logger LOG = LoggerFactory.getLogger("mcx.gms.auth");
  private final DefaultJWTProcessor<SecurityContext> processor;
  private final String identityClaim;

  private JwksTokenVerifier(JWKSet jwks, String issuer, String audience, String identityClaim) {
    this.identityClaim = identityClaim;
    this.processor = new DefaultJWTProcessor<>();
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.ES256, new ImmutableJWKSet<>(jwks)));
    processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(audience,
        new JWTClaimsSet.Builder().issuer(issuer).build(), new HashSet<>(Set.of("exp", identityClaim))));
  }

  public static JwksTokenVerifier fromFile(Path jwksFile, String issuer, String audience, String identityClaim)
      throws IOException {
    try {
      return new JwksTokenVerifier(JWKSet.load(jwksFile.toFile()), issuer, audience, identityClaim);
    } catch (ParseException e) {
      throw new IOException(jwksFile + ": not a JWKS", e);
    }
  }

  @Override
  public Optional<String> identity(String bearerToken) {
    try {
      JWTClaimsSet c = processor.process(bearerToken, null);
      return Optional.ofNullable(c.getStringClaim(identityClaim));
    } catch (Exception e) {
      LOG.warn("access token refused: {}", e.getClass().getSimpleName());
      return Optional.empty();
    }
  }
}

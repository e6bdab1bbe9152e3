package org.mcxkms.kms.server.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import org.mcxkms.kms.server.config.SecureFiles;

/**
 * FOR DEVELOPMENT AND TESTS ONLY: a stand-in for the MC identity management server, so a fresh
 * {@code ./mcx-kms serve} can be tried with curl. It keeps an ES256 signing key in
 * {@code data.dir/dev-idm/signing-key.jwk} (mode 0600) and publishes its JWKS next to it; the admin
 * API mints tokens with it. It is on only while {@code auth.jwks} is empty; production points
 * {@code auth.jwks} at the real IdM server and this class is never used.
 */
public final class DevIdentityProvider {
  public static final String ISSUER = "urn:mcx-kms:dev-idm";

  private final ECKey key;
  private final Path jwksFile;
  private final Clock clock;

  private DevIdentityProvider(ECKey key, Path jwksFile, Clock clock) {
    this.key = key;
    this.jwksFile = jwksFile;
    this.clock = clock;
  }

  /** Loads the development IdM key from {@code dir}, generating it on first use. */
  public static DevIdentityProvider openOrCreate(Path dir, Clock clock) throws IOException {
    Path keyFile = dir.resolve("signing-key.jwk");
    Path jwks = dir.resolve("jwks.json");
    ECKey key;
    if (Files.exists(keyFile)) {
      try {
        key = ECKey.parse(new String(SecureFiles.readSecret(keyFile), StandardCharsets.UTF_8));
      } catch (java.text.ParseException e) {
        throw new IOException("damaged development IdM key " + keyFile + ": " + e.getMessage());
      }
    } else {
      try {
        key = new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256)
            .keyID("dev-" + UUID.randomUUID()).generate();
      } catch (JOSEException e) {
        throw new IOException("cannot generate the development IdM key", e);
      }
      SecureFiles.writeSecret(keyFile, key.toJSONString());
    }
    Files.writeString(jwks, new JWKSet(key.toPublicJWK()).toString(true));
    return new DevIdentityProvider(key, jwks, clock);
  }

  public Path jwksFile() {
    return jwksFile;
  }

  /**
   * Mints an access token for {@code identity} as the IdM would: {@code iss}, {@code aud},
   * {@code sub} and the identity claim, the given scope, {@code iat}/{@code nbf}/{@code exp}.
   */
  public String mint(String identity, String audience, String identityClaim, String scope, Duration ttl) {
    Instant now = clock.instant();
    JWTClaimsSet claims = new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .audience(audience)
        .subject(identity)
        .claim(identityClaim, identity)
        .claim("scope", scope)
        .issueTime(Date.from(now))
        .notBeforeTime(Date.from(now))
        .expirationTime(Date.from(now.plus(ttl)))
        .jwtID(UUID.randomUUID().toString())
        .build();
    SignedJWT jwt = new SignedJWT(
        new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT).keyID(key.getKeyID()).build(), claims);
    try {
      jwt.sign(new ECDSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign the development token", e);
    }
    return jwt.serialize();
  }

  @Override
  public String toString() {
    return "DevIdentityProvider[" + key.getKeyID() + ", private key redacted]";
  }
}

package org.mcxkms.kms.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mcxkms.kms.server.config.ConfigKey;
import org.mcxkms.kms.server.config.KmsConfig;

/** Which scopes open the KMS, and tokens that claim to live for decades or come from the future. */
class TokenScopeAndLifetimeTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final String ISSUER = "https://idm.example";
  private static final String AUDIENCE = "kms.example";
  private final ECKey key;
  private final TokenVerifier verifier;

  TokenScopeAndLifetimeTest() throws Exception {
    key = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
    verifier = new TokenVerifier(new ImmutableJWKSet<>(new JWKSet(key.toPublicJWK())), ISSUER, AUDIENCE,
        KmsConfig.defaults().scopes(), "mcptt_id", Duration.ofSeconds(30), Duration.ofHours(24),
        Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private String token(String scope, Instant iat, Instant exp) throws Exception {
    JWTClaimsSet.Builder c = new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE).subject("alice")
        .expirationTime(Date.from(exp)).claim("mcptt_id", "sip:alice@example.org").claim("scope", scope);
    if (iat != null) {
      c.issueTime(Date.from(iat));
    }
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT)
        .keyID("k1").build(), c.build());
    jwt.sign(new ECDSASigner(key));
    return "Bearer " + jwt.serialize();
  }

  @ParameterizedTest
  @ValueSource(strings = {"3gpp:mc:key_management", "3gpp:mc:ptt_key_management_service",
      "3gpp:mc:video_key_management_service", "3gpp:mc:data_key_management_service",
      "3gpp:mcptt:key_management_server", "openid 3gpp:mcptt:ptt_server 3gpp:mcptt:key_management_server"})
  void theScopesMcxClientsSendAreAcceptedByDefault(String scope) throws Exception {
    assertThat(verifier.verify(token(scope, NOW, NOW.plusSeconds(3600))).identity()).isEqualTo("sip:alice@example.org");
  }

  @Test
  void aTokenWithoutAKeyManagementScopeIsRefused() throws Exception {
    assertThatThrownBy(() -> verifier.verify(token("openid 3gpp:mc:ptt_service", NOW, NOW.plusSeconds(3600))))
        .isInstanceOf(AuthException.class)
        .satisfies(e -> assertThat(((AuthException) e).reason()).isEqualTo(AuthException.Reason.INSUFFICIENT_SCOPE));
  }

  @Test
  void theAcceptedSetIsConfigurable() {
    KmsConfig c = KmsConfig.builder().set(ConfigKey.AUTH_SCOPE, "a:b, c:d a:b").build();
    assertThat(c.scopes()).containsExactly("a:b", "c:d");
    assertThat(c.scope()).isEqualTo("a:b");
  }

  @Test
  void aTokenValidForDecadesIsRefused() throws Exception {
    String decades = token("3gpp:mc:key_management", NOW, NOW.plus(Duration.ofDays(365L * 30)));
    assertThatThrownBy(() -> verifier.verify(decades)).isInstanceOf(AuthException.class)
        .hasMessageContaining("too far ahead");
    // the largest accepted lifetime still passes
    assertThat(verifier.verify(token("3gpp:mc:key_management", NOW, NOW.plus(Duration.ofHours(24))))).isNotNull();
  }

  @Test
  void aTokenIssuedInTheFutureIsRefused() throws Exception {
    String future = token("3gpp:mc:key_management", NOW.plus(Duration.ofHours(2)), NOW.plus(Duration.ofHours(3)));
    assertThatThrownBy(() -> verifier.verify(future)).isInstanceOf(AuthException.class).hasMessageContaining("iat");
    // within the clock skew is fine, and iat is optional
    assertThat(verifier.verify(token("3gpp:mc:key_management", NOW.plusSeconds(20), NOW.plusSeconds(600)))).isNotNull();
    assertThat(verifier.verify(token("3gpp:mc:key_management", null, NOW.plusSeconds(600)))).isNotNull();
  }

  @Test
  void theChallengeNamesEveryAcceptedScope() {
    assertThat(verifier.scope().split(" ")).containsExactlyElementsOf(List.copyOf(KmsConfig.defaults().scopes()));
  }

  @Test
  void refusalsSayWhatWasWrongInOurWords() throws Exception {
    assertThatThrownBy(() -> verifier.verify(token("3gpp:mc:key_management", NOW.minusSeconds(7200),
        NOW.minusSeconds(3600)))).hasMessage("token expired");
    ECKey other = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
    SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT).keyID("k1")
        .build(), new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE).expirationTime(Date.from(NOW.plusSeconds(60)))
        .claim("mcptt_id", "sip:mallory@example.org").claim("scope", "3gpp:mc:key_management").build());
    forged.sign(new ECDSASigner(other));
    assertThatThrownBy(() -> verifier.verify("Bearer " + forged.serialize()))
        .hasMessageStartingWith("token signature does not verify").hasMessageNotContaining("JWS");
    SignedJWT wrongAud = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT).keyID("k1")
        .build(), new JWTClaimsSet.Builder().issuer(ISSUER).audience("elsewhere").expirationTime(Date.from(NOW.plusSeconds(60)))
        .claim("mcptt_id", "sip:alice@example.org").claim("scope", "3gpp:mc:key_management").build());
    wrongAud.sign(new ECDSASigner(key));
    assertThatThrownBy(() -> verifier.verify("Bearer " + wrongAud.serialize()))
        .hasMessage("token audience (aud) is not this KMS");
  }
}

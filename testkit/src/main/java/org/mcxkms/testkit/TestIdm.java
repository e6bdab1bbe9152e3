package org.mcxkms.testkit;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/** A stand-in MC IdM server for tests: RS256 and ES256 keys, a JWKS file, real signed tokens. */
public final class TestIdm {
  public static final String ISSUER = "https://idm.test.example/";
  public static final String AUDIENCE = "kms.test.org";
  public static final String SCOPE = "3gpp:mc:key_management";

  public final RSAKey rsa;
  public final ECKey ec;
  public final ECKey stranger; // not in the JWKS
  public final Path jwks;

  public TestIdm(Path dir) throws Exception {
    rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
    ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
    stranger = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
    jwks = dir.resolve("idm-jwks.json");
    Files.writeString(jwks, new JWKSet(List.of(rsa.toPublicJWK(), ec.toPublicJWK())).toString(true));
  }

  /** Token options; defaults give a valid token for {@code identity}. */
  public final class Token {
    String identity;
    String issuer = ISSUER;
    String audience = AUDIENCE;
    String scope = "openid " + SCOPE;
    Instant expires = Instant.now().plus(Duration.ofMinutes(10));
    Instant notBefore = Instant.now().minusSeconds(5);
    JWSAlgorithm alg = JWSAlgorithm.ES256;
    boolean signWithStranger;
    boolean omitIdentity;

    Token(String identity) {
      this.identity = identity;
    }

    public Token issuer(String v) { issuer = v; return this; }
    public Token audience(String v) { audience = v; return this; }
    public Token scope(String v) { scope = v; return this; }
    public Token expires(Instant v) { expires = v; return this; }
    public Token notBefore(Instant v) { notBefore = v; return this; }
    public Token rs256() { alg = JWSAlgorithm.RS256; return this; }
    public Token stranger() { signWithStranger = true; return this; }
    public Token omitIdentity() { omitIdentity = true; return this; }

    public String sign() throws Exception {
      JWTClaimsSet.Builder c = new JWTClaimsSet.Builder()
          .issuer(issuer).audience(audience).subject(identity)
          .expirationTime(Date.from(expires)).notBeforeTime(Date.from(notBefore)).issueTime(new Date())
          .claim("scope", scope);
      if (!omitIdentity) {
        c.claim("mcptt_id", identity);
      }
      JWSSigner signer;
      String kid;
      if (alg == JWSAlgorithm.RS256) {
        signer = new RSASSASigner(rsa);
        kid = rsa.getKeyID();
      } else {
        signer = new ECDSASigner(signWithStranger ? stranger : ec);
        kid = ec.getKeyID();
      }
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).type(JOSEObjectType.JWT).keyID(kid).build(), c.build());
      jwt.sign(signer);
      return jwt.serialize();
    }
  }

  public Token token(String identity) {
    return new Token(identity);
  }
}

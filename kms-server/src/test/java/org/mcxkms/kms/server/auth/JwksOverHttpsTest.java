package org.mcxkms.kms.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcxkms.kms.server.config.ConfigException;
import org.mcxkms.kms.server.tls.TlsIdentity;

/** The IdM's JWKS fetched over HTTPS (trusting a given CA), cached, and refetched when the IdM adds a key. */
class JwksOverHttpsTest {
  @TempDir Path dir;

  private static String token(RSAKey key, String id) throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
        new JWTClaimsSet.Builder().issuer("https://idm.example").audience("kms").subject(id).claim("mcptt_id", id)
            .claim("scope", "3gpp:mc:key_management").expirationTime(new Date(System.currentTimeMillis() + 600_000))
            .build());
    jwt.sign(new RSASSASigner(key));
    return "Bearer " + jwt.serialize();
  }

  @Test
  void jwksUrlIsFetchedOverHttpsAndRefetchedForANewKey() throws Exception {
    TlsIdentity tls = TlsIdentity.selfSigned(dir.resolve("idm-tls"), List.of("localhost"), new SecureRandom());
    RSAKey k1 = new RSAKeyGenerator(2048).keyID("k1").generate();
    RSAKey k2 = new RSAKeyGenerator(2048).keyID("k2").generate();
    AtomicReference<String> published = new AtomicReference<>(new JWKSet(k1.toPublicJWK()).toString());
    AtomicInteger fetches = new AtomicInteger();

    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(tls.keyStore(), tls.keyStorePassword().toCharArray());
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), null, null);
    HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(ctx));
    server.createContext("/jwks.json", ex -> {
      fetches.incrementAndGet();
      byte[] b = published.get().getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(200, b.length);
      ex.getResponseBody().write(b);
      ex.close();
    });
    server.start();
    try {
      String url = "https://localhost:" + server.getAddress().getPort() + "/jwks.json";
      TokenVerifier v = new TokenVerifier(JwksSources.of(url, Duration.ofMinutes(5), tls.certificatePem()),
          "https://idm.example", "kms", "3gpp:mc:key_management", "mcptt_id", Duration.ofSeconds(30),
          Clock.systemUTC());
      assertThat(v.verify(token(k1, "sip:a@x")).identity()).isEqualTo("sip:a@x");
      assertThat(v.verify(token(k1, "sip:b@x")).identity()).isEqualTo("sip:b@x");
      assertThat(fetches.get()).isEqualTo(1); // cached

      // The IdM rolls over to a new key; a token naming it makes the KMS fetch the JWKS again.
      published.set(new JWKSet(List.of(k1.toPublicJWK(), k2.toPublicJWK())).toString());
      assertThat(v.verify(token(k2, "sip:c@x")).identity()).isEqualTo("sip:c@x");
      assertThat(fetches.get()).isEqualTo(2);

      // Without trusting the IdM's CA the JWKS cannot be fetched: tokens are refused.
      TokenVerifier untrusting = new TokenVerifier(JwksSources.of(url, Duration.ofMinutes(5)), "https://idm.example",
          "kms", "3gpp:mc:key_management", "mcptt_id", Duration.ofSeconds(30), Clock.systemUTC());
      assertThatThrownBy(() -> untrusting.verify(token(k1, "sip:a@x"))).isInstanceOf(AuthException.class);
    } finally {
      server.stop(0);
    }
    assertThatThrownBy(() -> JwksSources.of("http://idm.example/jwks.json", Duration.ofMinutes(5)))
        .isInstanceOf(ConfigException.class).hasMessageContaining("https");
  }
}

package org.mcxkms.kms.server.auth;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.mcxkms.kms.server.config.ConfigException;

/** Where the IdM server's public keys come from: a JWKS file, or an HTTPS URL fetched and cached. */
public final class JwksSources {
  private JwksSources() {}

  /**
   * A JWKS from {@code location}: {@code https://...} is fetched, cached for {@code refresh} and
   * refetched when a token names an unknown key ({@code kid}); anything else is a file path, read
   * again whenever the file changes. Private keys in the file are ignored.
   */
  public static JWKSource<SecurityContext> of(String location, Duration refresh) {
    return of(location, refresh, null);
  }

  /** As {@link #of(String, Duration)}, trusting the certificates in {@code caPem} for an https URL. */
  public static JWKSource<SecurityContext> of(String location, Duration refresh, Path caPem) {
    if (location.startsWith("https://")) {
      try {
        long ttl = refresh.toMillis();
        return JWKSourceBuilder.create(URI.create(location).toURL(),
                new DefaultResourceRetriever(5_000, 5_000, 512 * 1024, true, caPem == null ? null : trusting(caPem)))
            .cache(ttl, Math.min(15_000, ttl))
            .refreshAheadCache(false)
            .retrying(true)
            .build();
      } catch (MalformedURLException | IllegalArgumentException e) {
        throw new ConfigException("auth.jwks is not a valid URL: " + location);
      }
    }
    if (location.startsWith("http://")) {
      throw new ConfigException("auth.jwks must be https:// (a JWKS over plain HTTP can be replaced in transit)");
    }
    return fileSource(Path.of(location));
  }

  private static javax.net.ssl.SSLSocketFactory trusting(Path pem) {
    try {
      java.security.KeyStore ts = java.security.KeyStore.getInstance("PKCS12");
      ts.load(null, null);
      int i = 0;
      for (java.security.cert.Certificate c : java.security.cert.CertificateFactory.getInstance("X.509")
          .generateCertificates(new java.io.ByteArrayInputStream(Files.readAllBytes(pem)))) {
        ts.setCertificateEntry("ca" + i++, c);
      }
      if (i == 0) {
        throw new ConfigException("auth.jwks.ca " + pem + " holds no certificate");
      }
      javax.net.ssl.TrustManagerFactory tmf =
          javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ts);
      javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx.getSocketFactory();
    } catch (IOException | java.security.GeneralSecurityException e) {
      throw new ConfigException("cannot read auth.jwks.ca " + pem + ": " + e.getMessage());
    }
  }

  static JWKSource<SecurityContext> fileSource(Path file) {
    load(file); // fail at start if unreadable
    return new JWKSource<>() {
      private volatile JWKSet set = load(file);
      private volatile long modified = mtime(file);

      @Override
      public List<com.nimbusds.jose.jwk.JWK> get(com.nimbusds.jose.jwk.JWKSelector selector, SecurityContext ctx) {
        long m = mtime(file);
        if (m != modified) {
          try {
            set = load(file);
            modified = m;
          } catch (ConfigException e) {
            // keep the last good set while the file is being rewritten
          }
        }
        return selector.select(set);
      }
    };
  }

  private static long mtime(Path file) {
    try {
      return Files.getLastModifiedTime(file).toMillis();
    } catch (IOException e) {
      return -1;
    }
  }

  private static JWKSet load(Path file) {
    try {
      return JWKSet.load(file.toFile()).toPublicJWKSet();
    } catch (IOException | java.text.ParseException e) {
      throw new ConfigException("cannot read the JWKS file " + file + ": " + e.getMessage());
    }
  }
}

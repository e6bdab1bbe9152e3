package org.mcxkms.kms.server.auth;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies MC access tokens (TS 33.180 B.10, TS 33.179 B.5; RFC 6750 bearer, RFC 7519 JWT): the
 * JWS signature (RS256 or ES256) against the IdM server's JWKS, then {@code iss}, {@code aud},
 * {@code exp} and {@code nbf} (with a small clock skew), that the token is not issued in the future
 * ({@code iat}) nor valid for longer than the configured maximum ahead ({@code exp}), one of the
 * accepted key-management scopes, and the claim that carries the MC identity.
 *
 * <p>Verified tokens are remembered for at most a minute (and never past their expiry), so a
 * client that reuses its token costs one signature check a minute instead of one per request.
 */
public final class TokenVerifier {
  private static final int MAX_TOKEN_LENGTH = 16 * 1024;
  private static final int CACHE_LIMIT = 50_000;
  private static final Duration CACHE_TTL = Duration.ofSeconds(60);

  private final DefaultJWTProcessor<SecurityContext> processor;
  private final Set<String> scopes;
  private final String identityClaim;
  private final Duration maxLifetime;
  private final Clock clock;
  private final Duration skew;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  private record Cached(Caller caller, Instant until) {}

  public TokenVerifier(JWKSource<SecurityContext> jwks, String issuer, String audience, String scope,
      String identityClaim, Duration skew, Clock clock) {
    this(jwks, issuer, audience, List.of(scope), identityClaim, skew, Duration.ofDays(1), clock);
  }

  /**
   * @param scopes a token must carry at least one of these
   * @param maxLifetime tokens whose {@code exp} lies further ahead are refused
   */
  public TokenVerifier(JWKSource<SecurityContext> jwks, String issuer, String audience, List<String> scopes,
      String identityClaim, Duration skew, Duration maxLifetime, Clock clock) {
    if (scopes.isEmpty()) {
      throw new IllegalArgumentException("at least one scope");
    }
    this.scopes = new LinkedHashSet<>(scopes);
    this.maxLifetime = maxLifetime;
    this.identityClaim = identityClaim;
    this.clock = clock;
    this.skew = skew;
    processor = new DefaultJWTProcessor<>();
    processor.setJWSTypeVerifier(
        new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256), jwks));
    DefaultJWTClaimsVerifier<SecurityContext> claims =
        new DefaultJWTClaimsVerifier<>(
            audience,
            new JWTClaimsSet.Builder().issuer(issuer).build(),
            new HashSet<>(List.of("iss", "aud", "exp", identityClaim))) {
          @Override
          protected java.util.Date currentTime() {
            return java.util.Date.from(clock.instant());
          }
        };
    claims.setMaxClockSkew((int) skew.getSeconds());
    processor.setJWTClaimsSetVerifier(claims);
  }

  /**
   * Checks the {@code Authorization} header value and returns the caller, or throws
   * {@link AuthException} saying what was wrong (never echoing the token).
   */
  public Caller verify(String authorizationHeader) throws AuthException {
    if (authorizationHeader == null || authorizationHeader.isBlank()) {
      throw new AuthException(AuthException.Reason.MISSING_TOKEN, "no bearer token");
    }
    String h = authorizationHeader.trim();
    if (h.length() < 7 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new AuthException(AuthException.Reason.INVALID_TOKEN, "Authorization is not a Bearer token");
    }
    String token = h.substring(7).trim();
    if (token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
      throw new AuthException(AuthException.Reason.INVALID_TOKEN, "malformed bearer token");
    }
    Instant now = clock.instant();
    Cached c = cache.get(token);
    if (c != null && now.isBefore(c.until())) {
      return checkScope(c.caller());
    }
    Caller caller = verifyToken(token);
    if (cache.size() >= CACHE_LIMIT) {
      cache.clear();
    }
    Instant until = now.plus(CACHE_TTL);
    Instant exp = caller.expiresAt().plus(skew);
    cache.put(token, new Cached(caller, until.isBefore(exp) ? until : exp));
    return checkScope(caller);
  }

  private Caller verifyToken(String token) throws AuthException {
    JWTClaimsSet claims;
    try {
      claims = processor.process(token, null);
    } catch (java.text.ParseException e) {
      throw new AuthException(AuthException.Reason.INVALID_TOKEN, "malformed token");
    } catch (BadJWTException e) {
      throw new AuthException(AuthException.Reason.INVALID_TOKEN, claimsProblem(e.getMessage()));
    } catch (BadJOSEException e) {
      throw new AuthException(AuthException.Reason.INVALID_TOKEN,
          "token signature does not verify under a key of the IdM's JWKS, or its type or algorithm is refused");
    } catch (com.nimbusds.jose.JOSEException e) {
      throw new AuthException(AuthException.Reason.INVALID_TOKEN, "token could not be verified");
    } catch (RuntimeException e) {
      throw new AuthException(AuthException.Reason.INVALID_TOKEN, "token could not be verified");
    }
    Instant now = clock.instant();
    Instant exp = claims.getExpirationTime().toInstant();
    if (exp.isAfter(now.plus(maxLifetime).plus(skew))) {
      throw new AuthException(AuthException.Reason.INVALID_TOKEN,
          "token expires too far ahead (more than " + maxLifetime.toSeconds() + " s)");
    }
    if (claims.getIssueTime() != null && claims.getIssueTime().toInstant().isAfter(now.plus(skew))) {
      throw new AuthException(AuthException.Reason.INVALID_TOKEN, "token is issued in the future (iat)");
    }
    Object id = claims.getClaim(identityClaim);
    if (!(id instanceof String) || ((String) id).isBlank()) {
      throw new AuthException(AuthException.Reason.INVALID_TOKEN, "token has no string claim '" + identityClaim + "'");
    }
    return new Caller((String) id, claims.getSubject(), scopes(claims), claims.getExpirationTime().toInstant());
  }

  /**
   * What was wrong with the claims, in our words: the library's message is only looked at, never
   * passed on (it names library internals, and may quote claim values).
   */
  private String claimsProblem(String library) {
    String m = library == null ? "" : library.toLowerCase(Locale.ROOT);
    if (m.contains("expired")) {
      return "token expired";
    }
    if (m.contains("before use time") || m.contains("nbf")) {
      return "token not yet valid (nbf)";
    }
    if (m.contains("aud claim") || m.contains("audience")) {
      return "token audience (aud) is not this KMS";
    }
    if (m.contains("missing required claims")) {
      return "token lacks a required claim (iss, aud, exp, " + identityClaim + ")";
    }
    if (m.contains("iss")) {
      return "token issuer (iss) is not the configured IdM";
    }
    return "token claims rejected";
  }

  /** Scopes from {@code scope} (space-separated, RFC 8693 / RFC 9068) or {@code scp} (array). */
  private static Set<String> scopes(JWTClaimsSet claims) {
    Set<String> out = new LinkedHashSet<>();
    Object s = claims.getClaim("scope");
    if (s instanceof String) {
      for (String part : ((String) s).split(" ")) {
        if (!part.isEmpty()) {
          out.add(part);
        }
      }
    }
    Object scp = claims.getClaim("scp");
    if (scp instanceof List) {
      for (Object o : (List<?>) scp) {
        if (o instanceof String) {
          out.add((String) o);
        }
      }
    } else if (scp instanceof String) {
      out.add((String) scp);
    }
    return out;
  }

  private Caller checkScope(Caller caller) throws AuthException {
    for (String s : caller.scopes()) {
      if (scopes.contains(s)) {
        return caller;
      }
    }
    throw new AuthException(AuthException.Reason.INSUFFICIENT_SCOPE, "token lacks a key-management scope ("
        + scope() + ")");
  }

  /** The accepted scopes, space-separated (as in an RFC 6750 challenge). */
  public String scope() {
    return String.join(" ", scopes);
  }
}

package org.mcxkms.kms.server.admin;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mcxkms.kms.server.auth.DevIdentityProvider;

/**
 * {@code POST dev/token {user, ttl_seconds?, scope?}}, FOR DEVELOPMENT: an access token for
 * {@code user} signed by the development IdM; refused when a real IdM is configured.
 */
final class DevTokenEndpoint implements AdminEndpoint {
  private static final long MAX_TTL_SECONDS = 7 * 86400;

  private final DevIdentityProvider devIdm; // null unless the development IdM is on
  private final String audience;
  private final String identityClaim;
  private final String scope;

  DevTokenEndpoint(DevIdentityProvider devIdm, String audience, String identityClaim, String scope) {
    this.devIdm = devIdm;
    this.audience = audience;
    this.identityClaim = identityClaim;
    this.scope = scope;
  }

  @Override
  public Object handle(AdminCall call) throws AdminException {
    if (devIdm == null) {
      throw new AdminException(AdminError.NOT_FOUND,
          "the development IdM is off (auth.jwks is set); get tokens from your IdM server");
    }
    String user = Identities.checkUri("user", call.text("user"));
    long ttlSeconds = call.number("ttl_seconds", 3600);
    if (ttlSeconds < 1 || ttlSeconds > MAX_TTL_SECONDS) {
      throw new AdminException(AdminError.BAD_REQUEST, "ttl_seconds must be in [1, " + MAX_TTL_SECONDS + "]");
    }
    String s = call.optionalText("scope");
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("access_token", devIdm.mint(user, audience, identityClaim, s == null ? scope : s,
        Duration.ofSeconds(ttlSeconds)));
    m.put("token_type", "Bearer");
    m.put("expires_in", ttlSeconds);
    m.put("warning", "development token from the local test IdM; not for production");
    return m;
  }
}

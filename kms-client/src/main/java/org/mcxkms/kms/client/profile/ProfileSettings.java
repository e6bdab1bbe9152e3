package org.mcxkms.kms.client.profile;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.mcxkms.kms.client.trust.TlsTrust;

/**
 * What a key profile is for, fixed when it is created: which KMS (its HTTPS base URL and TLS trust,
 * optionally the {@code KmsUri} it must present), whose profile it is ({@code UserUri}: the MC
 * service ID of a UE, or the identity of an MCPTT server or GMS), and how many past key periods to
 * keep. Immutable.
 */
public final class ProfileSettings {
  private final URI kmsUrl;
  private final String userUri;
  private final String kmsUri;
  private final TlsTrust tls;
  private final int keepPastPeriods;
  private final String clientId;
  private final String deviceId;

  private ProfileSettings(Builder b) {
    if (b.kmsUrl == null) {
      throw new IllegalArgumentException("the KMS URL is required");
    }
    URI u = b.kmsUrl;
    if (!"https".equalsIgnoreCase(u.getScheme()) || u.getHost() == null) {
      throw new IllegalArgumentException("the KMS URL must be an https:// URL with a host, got " + u);
    }
    if (u.getRawQuery() != null || u.getRawFragment() != null || u.getRawUserInfo() != null) {
      throw new IllegalArgumentException("the KMS URL must not carry user info, a query or a fragment");
    }
    String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
    if (!path.endsWith("/")) {
      path += "/";
    }
    // A bare server URL gets the Annex D base path (D.2).
    if (path.equals("/")) {
      path = "/keymanagement/identity/v1/";
    }
    this.kmsUrl = URI.create(u.getScheme().toLowerCase(Locale.ROOT) + "://" + u.getRawAuthority() + path);
    this.userUri = checkUri(b.userUri, "the user URI");
    this.kmsUri = b.kmsUri == null ? null : checkUri(b.kmsUri, "the KMS URI");
    this.tls = Objects.requireNonNull(b.tls, "the TLS trust is required");
    if (b.keepPastPeriods < 0 || b.keepPastPeriods > 1000) {
      throw new IllegalArgumentException("keepPastPeriods must be in [0, 1000]");
    }
    this.keepPastPeriods = b.keepPastPeriods;
    this.clientId = b.clientId;
    this.deviceId = b.deviceId;
  }

  public static String checkUri(String s, String what) {
    if (s == null || s.isEmpty()) {
      throw new IllegalArgumentException(what + " is required");
    }
    if (s.length() > 1024) {
      throw new IllegalArgumentException(what + " is longer than 1024 characters");
    }
    for (int i = 0; i < s.length(); i++) {
      if (Character.isWhitespace(s.charAt(i)) || Character.isISOControl(s.charAt(i))) {
        throw new IllegalArgumentException(what + " must not contain whitespace or control characters");
      }
    }
    return s;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.kmsUrl = kmsUrl;
    b.userUri = userUri;
    b.kmsUri = kmsUri;
    b.tls = tls;
    b.keepPastPeriods = keepPastPeriods;
    b.clientId = clientId;
    b.deviceId = deviceId;
    return b;
  }

  /** Base URL of the Annex D resources, ending in {@code /} (e.g. {@code https://kms:8443/keymanagement/identity/v1/}). */
  public URI kmsUrl() {
    return kmsUrl;
  }

  /** The profile owner's identity, sent as {@code UserUri}. */
  public String userUri() {
    return userUri;
  }

  /** The {@code KmsUri} the KMS must present, if configured (otherwise learnt at init). */
  public Optional<String> kmsUri() {
    return Optional.ofNullable(kmsUri);
  }

  public TlsTrust tls() {
    return tls;
  }

  /** How many key periods before the current one are kept (for late messages); older ones are pruned. */
  public int keepPastPeriods() {
    return keepPastPeriods;
  }

  public Optional<String> clientId() {
    return Optional.ofNullable(clientId);
  }

  public Optional<String> deviceId() {
    return Optional.ofNullable(deviceId);
  }

  @Override
  public String toString() {
    return "ProfileSettings[" + userUri + " at " + kmsUrl + (kmsUri == null ? "" : " (" + kmsUri + ")") + ", " + tls
        + ", keep " + keepPastPeriods + " past periods]";
  }

  public static final class Builder {
    private URI kmsUrl;
    private String userUri;
    private String kmsUri;
    private TlsTrust tls;
    private int keepPastPeriods = 1;
    private String clientId;
    private String deviceId;

    private Builder() {}

    public Builder kmsUrl(URI kmsUrl) {
      this.kmsUrl = kmsUrl;
      return this;
    }

    public Builder kmsUrl(String kmsUrl) {
      this.kmsUrl = URI.create(kmsUrl);
      return this;
    }

    public Builder userUri(String userUri) {
      this.userUri = userUri;
      return this;
    }

    public Builder kmsUri(String kmsUri) {
      this.kmsUri = kmsUri;
      return this;
    }

    public Builder tls(TlsTrust tls) {
      this.tls = tls;
      return this;
    }

    public Builder keepPastPeriods(int n) {
      this.keepPastPeriods = n;
      return this;
    }

    public Builder clientId(String clientId) {
      this.clientId = clientId;
      return this;
    }

    public Builder deviceId(String deviceId) {
      this.deviceId = deviceId;
      return this;
    }

    /** @throws IllegalArgumentException if a value is missing or unacceptable */
    public ProfileSettings build() {
      return new ProfileSettings(this);
    }
  }
}

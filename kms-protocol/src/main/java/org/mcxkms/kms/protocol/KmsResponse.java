package org.mcxkms.kms.protocol;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@code KmsResponse} (TS 33.180 D.3.1, Table D.3.1-1): a {@link KmsMessage}, a
 * {@link KmsError}, or both. {@code TrK-ID} and {@code Signature-ID} are the Rel-17 additions of
 * the security extension (see {@link KmsSchema}).
 */
public final class KmsResponse {
  private final String version;
  private final String id;
  private final String userUri;
  private final String kmsUri;
  private final Instant time;
  private final String kmsId;
  private final String clientReqUrl;
  private final KmsMessage message;
  private final KmsError error;
  private final String trkId;
  private final String signatureId;

  private KmsResponse(Builder b) {
    this.version = b.version;
    this.id = b.id;
    this.userUri = KmsCertificate.required(b.userUri, "UserUri");
    this.kmsUri = KmsCertificate.required(b.kmsUri, "KmsUri");
    if (b.time == null) {
      throw new IllegalStateException("Time is required");
    }
    this.time = b.time;
    this.kmsId = b.kmsId;
    this.clientReqUrl = KmsCertificate.required(b.clientReqUrl, "ClientReqUrl");
    if (b.message == null && b.error == null) {
      throw new IllegalStateException("a KmsResponse needs a KmsMessage or a KmsError");
    }
    this.message = b.message;
    this.error = b.error;
    this.trkId = b.trkId;
    this.signatureId = b.signatureId;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.version = version;
    b.id = id;
    b.userUri = userUri;
    b.kmsUri = kmsUri;
    b.time = time;
    b.kmsId = kmsId;
    b.clientReqUrl = clientReqUrl;
    b.message = message;
    b.error = error;
    b.trkId = trkId;
    b.signatureId = signatureId;
    return b;
  }

  /** {@code @Version} as received; the writer always emits {@value KmsXml#RESPONSE_VERSION}. */
  public String version() {
    return version;
  }

  /** {@code @Id}, the target of a signature reference. */
  public Optional<String> id() {
    return Optional.ofNullable(id);
  }

  public String userUri() {
    return userUri;
  }

  public String kmsUri() {
    return kmsUri;
  }

  /** {@code Time}: when the KMS sent the response (a zoneless value is read as UTC). */
  public Instant time() {
    return time;
  }

  public Optional<String> kmsId() {
    return Optional.ofNullable(kmsId);
  }

  public String clientReqUrl() {
    return clientReqUrl;
  }

  public Optional<KmsMessage> message() {
    return Optional.ofNullable(message);
  }

  public Optional<KmsError> error() {
    return Optional.ofNullable(error);
  }

  /** {@code TrK-ID}: the TrK that protects key material in this response. */
  public Optional<String> trkId() {
    return Optional.ofNullable(trkId);
  }

  /** {@code Signature-ID}: the key (InK, else TrK) that signed this response. */
  public Optional<String> signatureId() {
    return Optional.ofNullable(signatureId);
  }

  /** The message if it is a {@link KmsInit}. */
  public Optional<KmsInit> init() {
    return message instanceof KmsInit ? Optional.of((KmsInit) message) : Optional.empty();
  }

  /** The message if it is a {@link KmsKeyProv}. */
  public Optional<KmsKeyProv> keyProv() {
    return message instanceof KmsKeyProv ? Optional.of((KmsKeyProv) message) : Optional.empty();
  }

  /** The message if it is a {@link KmsCertCache}. */
  public Optional<KmsCertCache> certCache() {
    return message instanceof KmsCertCache ? Optional.of((KmsCertCache) message) : Optional.empty();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof KmsResponse)) {
      return false;
    }
    KmsResponse r = (KmsResponse) o;
    return version.equals(r.version) && Objects.equals(id, r.id) && userUri.equals(r.userUri)
        && kmsUri.equals(r.kmsUri) && time.equals(r.time) && Objects.equals(kmsId, r.kmsId)
        && clientReqUrl.equals(r.clientReqUrl) && Objects.equals(message, r.message)
        && Objects.equals(error, r.error) && Objects.equals(trkId, r.trkId)
        && Objects.equals(signatureId, r.signatureId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(userUri, kmsUri, time, clientReqUrl);
  }

  @Override
  public String toString() {
    return "KmsResponse[" + kmsUri + " -> " + userUri + " for " + clientReqUrl + " at " + time
        + (message == null ? "" : ", " + message) + (error == null ? "" : ", " + error)
        + (trkId == null ? "" : ", TrK-ID " + trkId) + (signatureId == null ? "" : ", Signature-ID " + signatureId)
        + "]";
  }

  public static final class Builder {
    private String version = KmsXml.RESPONSE_VERSION;
    private String id;
    private String userUri;
    private String kmsUri;
    private Instant time;
    private String kmsId;
    private String clientReqUrl;
    private KmsMessage message;
    private KmsError error;
    private String trkId;
    private String signatureId;

    private Builder() {}

    public Builder version(String version) {
      this.version = Objects.requireNonNull(version);
      return this;
    }

    public Builder id(String id) {
      this.id = id;
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

    public Builder time(Instant time) {
      this.time = time;
      return this;
    }

    public Builder kmsId(String kmsId) {
      this.kmsId = kmsId;
      return this;
    }

    public Builder clientReqUrl(String clientReqUrl) {
      this.clientReqUrl = clientReqUrl;
      return this;
    }

    public Builder message(KmsMessage message) {
      this.message = message;
      return this;
    }

    public Builder error(KmsError error) {
      this.error = error;
      return this;
    }

    public Builder trkId(String trkId) {
      this.trkId = trkId;
      return this;
    }

    public Builder signatureId(String signatureId) {
      this.signatureId = signatureId;
      return this;
    }

    /**
     * @throws IllegalStateException if UserUri, KmsUri, Time or ClientReqUrl is missing, or there
     *     is neither a message nor an error
     */
    public KmsResponse build() {
      return new KmsResponse(this);
    }
  }
}

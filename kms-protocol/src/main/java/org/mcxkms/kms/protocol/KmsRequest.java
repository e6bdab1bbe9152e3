package org.mcxkms.kms.protocol;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@code KmsRequest} (TS 33.180 D.2.2, Table D.2.2-1): the optional body of every POST to the
 * KMS. {@code TrK-ID} and {@code Signature-ID} are the Rel-17 additions of the security
 * extension (not in the older schema; see {@link KmsSchema}).
 */
public final class KmsRequest {
  private final String version;
  private final String id;
  private final String userUri;
  private final String kmsUri;
  private final Instant time;
  private final String clientId;
  private final String deviceId;
  private final String clientReqUrl;
  private final OpaqueXml krrList;
  private final KmsError clientError;
  private final String trkId;
  private final String signatureId;

  private KmsRequest(Builder b) {
    this.version = b.version;
    this.id = b.id;
    this.userUri = KmsCertificate.required(b.userUri, "UserUri");
    this.kmsUri = KmsCertificate.required(b.kmsUri, "KmsUri");
    if (b.time == null) {
      throw new IllegalStateException("Time is required");
    }
    this.time = b.time;
    this.clientId = b.clientId;
    this.deviceId = b.deviceId;
    this.clientReqUrl = KmsCertificate.required(b.clientReqUrl, "ClientReqUrl");
    this.krrList = b.krrList;
    this.clientError = b.clientError;
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
    b.clientId = clientId;
    b.deviceId = deviceId;
    b.clientReqUrl = clientReqUrl;
    b.krrList = krrList;
    b.clientError = clientError;
    b.trkId = trkId;
    b.signatureId = signatureId;
    return b;
  }

  /**
   * {@code @Version} as received (deployed clients send 1.0.0 or 1.1.0); the writer always emits
   * {@value KmsXml#REQUEST_VERSION}.
   */
  public String version() {
    return version;
  }

  /** {@code @Id}, the target of a signature reference. */
  public Optional<String> id() {
    return Optional.ofNullable(id);
  }

  /** {@code UserUri}: the user making the request. */
  public String userUri() {
    return userUri;
  }

  /** {@code KmsUri}: the KMS the request is sent to. */
  public String kmsUri() {
    return kmsUri;
  }

  /** {@code Time}: when the client made the request (a zoneless value is read as UTC). */
  public Instant time() {
    return time;
  }

  public Optional<String> clientId() {
    return Optional.ofNullable(clientId);
  }

  public Optional<String> deviceId() {
    return Optional.ofNullable(deviceId);
  }

  /** {@code ClientReqUrl}: the resource URI the request is posted to. */
  public String clientReqUrl() {
    return clientReqUrl;
  }

  /** {@code KrrList}, kept verbatim (only used when posting to {@code redirect}). */
  public Optional<OpaqueXml> krrList() {
    return Optional.ofNullable(krrList);
  }

  /** {@code ClientError}: an earlier failure the client reports. */
  public Optional<KmsError> clientError() {
    return Optional.ofNullable(clientError);
  }

  /** {@code TrK-ID}: the TrK the client holds (asks for confidentiality of key material). */
  public Optional<String> trkId() {
    return Optional.ofNullable(trkId);
  }

  /** {@code Signature-ID}: the key (InK, else TrK) that signs this request. */
  public Optional<String> signatureId() {
    return Optional.ofNullable(signatureId);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof KmsRequest)) {
      return false;
    }
    KmsRequest r = (KmsRequest) o;
    return version.equals(r.version) && Objects.equals(id, r.id) && userUri.equals(r.userUri)
        && kmsUri.equals(r.kmsUri) && time.equals(r.time) && Objects.equals(clientId, r.clientId)
        && Objects.equals(deviceId, r.deviceId) && clientReqUrl.equals(r.clientReqUrl)
        && Objects.equals(krrList, r.krrList) && Objects.equals(clientError, r.clientError)
        && Objects.equals(trkId, r.trkId) && Objects.equals(signatureId, r.signatureId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(userUri, kmsUri, time, clientReqUrl);
  }

  @Override
  public String toString() {
    return "KmsRequest[" + userUri + " -> " + kmsUri + " " + clientReqUrl + " at " + time
        + (trkId == null ? "" : ", TrK-ID " + trkId) + (signatureId == null ? "" : ", Signature-ID " + signatureId)
        + "]";
  }

  public static final class Builder {
    private String version = KmsXml.REQUEST_VERSION;
    private String id;
    private String userUri;
    private String kmsUri;
    private Instant time;
    private String clientId;
    private String deviceId;
    private String clientReqUrl;
    private OpaqueXml krrList;
    private KmsError clientError;
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

    public Builder clientId(String clientId) {
      this.clientId = clientId;
      return this;
    }

    public Builder deviceId(String deviceId) {
      this.deviceId = deviceId;
      return this;
    }

    public Builder clientReqUrl(String clientReqUrl) {
      this.clientReqUrl = clientReqUrl;
      return this;
    }

    /** Sets {@code KrrList}; must be a {@code KrrList} element in the KMS namespace. */
    public Builder krrList(OpaqueXml krrList) {
      if (krrList != null && !(KmsXml.NS.equals(krrList.namespace()) && "KrrList".equals(krrList.localName()))) {
        throw new IllegalArgumentException("KrrList must be a {" + KmsXml.NS + "}KrrList element");
      }
      this.krrList = krrList;
      return this;
    }

    public Builder clientError(KmsError clientError) {
      this.clientError = clientError;
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

    /** @throws IllegalStateException if UserUri, KmsUri, Time or ClientReqUrl is missing */
    public KmsRequest build() {
      return new KmsRequest(this);
    }
  }
}

package org.mcxkms.kms.protocol;

import static org.mcxkms.kms.protocol.Fields.required;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@code KmsRequest} (TS 33.180 D.2.2, Table D.2.2-1): the optional body of every POST to the
 * KMS. {@code TrK-ID} and {@code Signature-ID} are the Rel-17 additions of the security
 * extension (not in the older schema; see {@link KmsSchema}).
 *
 * @param version {@code @Version} as received (deployed clients send 1.0.0 or 1.1.0); the writer
 *     always emits {@value KmsXml#REQUEST_VERSION}
 * @param id {@code @Id}, the target of a signature reference
 * @param userUri {@code UserUri}: the user making the request
 * @param kmsUri {@code KmsUri}: the KMS the request is sent to
 * @param time {@code Time}: when the client made the request (a zoneless value is read as UTC)
 * @param clientReqUrl {@code ClientReqUrl}: the resource URI the request is posted to
 * @param krrList {@code KrrList}, kept verbatim (only used when posting to {@code redirect})
 * @param clientError {@code ClientError}: an earlier failure the client reports
 * @param trkId {@code TrK-ID}: the TrK the client holds (asks for confidentiality of key material)
 * @param signatureId {@code Signature-ID}: the key (InK, else TrK) that signs this request
 */
public record KmsRequest(String version, Optional<String> id, String userUri, String kmsUri, Instant time,
    Optional<String> clientId, Optional<String> deviceId, String clientReqUrl, Optional<OpaqueXml> krrList,
    Optional<KmsError> clientError, Optional<String> trkId, Optional<String> signatureId) {

  /**
   * @throws IllegalStateException if UserUri, KmsUri, Time or ClientReqUrl is missing
   * @throws IllegalArgumentException if the KrrList is not a {@code KrrList} element in the KMS namespace
   */
  public KmsRequest {
    Objects.requireNonNull(version, "Version");
    Objects.requireNonNull(id, "Id");
    required(userUri, "UserUri");
    required(kmsUri, "KmsUri");
    required(time, "Time");
    Objects.requireNonNull(clientId, "ClientId");
    Objects.requireNonNull(deviceId, "DeviceId");
    required(clientReqUrl, "ClientReqUrl");
    Objects.requireNonNull(krrList, "KrrList");
    Objects.requireNonNull(clientError, "ClientError");
    Objects.requireNonNull(trkId, "TrK-ID");
    Objects.requireNonNull(signatureId, "Signature-ID");
    if (krrList.isPresent()
        && !(KmsXml.NS.equals(krrList.get().namespace()) && "KrrList".equals(krrList.get().localName()))) {
      throw new IllegalArgumentException("KrrList must be a {" + KmsXml.NS + "}KrrList element");
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.version = version;
    b.id = id.orElse(null);
    b.userUri = userUri;
    b.kmsUri = kmsUri;
    b.time = time;
    b.clientId = clientId.orElse(null);
    b.deviceId = deviceId.orElse(null);
    b.clientReqUrl = clientReqUrl;
    b.krrList = krrList.orElse(null);
    b.clientError = clientError.orElse(null);
    b.trkId = trkId.orElse(null);
    b.signatureId = signatureId.orElse(null);
    return b;
  }

  @Override
  public String toString() {
    return "KmsRequest[" + userUri + " -> " + kmsUri + " " + clientReqUrl + " at " + time
        + trkId.map(t -> ", TrK-ID " + t).orElse("") + signatureId.map(s -> ", Signature-ID " + s).orElse("") + "]";
  }

  /** Collects the fields, most of them optional; {@link #build()} hands them to the record. */
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
      return new KmsRequest(version, Optional.ofNullable(id), userUri, kmsUri, time, Optional.ofNullable(clientId),
          Optional.ofNullable(deviceId), clientReqUrl, Optional.ofNullable(krrList), Optional.ofNullable(clientError),
          Optional.ofNullable(trkId), Optional.ofNullable(signatureId));
    }
  }
}

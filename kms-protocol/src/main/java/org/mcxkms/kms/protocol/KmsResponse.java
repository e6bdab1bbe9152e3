package org.mcxkms.kms.protocol;

import static org.mcxkms.kms.protocol.Fields.required;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@code KmsResponse} (TS 33.180 D.3.1, Table D.3.1-1): a {@link KmsMessage}, a
 * {@link KmsError}, or both. {@code TrK-ID} and {@code Signature-ID} are the Rel-17 additions of
 * the security extension (see {@link KmsSchema}).
 *
 * @param version {@code @Version} as received; the writer always emits {@value KmsXml#RESPONSE_VERSION}
 * @param id {@code @Id}, the target of a signature reference
 * @param time {@code Time}: when the KMS sent the response (a zoneless value is read as UTC)
 * @param trkId {@code TrK-ID}: the TrK that protects key material in this response
 * @param signatureId {@code Signature-ID}: the key (InK, else TrK) that signed this response
 */
public record KmsResponse(String version, Optional<String> id, String userUri, String kmsUri, Instant time,
    Optional<String> kmsId, String clientReqUrl, Optional<KmsMessage> message, Optional<KmsError> error,
    Optional<String> trkId, Optional<String> signatureId) {

  /**
   * @throws IllegalStateException if UserUri, KmsUri, Time or ClientReqUrl is missing, or there
   *     is neither a message nor an error
   */
  public KmsResponse {
    Objects.requireNonNull(version, "Version");
    Objects.requireNonNull(id, "Id");
    required(userUri, "UserUri");
    required(kmsUri, "KmsUri");
    required(time, "Time");
    Objects.requireNonNull(kmsId, "KmsId");
    required(clientReqUrl, "ClientReqUrl");
    Objects.requireNonNull(message, "KmsMessage");
    Objects.requireNonNull(error, "KmsError");
    Objects.requireNonNull(trkId, "TrK-ID");
    Objects.requireNonNull(signatureId, "Signature-ID");
    if (message.isEmpty() && error.isEmpty()) {
      throw new IllegalStateException("a KmsResponse needs a KmsMessage or a KmsError");
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
    b.kmsId = kmsId.orElse(null);
    b.clientReqUrl = clientReqUrl;
    b.message = message.orElse(null);
    b.error = error.orElse(null);
    b.trkId = trkId.orElse(null);
    b.signatureId = signatureId.orElse(null);
    return b;
  }

  /** The message if it is a {@link KmsInit}. */
  public Optional<KmsInit> init() {
    return message.filter(KmsInit.class::isInstance).map(KmsInit.class::cast);
  }

  /** The message if it is a {@link KmsKeyProv}. */
  public Optional<KmsKeyProv> keyProv() {
    return message.filter(KmsKeyProv.class::isInstance).map(KmsKeyProv.class::cast);
  }

  /** The message if it is a {@link KmsCertCache}. */
  public Optional<KmsCertCache> certCache() {
    return message.filter(KmsCertCache.class::isInstance).map(KmsCertCache.class::cast);
  }

  /** The message if it is a {@link KmsLookup}. */
  public Optional<KmsLookup> lookup() {
    return message.filter(KmsLookup.class::isInstance).map(KmsLookup.class::cast);
  }

  @Override
  public String toString() {
    return "KmsResponse[" + kmsUri + " -> " + userUri + " for " + clientReqUrl + " at " + time
        + message.map(m -> ", " + m).orElse("") + error.map(e -> ", " + e).orElse("")
        + trkId.map(t -> ", TrK-ID " + t).orElse("") + signatureId.map(s -> ", Signature-ID " + s).orElse("") + "]";
  }

  /** Collects the fields, most of them optional; {@link #build()} hands them to the record. */
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
      return new KmsResponse(version, Optional.ofNullable(id), userUri, kmsUri, time, Optional.ofNullable(kmsId),
          clientReqUrl, Optional.ofNullable(message), Optional.ofNullable(error), Optional.ofNullable(trkId),
          Optional.ofNullable(signatureId));
    }
  }
}

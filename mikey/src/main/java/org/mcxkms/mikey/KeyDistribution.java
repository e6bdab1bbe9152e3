package org.mcxkms.mikey;

import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mcxkms.crypto.SecretBytes;
import org.mcxkms.mikey.wire.ByteString;
import org.mcxkms.mikey.wire.KeyParameters;
import org.mcxkms.mikey.wire.SecurityPolicyPayload;

/**
 * What an initiator distributes in one I_MESSAGE: the key, its ID and purpose, the receiver and
 * its KMS, and the profile options. Built with {@link #gmk}, {@link #pck}, {@link #csk},
 * {@link #musik} or {@link #mkfc}; defaults follow Streamwide's published messages.
 */
public final class KeyDistribution {
  /** How the HDR CS ID map is written. */
  public enum CsIdMapStyle {
    /** GENERIC-ID with one SRTP session whose SPI is the MKI (Streamwide, GMK and CSK). */
    GENERIC_ID,
    /** Map type 1, #CS = 0: the default policies apply (Streamwide PCK; Alea GMK and CSK). */
    EMPTY
  }

  /** Streamwide's policy (all keys): AES-GCM 16/12, RCCm3 auth, tag lengths 4/0/16, policy 0. */
  public static final SecurityPolicyPayload STREAMWIDE_POLICY = new SecurityPolicyPayload(0, 0, List.of(
      SecurityPolicyPayload.Param.of(0, 6), SecurityPolicyPayload.Param.of(1, 16), SecurityPolicyPayload.Param.of(2, 4),
      SecurityPolicyPayload.Param.of(4, 12), SecurityPolicyPayload.Param.of(5, 0), SecurityPolicyPayload.Param.of(6, 0),
      SecurityPolicyPayload.Param.of(18, 4), SecurityPolicyPayload.Param.of(19, 0), SecurityPolicyPayload.Param.of(20, 16)));

  private final KeyPurpose purpose;
  private final SecretBytes key;
  private final int keyId;
  private final String receiverUri;
  private final KmsParameters receiverKms;
  private final CsIdMapStyle mapStyle;
  private final int csId;
  private final Optional<SecurityPolicyPayload> policy;
  private final boolean sakkeToSelf;
  private final Optional<KeyParameters> keyParameters;
  private final Optional<ByteString> rand;

  private KeyDistribution(Builder b) {
    this.purpose = b.purpose;
    this.key = b.key;
    this.keyId = b.keyId;
    this.receiverUri = Objects.requireNonNull(b.receiverUri, "receiver URI");
    this.receiverKms = Objects.requireNonNull(b.receiverKms, "receiver KMS");
    this.mapStyle = b.mapStyle;
    this.csId = b.csId;
    this.policy = b.policy;
    this.sakkeToSelf = b.sakkeToSelf;
    this.keyParameters = b.keyParameters != null ? b.keyParameters : Optional.of(defaultParameters(purpose));
    this.rand = b.rand;
  }

  /** Streamwide's key parameters: type = purpose, status 1 (not revoked), no times, no text. */
  public static KeyParameters defaultParameters(KeyPurpose purpose) {
    return new KeyParameters(purpose.tag(), 1, 0, 0, "", purpose.carriesGroupIds(), List.of());
  }

  /** A GMK from the GMS to one member; CSB ID = GUK-ID; default map GENERIC-ID CS-ID 4, SPI GMK-ID||GUK-ID. */
  public static Builder gmk(SecretBytes gmk, int gmkId) {
    return new Builder(KeyPurpose.GMK, gmk, gmkId, CsIdMapStyle.GENERIC_ID);
  }

  /** A PCK from the calling to the called client; empty map (Streamwide). */
  public static Builder pck(SecretBytes pck, int pckId) {
    return new Builder(KeyPurpose.PCK, pck, pckId, CsIdMapStyle.EMPTY);
  }

  /** A CSK from a client to its MCX server (receiver = MDSI) or back; GENERIC-ID CS-ID 6, SPI = CSK-ID. */
  public static Builder csk(SecretBytes csk, int cskId) {
    return new Builder(KeyPurpose.CSK, csk, cskId, CsIdMapStyle.GENERIC_ID);
  }

  /** A MuSiK from the MCX server to a client (key download, 5.8); GENERIC-ID CS-ID 7, SPI = MuSiK-ID. */
  public static Builder musik(SecretBytes musik, int musikId) {
    return new Builder(KeyPurpose.MUSIK, musik, musikId, CsIdMapStyle.GENERIC_ID);
  }

  /** An MKFC from the GMS to a member; CSB = MKFC-ID (UNCONFIRMED), empty map. */
  public static Builder mkfc(SecretBytes mkfc, int mkfcId) {
    return new Builder(KeyPurpose.MKFC, mkfc, mkfcId, CsIdMapStyle.EMPTY);
  }

  /** A fresh random 16-octet key. */
  public static SecretBytes newKey(SecureRandom random) {
    return SecretBytes.random(16, random);
  }

  /** A fresh key ID of {@code purpose}: the tag in the top 4 bits, 28 random bits. */
  public static int newKeyId(KeyPurpose purpose, SecureRandom random) {
    return purpose.keyId(random.nextInt());
  }

  public KeyPurpose purpose() {
    return purpose;
  }

  public SecretBytes key() {
    return key;
  }

  public int keyId() {
    return keyId;
  }

  public String receiverUri() {
    return receiverUri;
  }

  public KmsParameters receiverKms() {
    return receiverKms;
  }

  public CsIdMapStyle mapStyle() {
    return mapStyle;
  }

  public int csId() {
    return csId;
  }

  public Optional<SecurityPolicyPayload> policy() {
    return policy;
  }

  public boolean sakkeToSelf() {
    return sakkeToSelf;
  }

  public Optional<KeyParameters> keyParameters() {
    return keyParameters;
  }

  public Optional<ByteString> rand() {
    return rand;
  }

  @Override
  public String toString() {
    return "KeyDistribution[" + purpose + " " + String.format("%08x", keyId) + " to " + receiverUri + ", key=redacted]";
  }

  public static final class Builder {
    private final KeyPurpose purpose;
    private final SecretBytes key;
    private final int keyId;
    private String receiverUri;
    private KmsParameters receiverKms;
    private CsIdMapStyle mapStyle;
    private int csId;
    private Optional<SecurityPolicyPayload> policy = Optional.of(STREAMWIDE_POLICY);
    private boolean sakkeToSelf;
    private Optional<KeyParameters> keyParameters;
    private Optional<ByteString> rand = Optional.empty();

    private Builder(KeyPurpose purpose, SecretBytes key, int keyId, CsIdMapStyle style) {
      if (key == null || key.length() != 16) {
        throw new IllegalArgumentException(purpose + " must be 16 octets (TS 33.180: n = 128)");
      }
      if (keyId >>> 28 != purpose.tag()) {
        throw new IllegalArgumentException(
            purpose + " ID " + String.format("%08x", keyId) + " must carry purpose tag " + purpose.tag() + " in its top 4 bits");
      }
      this.purpose = purpose;
      this.key = key;
      this.keyId = keyId;
      this.mapStyle = style;
      this.csId = purpose.defaultCsId();
    }

    /** The receiving MC identity and the KMS that issued its keys. */
    public Builder to(String receiverUri, KmsParameters receiverKms) {
      this.receiverUri = receiverUri;
      this.receiverKms = receiverKms;
      return this;
    }

    public Builder csIdMap(CsIdMapStyle style) {
      this.mapStyle = Objects.requireNonNull(style);
      return this;
    }

    /** The CS-ID of the GENERIC-ID entry (TS 33.180 Table E.1.3-1), e.g. 5 for an MCVideo group. */
    public Builder csId(int csId) {
      if (csId < 0 || csId > 255) {
        throw new IllegalArgumentException("CS ID is one octet");
      }
      this.csId = csId;
      return this;
    }

    /** The SP payload to send, or none (the default profile then applies). */
    public Builder securityPolicy(Optional<SecurityPolicyPayload> policy) {
      this.policy = Objects.requireNonNull(policy);
      return this;
    }

    /** Also encapsulate the key to the initiator's own UID (GENERAL EXTENSION 6, TS 33.180 E.5). */
    public Builder sakkeToSelf(boolean on) {
      this.sakkeToSelf = on;
      return this;
    }

    /** The key parameters to protect in GENERAL EXTENSION 7, or none to omit it. */
    public Builder keyParameters(Optional<KeyParameters> params) {
      this.keyParameters = Objects.requireNonNull(params);
      return this;
    }

    /** A caller-chosen RAND (tests reproducing published vectors); normally 16 random octets. */
    public Builder rand(ByteString rand) {
      if (rand.size() < 16 || rand.size() > 255) {
        throw new IllegalArgumentException("RAND has 16..255 octets");
      }
      this.rand = Optional.of(rand);
      return this;
    }

    public KeyDistribution build() {
      return new KeyDistribution(this);
    }
  }
}

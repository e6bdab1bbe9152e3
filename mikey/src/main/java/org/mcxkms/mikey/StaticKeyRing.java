package org.mcxkms.mikey;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.mcxkms.crypto.KeyValidationException;
import org.mcxkms.crypto.eccsi.Eccsi;
import org.mcxkms.crypto.eccsi.EccsiSigningKey;
import org.mcxkms.crypto.eccsi.Pvt;
import org.mcxkms.crypto.eccsi.Ssk;
import org.mcxkms.crypto.sakke.Rsk;
import org.mcxkms.crypto.sakke.Sakke;
import org.mcxkms.crypto.sakke.SakkeReceiverKey;

/** An in-memory {@link UserKeyRing}: key material for a few periods, validated when added. */
public final class StaticKeyRing implements UserKeyRing {
  private final String uri;
  private final KmsParameters kms;
  private final Map<Long, EccsiSigningKey> signing;
  private final Map<Long, SakkeReceiverKey> receiving;

  private StaticKeyRing(Builder b) {
    this.uri = b.uri;
    this.kms = b.kms;
    this.signing = Map.copyOf(b.signing);
    this.receiving = Map.copyOf(b.receiving);
  }

  public static Builder builder(String uri, KmsParameters kms) {
    return new Builder(uri, kms);
  }

  @Override
  public String uri() {
    return uri;
  }

  @Override
  public KmsParameters kms() {
    return kms;
  }

  @Override
  public Optional<EccsiSigningKey> signingKey(long period) {
    return Optional.ofNullable(signing.get(period));
  }

  @Override
  public Optional<SakkeReceiverKey> receiverKey(long period) {
    return Optional.ofNullable(receiving.get(period));
  }

  @Override
  public String toString() {
    return "StaticKeyRing[" + uri + ", kms=" + kms.kmsUri() + ", periods=" + signing.keySet() + "/" + receiving.keySet() + "]";
  }

  public static final class Builder {
    private final String uri;
    private final KmsParameters kms;
    private final Map<Long, EccsiSigningKey> signing = new HashMap<>();
    private final Map<Long, SakkeReceiverKey> receiving = new HashMap<>();

    private Builder(String uri, KmsParameters kms) {
      this.uri = Objects.requireNonNull(uri, "uri");
      this.kms = Objects.requireNonNull(kms, "kms");
    }

    /** Validates SSK/PVT for this user's UID of {@code period} (RFC 6507 5.1.2) and adds them. */
    public Builder signingKey(long period, Ssk ssk, Pvt pvt) throws KeyValidationException {
      signing.put(period, Eccsi.keyValidator(kms.kpak()).validate(kms.uid(uri, period).toByteArray(), ssk, pvt));
      return this;
    }

    /** Adds an already validated signing key, which must belong to this user's UID of {@code period}. */
    public Builder signingKey(long period, EccsiSigningKey key) {
      if (!Arrays.equals(key.identifier(), kms.uid(uri, period).toByteArray()) || !key.kpak().equals(kms.kpak())) {
        throw new IllegalArgumentException("signing key is not for " + uri + " in period " + period);
      }
      signing.put(period, key);
      return this;
    }

    /** Validates the RSK for this user's UID of {@code period} (RFC 6508 6.1.2, one pairing) and adds it. */
    public Builder receiverKey(long period, Rsk rsk) throws KeyValidationException {
      receiving.put(period, Sakke.rskValidator(kms.z()).validate(kms.uid(uri, period).toByteArray(), rsk));
      return this;
    }

    /** Adds an already validated receiver key, which must belong to this user's UID of {@code period}. */
    public Builder receiverKey(long period, SakkeReceiverKey key) {
      if (!Arrays.equals(key.identifier(), kms.uid(uri, period).toByteArray()) || !key.publicKey().equals(kms.z())) {
        throw new IllegalArgumentException("receiver key is not for " + uri + " in period " + period);
      }
      receiving.put(period, key);
      return this;
    }

    public StaticKeyRing build() {
      return new StaticKeyRing(this);
    }
  }
}

package org.mcxkms.kms.client;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mcxkms.crypto.SecretBytes;
import org.mcxkms.crypto.uid.Uid;
import org.mcxkms.kms.protocol.KmsCertificate;
import org.mcxkms.kms.protocol.security.ProtectionKey;

/**
 * Everything a profile holds, as one immutable value: written and read whole by
 * {@link ProfileCodec}, so a profile is always a consistent snapshot.
 */
final class ProfileState {
  /** One identity's validated key material for one period. */
  record KeySet(String userUri, long period, Uid uid, CertificateFingerprint certificate, SecretBytes rsk,
      SecretBytes ssk, byte[] pvt, Instant validFrom, Instant validTo, Instant fetchedAt) {
    KeySet {
      pvt = pvt.clone();
    }

    KeyPeriodInfo info() {
      return new KeyPeriodInfo(userUri, period, uid, validFrom, validTo, certificate, fetchedAt);
    }

    @Override
    public byte[] pvt() {
      return pvt.clone();
    }

    @Override
    public String toString() {
      return "KeySet[" + userUri + ", period " + period + ", keys redacted]";
    }
  }

  /** A TrK or InK; {@code current} marks the one used for requests. */
  record ProtectionKeyEntry(ProtectionKey key, boolean current, Instant addedAt) {
    ProtectionKeyInfo info() {
      return new ProtectionKeyInfo(key.kind(), key.id(), current, addedAt);
    }
  }

  final ProfileSettings settings;
  final KmsCertificate certificate;
  final List<KmsCertificate> previousCertificates;
  final Long certCacheNum;
  final List<KmsCertificate> certCache;
  final List<String> identities;
  final List<KeySet> keySets;
  final List<ProtectionKeyEntry> protectionKeys;
  final RefreshRecord refresh;

  ProfileState(ProfileSettings settings, KmsCertificate certificate, List<KmsCertificate> previousCertificates,
      Long certCacheNum, List<KmsCertificate> certCache, List<String> identities, List<KeySet> keySets,
      List<ProtectionKeyEntry> protectionKeys, RefreshRecord refresh) {
    this.settings = Objects.requireNonNull(settings);
    this.certificate = certificate;
    this.previousCertificates = List.copyOf(previousCertificates);
    this.certCacheNum = certCacheNum;
    this.certCache = List.copyOf(certCache);
    this.identities = List.copyOf(identities);
    List<KeySet> sorted = new ArrayList<>(keySets);
    sorted.sort(Comparator.comparing(KeySet::userUri).thenComparingLong(KeySet::period));
    this.keySets = List.copyOf(sorted);
    this.protectionKeys = List.copyOf(protectionKeys);
    this.refresh = Objects.requireNonNull(refresh);
  }

  static ProfileState initial(ProfileSettings settings) {
    return new ProfileState(settings, null, List.of(), null, List.of(), List.of(settings.userUri()), List.of(), List.of(),
        RefreshRecord.NONE);
  }

  Builder toBuilder() {
    return new Builder(this);
  }

  Optional<KeySet> keySet(String userUri, long period) {
    return keySets.stream().filter(k -> k.userUri().equals(userUri) && k.period() == period).findFirst();
  }

  /** The pinned certificate or an earlier pin with this fingerprint. */
  Optional<KmsCertificate> certificate(CertificateFingerprint fp) {
    if (certificate != null && CertificateFingerprint.of(certificate).equals(fp)) {
      return Optional.of(certificate);
    }
    return previousCertificates.stream().filter(c -> CertificateFingerprint.of(c).equals(fp)).findFirst();
  }

  Optional<ProtectionKey> currentKey(ProtectionKey.Kind kind) {
    return protectionKeys.stream().filter(e -> e.current() && e.key().kind() == kind).map(ProtectionKeyEntry::key)
        .findFirst();
  }

  List<ProtectionKey> keys(ProtectionKey.Kind kind) {
    return protectionKeys.stream().filter(e -> e.key().kind() == kind).map(ProtectionKeyEntry::key).toList();
  }

  /** Whether the Annex D security extension is in use (a TrK or an InK is provisioned). */
  boolean securityExtension() {
    return !protectionKeys.isEmpty();
  }

  static final class Builder {
    ProfileSettings settings;
    KmsCertificate certificate;
    List<KmsCertificate> previousCertificates;
    Long certCacheNum;
    List<KmsCertificate> certCache;
    List<String> identities;
    List<KeySet> keySets;
    List<ProtectionKeyEntry> protectionKeys;
    RefreshRecord refresh;

    private Builder(ProfileState s) {
      settings = s.settings;
      certificate = s.certificate;
      previousCertificates = new ArrayList<>(s.previousCertificates);
      certCacheNum = s.certCacheNum;
      certCache = new ArrayList<>(s.certCache);
      identities = new ArrayList<>(s.identities);
      keySets = new ArrayList<>(s.keySets);
      protectionKeys = new ArrayList<>(s.protectionKeys);
      refresh = s.refresh;
    }

    /** Adds or replaces the key set of (identity, period). */
    Builder putKeySet(KeySet k) {
      keySets.removeIf(e -> e.userUri().equals(k.userUri()) && e.period() == k.period());
      keySets.add(k);
      if (!identities.contains(k.userUri())) {
        identities.add(k.userUri());
      }
      return this;
    }

    Builder removeKeySet(String userUri, long period) {
      keySets.removeIf(e -> e.userUri().equals(userUri) && e.period() == period);
      return this;
    }

    Builder track(String identity) {
      if (!identities.contains(identity)) {
        identities.add(identity);
      }
      return this;
    }

    /**
     * Adds a TrK/InK and makes it the current one of its kind; the key it replaces is kept as the
     * one previous key (responses in flight may still use it), older ones are dropped.
     */
    Builder addCurrentKey(ProtectionKey key, Instant now) {
      List<ProtectionKeyEntry> out = new ArrayList<>();
      for (ProtectionKeyEntry e : protectionKeys) {
        if (e.key().kind() != key.kind()) {
          out.add(e);
        } else if (e.current() && !e.key().id().equals(key.id())) {
          out.add(new ProtectionKeyEntry(e.key(), false, e.addedAt()));
        }
      }
      out.add(new ProtectionKeyEntry(key, true, now));
      protectionKeys = out;
      return this;
    }

    ProfileState build() {
      return new ProfileState(settings, certificate, previousCertificates, certCacheNum, certCache, identities, keySets,
          protectionKeys, refresh);
    }
  }
}

package org.mcxkms.kms.client.profile;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.mcxkms.crypto.SecretBytes;
import org.mcxkms.crypto.uid.Uid;
import org.mcxkms.kms.client.trust.CertificateFingerprint;
import org.mcxkms.kms.protocol.KmsCertificate;
import org.mcxkms.kms.protocol.MigrationKms;
import org.mcxkms.kms.protocol.security.ProtectionKey;

/**
 * Everything a profile holds, as one immutable value: written and read whole by
 * {@link ProfileCodec}, so a profile is always a consistent snapshot. The key management client
 * reads it and derives the next state with {@link #toBuilder()}; other code uses the read API of
 * {@link KeyProfile}.
 *
 * @param settings what the profile is for
 * @param certificate the pinned KMS (Root) certificate, null before the first init
 * @param previousCertificates earlier pins, kept while key material issued under them is held
 * @param certCacheNum {@code CacheNum} of the held certificate cache, null if none was fetched
 * @param certCache the certificates of the last certificate cache fetched
 * @param identities the identities whose keys are kept, the owner first
 * @param keySets validated key material, sorted by identity and period
 * @param protectionKeys the TrK/InK of the security extension
 * @param refresh the refresh state
 * @param migrationKmss the Migration KMSs the Home KMS permits (TS 33.180 5.3.1), from the last
 *     certificate cache fetched
 */
public record ProfileState(ProfileSettings settings, KmsCertificate certificate,
    List<KmsCertificate> previousCertificates, Long certCacheNum, List<KmsCertificate> certCache,
    List<String> identities, List<KeySet> keySets, List<ProtectionKeyEntry> protectionKeys, RefreshRecord refresh,
    List<MigrationKms> migrationKmss) {

  /** One identity's validated key material for one period. */
  public record KeySet(String userUri, long period, Uid uid, CertificateFingerprint certificate, SecretBytes rsk,
      SecretBytes ssk, byte[] pvt, Instant validFrom, Instant validTo, Instant fetchedAt) {
    public KeySet {
      pvt = pvt.clone();
    }

    public KeyPeriodInfo info() {
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
  public record ProtectionKeyEntry(ProtectionKey key, boolean current, Instant addedAt) {
    ProtectionKeyInfo info() {
      return new ProtectionKeyInfo(key.kind(), key.id(), current, addedAt);
    }
  }

  public ProfileState {
    Objects.requireNonNull(settings);
    previousCertificates = List.copyOf(previousCertificates);
    certCache = List.copyOf(certCache);
    identities = List.copyOf(identities);
    List<KeySet> sorted = new ArrayList<>(keySets);
    sorted.sort(Comparator.comparing(KeySet::userUri).thenComparingLong(KeySet::period));
    keySets = List.copyOf(sorted);
    protectionKeys = List.copyOf(protectionKeys);
    Objects.requireNonNull(refresh);
    migrationKmss = List.copyOf(migrationKmss);
  }

  /** A state without Migration KMSs. */
  public ProfileState(ProfileSettings settings, KmsCertificate certificate, List<KmsCertificate> previousCertificates,
      Long certCacheNum, List<KmsCertificate> certCache, List<String> identities, List<KeySet> keySets,
      List<ProtectionKeyEntry> protectionKeys, RefreshRecord refresh) {
    this(settings, certificate, previousCertificates, certCacheNum, certCache, identities, keySets, protectionKeys,
        refresh, List.of());
  }

  /** The listed Migration KMS {@code kmsUri}, if the Home KMS permits it. */
  public Optional<MigrationKms> migrationKms(String kmsUri) {
    return migrationKmss.stream().filter(m -> m.kmsUri().equals(kmsUri)).findFirst();
  }

  static ProfileState initial(ProfileSettings settings) {
    return new ProfileState(settings, null, List.of(), null, List.of(), List.of(settings.userUri()), List.of(), List.of(),
        RefreshRecord.NONE);
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  public Optional<KeySet> keySet(String userUri, long period) {
    return keySets.stream().filter(k -> k.userUri().equals(userUri) && k.period() == period).findFirst();
  }

  /** The pinned certificate or an earlier pin with this fingerprint. */
  public Optional<KmsCertificate> certificate(CertificateFingerprint fp) {
    if (certificate != null && CertificateFingerprint.of(certificate).equals(fp)) {
      return Optional.of(certificate);
    }
    return previousCertificates.stream().filter(c -> CertificateFingerprint.of(c).equals(fp)).findFirst();
  }

  public Optional<ProtectionKey> currentKey(ProtectionKey.Kind kind) {
    return protectionKeys.stream().filter(e -> e.current() && e.key().kind() == kind).map(ProtectionKeyEntry::key)
        .findFirst();
  }

  public List<ProtectionKey> keys(ProtectionKey.Kind kind) {
    return protectionKeys.stream().filter(e -> e.key().kind() == kind).map(ProtectionKeyEntry::key).toList();
  }

  /** Whether the Annex D security extension is in use (a TrK or an InK is provisioned). */
  public boolean securityExtension() {
    return !protectionKeys.isEmpty();
  }

  @Override
  public String toString() {
    return "ProfileState[" + settings.userUri() + ", " + keySets.size() + " key sets, keys redacted]";
  }

  /** The next state, derived from a current one. */
  public static final class Builder {
    private final ProfileSettings settings;
    private KmsCertificate certificate;
    private final List<KmsCertificate> previousCertificates;
    private Long certCacheNum;
    private List<KmsCertificate> certCache;
    private final List<String> identities;
    private List<KeySet> keySets;
    private List<ProtectionKeyEntry> protectionKeys;
    private RefreshRecord refresh;
    private List<MigrationKms> migrationKmss;

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
      migrationKmss = s.migrationKmss;
    }

    /** The Migration KMSs of the certificate cache just taken. */
    public Builder migrationKmss(List<MigrationKms> list) {
      migrationKmss = List.copyOf(list);
      return this;
    }

    /** Pins {@code c} (first pin, or the same keys with updated metadata). */
    public Builder certificate(KmsCertificate c) {
      certificate = Objects.requireNonNull(c);
      return this;
    }

    /** Pins {@code next} and keeps {@code previous} for the key material issued under it. */
    public Builder rotate(KmsCertificate next, KmsCertificate previous) {
      CertificateFingerprint fp = CertificateFingerprint.of(next);
      previousCertificates.removeIf(c -> CertificateFingerprint.of(c).equals(fp));
      previousCertificates.add(previous);
      certificate = next;
      return this;
    }

    /** Pins {@code c} in place of another domain's certificate: nothing of the old domain is kept. */
    public Builder replacePin(KmsCertificate c) {
      previousCertificates.clear();
      keySets.clear();
      certificate = c;
      return this;
    }

    public Builder certCache(List<KmsCertificate> certificates, Long cacheNum) {
      certCache = new ArrayList<>(certificates);
      certCacheNum = cacheNum;
      return this;
    }

    public Builder certCacheNum(Long cacheNum) {
      certCacheNum = cacheNum;
      return this;
    }

    public Builder refresh(RefreshRecord r) {
      refresh = Objects.requireNonNull(r);
      return this;
    }

    public RefreshRecord refresh() {
      return refresh;
    }

    /** Adds or replaces the key set of (identity, period). */
    public Builder putKeySet(KeySet k) {
      keySets.removeIf(e -> e.userUri().equals(k.userUri()) && e.period() == k.period());
      keySets.add(k);
      if (!identities.contains(k.userUri())) {
        identities.add(k.userUri());
      }
      return this;
    }

    public Builder removeKeySet(String userUri, long period) {
      keySets.removeIf(e -> e.userUri().equals(userUri) && e.period() == period);
      return this;
    }

    public Builder track(String identity) {
      if (!identities.contains(identity)) {
        identities.add(identity);
      }
      return this;
    }

    /**
     * Drops key sets of periods before {@code oldest}, and earlier certificates that no key set
     * refers to any more.
     */
    public Builder pruneBefore(long oldest) {
      keySets.removeIf(k -> k.period() < oldest);
      Set<CertificateFingerprint> used = new HashSet<>();
      keySets.forEach(k -> used.add(k.certificate()));
      previousCertificates.removeIf(c -> !used.contains(CertificateFingerprint.of(c)));
      return this;
    }

    /**
     * Prunes for KMS time {@code kmsTime}: key sets of periods before the current one minus
     * {@link ProfileSettings#keepPastPeriods()}, under the pinned certificate's period rule.
     */
    public Builder pruneAt(Instant kmsTime) {
      if (certificate == null) {
        return this;
      }
      return pruneBefore(certificate.keyPeriodPolicy().periodNumber(kmsTime) - settings.keepPastPeriods());
    }

    /**
     * Adds a TrK/InK and makes it the current one of its kind; the key it replaces is kept as the
     * one previous key (responses in flight may still use it), older ones are dropped.
     */
    public Builder addCurrentKey(ProtectionKey key, Instant now) {
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

    public ProfileState build() {
      return new ProfileState(settings, certificate, previousCertificates, certCacheNum, certCache, identities, keySets,
          protectionKeys, refresh, migrationKmss);
    }
  }
}

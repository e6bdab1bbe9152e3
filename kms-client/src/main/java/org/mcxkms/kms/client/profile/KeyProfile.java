package org.mcxkms.kms.client.profile;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.mcxkms.kms.client.error.KmsClientException;
import org.mcxkms.kms.client.error.ProfileException.Reason;
import org.mcxkms.kms.client.error.ProfileException;
import org.mcxkms.kms.client.internal.BinaryReader;
import org.mcxkms.kms.client.trust.CertificateFingerprint;
import org.mcxkms.kms.client.trust.KeyMaterial;
import org.mcxkms.kms.client.trust.KeySetValidation;
import org.mcxkms.kms.protocol.KmsCertificate;
import org.mcxkms.kms.protocol.MigrationKms;
import org.mcxkms.kms.protocol.security.ProtectionKey;

/**
 * A key management client's profile: a directory holding, sealed in one file (see
 * {@link ProfileFile}), the settings, the pinned KMS certificate, the certificate cache, the
 * validated key material of one or more identities for several key periods, the TrK/InK of the
 * security extension and the refresh state.
 *
 * <p>The read API is what other components (the MIKEY-SAKKE code, an MCX client) need:
 *
 * <pre>{@code
 * try (KeyProfile p = KeyProfile.open(dir, ProfileKey.passphrase(pass))) {
 *   KeyMaterial k = p.keyMaterial("sip:alice@example.org", period).orElseThrow();
 *   EccsiSigningKey signer = k.signingKey();      // validated SSK/PVT for the UID
 *   SakkeReceiverKey receiver = k.receiverKey();  // validated RSK for the UID
 *   KmsCertificate kms = p.certificate().orElseThrow(); // pinned: KmsUri, KPAK, Z, periods
 * }
 * }</pre>
 *
 * Material is validated again on read (RFC 6507 5.1.2, RFC 6508 6.1.2) and kept in memory
 * afterwards. Thread-safe; several processes may share a profile (writes are serialised by a lock
 * file, and a write first reads back changes made by others). Old periods are pruned after each
 * exchange with the KMS, at the KMS's time: periods before the current one minus
 * {@link ProfileSettings#keepPastPeriods()}.
 */
public final class KeyProfile implements AutoCloseable {
  private final Path dir;
  private final ProfileFile file;
  private final Clock clock;
  private final LockPolicy lockPolicy;
  private volatile ProfileState state;
  private final Map<String, KeyMaterial> validated = new ConcurrentHashMap<>();

  private KeyProfile(Path dir, ProfileFile file, ProfileState state, Clock clock, LockPolicy lockPolicy) {
    this.dir = dir;
    this.file = file;
    this.state = state;
    this.clock = clock;
    this.lockPolicy = lockPolicy;
  }

  /** Whether {@code dir} holds a profile. */
  public static boolean exists(Path dir) {
    return ProfileFile.exists(dir);
  }

  /** Creates a profile in {@code dir} (made if missing, mode 0700) sealed under {@code key}. */
  public static KeyProfile create(Path dir, ProfileKey key, ProfileSettings settings) throws ProfileException {
    return create(dir, key, settings, Clock.systemUTC());
  }

  public static KeyProfile create(Path dir, ProfileKey key, ProfileSettings settings, Clock clock)
      throws ProfileException {
    return create(dir, key, settings, clock, LockPolicy.DEFAULT);
  }

  /**
   * Creates a profile; {@code lockPolicy} bounds every wait for the profile lock. The directory
   * records which profile it holds ({@code profile.id}), so a profile file copied in from another
   * directory is refused on open.
   */
  public static KeyProfile create(Path dir, ProfileKey key, ProfileSettings settings, Clock clock,
      LockPolicy lockPolicy) throws ProfileException {
    return ProfileDirectory.locked(dir, lockPolicy, () -> {
      ProfileFile f = ProfileFile.create(dir, key, new SecureRandom());
      ProfileState s = ProfileState.initial(settings);
      writeState(f, s);
      ProfileDirectory.bind(dir, bindingOf(f, s));
      return new KeyProfile(dir, f, s, clock, lockPolicy);
    });
  }

  /**
   * Opens the profile in {@code dir}.
   *
   * @throws ProfileException NOT_FOUND, WRONG_KEY, TRUNCATED, TAMPERED, CORRUPT, UNSUPPORTED_VERSION, IO
   */
  public static KeyProfile open(Path dir, ProfileKey key) throws ProfileException {
    return open(dir, key, Clock.systemUTC());
  }

  public static KeyProfile open(Path dir, ProfileKey key, Clock clock) throws ProfileException {
    return open(dir, key, clock, LockPolicy.DEFAULT);
  }

  /**
   * Opens the profile in {@code dir}; {@code lockPolicy} bounds every wait for the profile lock.
   *
   * @throws ProfileException TAMPERED also when the file is another directory's profile
   */
  public static KeyProfile open(Path dir, ProfileKey key, Clock clock, LockPolicy lockPolicy) throws ProfileException {
    ProfileFile.Opened o = ProfileFile.open(dir, key, new SecureRandom());
    try {
      ProfileState s = parse(o.payload());
      checkBinding(dir, o.file(), s);
      return new KeyProfile(dir, o.file(), s, clock, lockPolicy);
    } catch (ProfileException e) {
      o.file().close();
      throw e;
    } finally {
      Arrays.fill(o.payload(), (byte) 0);
    }
  }

  private static String bindingOf(ProfileFile f, ProfileState s) {
    return f.bindingId() + " " + s.settings().userUri();
  }

  /**
   * Refuses a profile file that is not the one this directory was created with (a whole-file swap
   * from another identity's directory); records the binding if the directory has none yet.
   */
  private static void checkBinding(Path dir, ProfileFile f, ProfileState s) throws ProfileException {
    String actual = bindingOf(f, s);
    Optional<String> expected = ProfileDirectory.binding(dir);
    if (expected.isEmpty()) {
      ProfileDirectory.bind(dir, actual);
    } else if (!expected.get().equals(actual)) {
      String[] e = expected.get().split(" ", 2);
      throw new ProfileException(Reason.TAMPERED, ProfileFile.path(dir) + " is the profile of "
          + s.settings().userUri() + " (ID " + f.bindingId() + "), but this directory holds the profile of "
          + (e.length == 2 ? e[1] : "another identity") + " (ID " + e[0] + "): the file was copied or moved here;"
          + " put the right file back, or delete " + dir.resolve(ProfileFile.BINDING_NAME) + " to adopt this one");
    }
  }

  private static ProfileState parse(byte[] payload) throws ProfileException {
    try {
      return ProfileCodec.read(payload);
    } catch (BinaryReader.FormatException e) {
      // Authenticated but unreadable: written by a newer or broken program.
      throw new ProfileException(Reason.CORRUPT, "the profile content is malformed: " + e.getMessage());
    }
  }

  private static void writeState(ProfileFile f, ProfileState s) throws ProfileException {
    byte[] payload = ProfileCodec.write(s);
    try {
      f.write(payload);
    } finally {
      Arrays.fill(payload, (byte) 0);
    }
  }

  // ------------------------------------------------------------------ read API

  public Path directory() {
    return dir;
  }

  public ProfileSettings settings() {
    return state.settings();
  }

  /** The pinned KMS (Root) certificate, once {@code init} has run. */
  public Optional<KmsCertificate> certificate() {
    return Optional.ofNullable(state.certificate());
  }

  public Optional<CertificateFingerprint> certificateFingerprint() {
    return certificate().map(CertificateFingerprint::of);
  }

  /** Earlier pinned certificates, kept while key material issued under them is held. */
  public List<KmsCertificate> previousCertificates() {
    return state.previousCertificates();
  }

  /** The identities whose key material this profile keeps (the owner first). */
  public List<String> identities() {
    return state.identities();
  }

  /** What is held, without keys, sorted by identity and period. */
  public List<KeyPeriodInfo> keySets() {
    return state.keySets().stream().map(ProfileState.KeySet::info).toList();
  }

  /** What is held for {@code identity}, by period. */
  public List<KeyPeriodInfo> periods(String identity) {
    return state.keySets().stream().filter(k -> k.userUri().equals(identity)).map(ProfileState.KeySet::info).toList();
  }

  /**
   * The validated key material of {@code identity} for key period {@code period}, if held.
   *
   * @throws KmsClientException KEY_REJECTED if the stored material no longer validates (it cannot
   *     be altered without the profile key, so this means a broken writer), CERTIFICATE if the
   *     certificate it belongs to is unusable
   */
  public Optional<KeyMaterial> keyMaterial(String identity, long period) throws KmsClientException {
    ProfileState s = state;
    Optional<ProfileState.KeySet> k = s.keySet(identity, period);
    if (k.isEmpty()) {
      return Optional.empty();
    }
    ProfileState.KeySet ks = k.get();
    String cacheKey = identity + "\u0000" + period + "\u0000" + ks.certificate().hex() + "\u0000" + ks.fetchedAt();
    KeyMaterial m = validated.get(cacheKey);
    if (m == null) {
      KmsCertificate cert = s.certificate(ks.certificate()).orElseThrow(() -> new KmsClientException(
          KmsClientException.Problem.CERTIFICATE, "the certificate " + ks.certificate() + " of the key material of "
              + identity + " for period " + period + " is no longer held"));
      m = KeySetValidation.validate(cert, identity, period, ks.uid(), ks.validFrom(), ks.validTo(), ks.rsk(),
          ks.ssk(), ks.pvt());
      validated.put(cacheKey, m);
    }
    return Optional.of(m);
  }

  /**
   * The validated key material of {@code identity} for the key period containing {@code time}
   * (for example the T payload of a received I_MESSAGE), under the pinned certificate's period rule.
   */
  public Optional<KeyMaterial> keyMaterialAt(String identity, Instant time) throws KmsClientException {
    if (state.certificate() == null) {
      return Optional.empty();
    }
    return keyMaterial(identity, state.certificate().keyPeriodPolicy().periodNumber(time));
  }

  /** {@code CacheNum} of the held certificate cache, if fetched. */
  public Optional<Long> certCacheNumber() {
    return Optional.ofNullable(state.certCacheNum());
  }

  /** The Migration KMSs the Home KMS permits (TS 33.180 5.3.1), from the last certificate cache fetched. */
  public List<MigrationKms> migrationKmss() {
    return state.migrationKmss();
  }

  /** The certificates of the last certificate cache fetched (external KMSs, and this KMS's). */
  public List<KmsCertificate> certCache() {
    return state.certCache();
  }

  /** The TrK/InK held, without the keys. */
  public List<ProtectionKeyInfo> protectionKeys() {
    return state.protectionKeys().stream().map(ProfileState.ProtectionKeyEntry::info).toList();
  }

  public RefreshRecord refreshRecord() {
    return state.refresh();
  }

  // ------------------------------------------------------------------ writes

  /**
   * Provisions TrK/InK received out of band (TS 33.180 D.1: into the client's secure element by
   * the operator). Each becomes the current key of its kind. From then on the client uses the
   * security extension: it names its TrK, signs requests and requires signed responses.
   */
  public void importProtectionKeys(List<ProtectionKey> keys) throws ProfileException {
    Set<String> seen = new HashSet<>();
    for (ProtectionKey k : keys) {
      if (!seen.add(k.kind() + "/" + k.id())) {
        throw new ProfileException(Reason.INVALID_ARGUMENT, "two " + k.kind().shortName() + "s with the ID " + k.id());
      }
    }
    update(s -> {
      ProfileState.Builder b = s.toBuilder();
      keys.forEach(k -> b.addCurrentKey(k, clock.instant()));
      return b.build();
    });
  }

  /** Adds an identity whose keys the refresh scheduler keeps (a granted identity of a GMS). */
  public void track(String identity) throws ProfileException {
    ProfileSettings.checkUri(identity, "the identity");
    update(s -> s.toBuilder().track(identity).build());
  }

  /** Re-reads the file if another process changed it. */
  public void reload() throws ProfileException {
    ProfileDirectory.locked(dir, lockPolicy, () -> {
      refreshFromDisk();
      return null;
    });
  }

  private void refreshFromDisk() throws ProfileException {
    if (ProfileFile.generationOnDisk(dir) != file.generation()) {
      byte[] payload = file.reread();
      try {
        state = parse(payload);
      } finally {
        Arrays.fill(payload, (byte) 0);
      }
    }
  }

  /** The whole current state; for the key management client, which derives the next one from it. */
  public ProfileState state() {
    return state;
  }

  public Clock clock() {
    return clock;
  }

  /**
   * Applies {@code change} to the current state (re-read from disk first if another process wrote
   * it) and writes the result as one atomic replacement. Old periods are pruned by the client
   * after an exchange, at the KMS's time, never here by the local clock.
   */
  public ProfileState update(ProfileUpdate change) throws ProfileException {
    return ProfileDirectory.locked(dir, lockPolicy, () -> {
      refreshFromDisk();
      ProfileState next = change.apply(state);
      writeState(file, next);
      state = next;
      return next;
    });
  }

  /** A change to the profile state (may fail, leaving the profile untouched). */
  @FunctionalInterface
  public interface ProfileUpdate {
    ProfileState apply(ProfileState s) throws ProfileException;
  }

  /** Forgets the in-memory keys (the file is untouched). */
  @Override
  public void close() {
    validated.clear();
    file.close();
  }

  @Override
  public String toString() {
    return "KeyProfile[" + dir + ", " + state.settings().userUri() + ", " + state.keySets().size() + " key sets]";
  }
}

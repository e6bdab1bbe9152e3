package org.mcxkms.kms.client;

import static org.mcxkms.kms.client.error.KmsClientException.clip;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.crypto.SecretBytes;
import org.mcxkms.crypto.uid.NtpTime;
import org.mcxkms.kms.client.error.KeyMaterialRejectedException.Check;
import org.mcxkms.kms.client.error.KeyMaterialRejectedException;
import org.mcxkms.kms.client.error.KmsClientException.Problem;
import org.mcxkms.kms.client.error.KmsClientException;
import org.mcxkms.kms.client.error.KmsErrorException;
import org.mcxkms.kms.client.error.ProfileException;
import org.mcxkms.kms.client.profile.KeyPeriodInfo;
import org.mcxkms.kms.client.profile.KeyProfile;
import org.mcxkms.kms.client.profile.ProfileSettings;
import org.mcxkms.kms.client.profile.ProfileState;
import org.mcxkms.kms.client.trust.CertificateFingerprint;
import org.mcxkms.kms.client.trust.KeyMaterial;
import org.mcxkms.kms.client.trust.KeySetValidation;
import org.mcxkms.kms.client.trust.TlsTrust;
import org.mcxkms.kms.protocol.KmsCertCache;
import org.mcxkms.kms.protocol.KmsCertificate;
import org.mcxkms.kms.protocol.KmsKeyProv;
import org.mcxkms.kms.protocol.KmsKeySet;
import org.mcxkms.kms.protocol.KmsLookup;
import org.mcxkms.kms.protocol.KmsProtocolException;
import org.mcxkms.kms.protocol.KrrXmlWriter;
import org.mcxkms.kms.protocol.MigrationKms;
import org.mcxkms.kms.protocol.OpaqueXml;
import org.mcxkms.kms.protocol.TransportProtection;

/**
 * The key management client of a UE, an MCPTT server or a GMS (TS 33.180 5.3, Annex D): talks to
 * one KMS over HTTPS on behalf of one {@link KeyProfile}, and stores only what it has validated.
 *
 * <pre>{@code
 * KmsClient client = KmsClient.builder(profile).tokenSource(TokenSource.of(accessToken)).build();
 * client.init();                                  // fetch and pin the KMS certificate
 * client.provision();                             // own identity: current and next periods
 * client.provision("sip:group-member@example.org"); // a granted identity (GMS, MCPTT server)
 * client.provisionAt(identity, NtpTime.fromNtp64(t)); // the period of an incoming message
 * client.fetchCertCache();                        // external KMS certificates
 * }</pre>
 *
 * <h2>What every response goes through</h2>
 * <ol>
 *   <li>TLS to exactly the trusted KMS ({@link TlsTrust}); no redirects;
 *   <li>the tolerant, hardened reader of kms-protocol; with the security extension in use (the
 *       profile holds a TrK or InK) the response must be signed with the InK (or the TrK when there
 *       is no InK) and key material must be encrypted under the TrK;
 *   <li>the envelope must answer our request: same {@code KmsUri} (the pinned or configured one),
 *       {@code ClientReqUrl} with our path, {@code UserUri} ours;
 *   <li>key sets: {@code UserUri} is the identity asked for, {@code KmsUri} and {@code CertUri} those
 *       of a held certificate, {@code KeyPeriodNo} the one asked for (time requests),
 *       {@code UserID} equal to the UID we compute, SSK/PVT and RSK valid under that certificate
 *       ({@link KeySetValidation}). One failure rejects the whole response; nothing is stored.
 * </ol>
 *
 * <h2>Certificate pinning and rotation</h2>
 * The first {@link #init()} pins the Root certificate; a later change is accepted only as a proper
 * rotation or on the operator's explicit approval, by the rules of {@link CertificatePinning}.
 * After a rotation the previous certificate is kept while key material issued under it is held.
 *
 * <p>Thread-safe; requests are serialised per client.
 */
public final class KmsClient {
  private final KeyProfile profile;
  private final Clock clock;
  private final KmsExchange exchanges;

  private KmsClient(Builder b) {
    this.profile = b.profile;
    this.clock = b.clock != null ? b.clock : b.profile.clock();
    KmsTransport transport = b.transport != null ? b.transport : HttpsTransport.create(b.profile.settings().tls(),
        Duration.ofSeconds(30), HttpsTransport.DEFAULT_MAX_RESPONSE_BYTES, clock);
    this.exchanges = new KmsExchange(profile, Objects.requireNonNull(b.tokens, "a token source is required"),
        transport, clock, b.protection != null ? b.protection : TransportProtection.standard());
  }

  public static Builder builder(KeyProfile profile) {
    return new Builder(Objects.requireNonNull(profile));
  }

  public KeyProfile profile() {
    return profile;
  }

  /** KMS time minus our time, as estimated from responses (zero before the first). */
  public Duration kmsClockOffset() {
    Duration d = exchanges.offsetEstimate();
    return d == null ? Duration.ZERO : d;
  }

  /** Our clock corrected by the estimated KMS clock offset. */
  public Instant kmsNow() {
    return exchanges.kmsNow();
  }

  // ------------------------------------------------------------------ KMS Initialize

  /** KMS Initialize without approving any certificate change. */
  public synchronized InitResult init() throws KmsClientException {
    return init(RotationApproval.none());
  }

  /**
   * KMS Initialize (D.2, D.3.1): fetches the Root certificate and pins it, confirms the pin, or
   * accepts a proper rotation (see the class comment).
   *
   * @throws CertificateChangeException if the certificate changed and that is not accepted
   */
  public synchronized InitResult init(RotationApproval approval) throws KmsClientException {
    KmsExchange.Exchange ex = exchanges.exchange("init");
    KmsCertificate cert = ex.response().init().orElseThrow(() -> new KmsClientException(Problem.PROTOCOL,
        "the answer to init carries no KmsInit")).certificate();
    CertificatePinning.check(cert, ex.response().kmsUri(), profile.settings().kmsUri(), true, kmsNow());
    KmsCertificate pinned = profile.state().certificate();
    InitResult.Outcome outcome;
    if (pinned == null) {
      outcome = InitResult.Outcome.PINNED;
    } else if (CertificateFingerprint.of(pinned).equals(CertificateFingerprint.of(cert))) {
      outcome = InitResult.Outcome.UNCHANGED;
    } else {
      outcome = CertificatePinning.judgeChange(pinned, cert, ex.signed(), approval, this::fetchWholeCertCache, kmsNow());
    }
    KmsCertificate previous = outcome == InitResult.Outcome.ROTATED || outcome == InitResult.Outcome.REPLACED
        ? pinned : null;
    profile.update(st -> {
      ProfileState.Builder b = st.toBuilder();
      switch (outcome) {
        case ROTATED -> b.rotate(cert, previous);
        case REPLACED -> b.replacePin(cert); // material of the replaced domain is not to be trusted any more
        default -> b.certificate(cert); // for UNCHANGED this refreshes metadata (validity, Revoked, CertUri)
      }
      return afterExchange(b, ex).build();
    });
    return new InitResult(outcome, cert, Optional.ofNullable(previous), ex.newKeyIds(), ex.signed(),
        ex.response().time());
  }

  private KmsCertCache fetchWholeCertCache() throws KmsClientException {
    return exchanges.exchange("certcache").response().certCache().orElseThrow(() -> new KmsClientException(
        Problem.PROTOCOL, "the answer to certcache carries no KmsCertCache"));
  }

  // ------------------------------------------------------------------ KMS KeyProvision

  /** KeyProvision of the profile owner's identity ({@code keyprov}): the current and next periods. */
  public synchronized ProvisionResult provision() throws KmsClientException {
    return keyProv(profile.settings().userUri(), "keyprov", null);
  }

  /**
   * KeyProvision for {@code identity} ({@code keyprov/<uri>}): the owner's own identity, or one the
   * KMS granted the owner (an MCPTT server's or GMS's, or an identity a GMS acts for).
   */
  public synchronized ProvisionResult provision(String identity) throws KmsClientException {
    ProfileSettings.checkUri(identity, "the identity");
    return keyProv(identity, "keyprov/" + KmsExchange.percentEncode(identity), null);
  }

  /**
   * KeyProvision for {@code identity} at {@code time} ({@code keyprov/<uri>/<ntp64>}): the key set
   * of the period containing that time, e.g. the T payload of an I_MESSAGE from another period.
   */
  public synchronized ProvisionResult provisionAt(String identity, NtpTime time) throws KmsClientException {
    ProfileSettings.checkUri(identity, "the identity");
    String hex = HexFormat.of().withUpperCase().toHexDigits(time.toNtp64());
    return keyProv(identity, "keyprov/" + KmsExchange.percentEncode(identity) + "/" + hex, time);
  }

  private ProvisionResult keyProv(String identity, String path, NtpTime at) throws KmsClientException {
    ProfileState s = profile.state();
    if (s.certificate() == null) {
      throw new KmsClientException(Problem.CONFIGURATION, "no KMS certificate is pinned yet: run init first");
    }
    KmsExchange.Exchange ex;
    try {
      ex = exchanges.exchange(path);
    } catch (KmsErrorException e) {
      throw forgetRevoked(identity, e);
    }
    KmsKeyProv kp = ex.response().keyProv().orElseThrow(() -> new KmsClientException(Problem.PROTOCOL,
        "the answer to " + path + " carries no KmsKeyProv"));
    List<ProfileState.KeySet> accepted = new ArrayList<>();
    List<Long> revoked = new ArrayList<>();
    Instant received = clock.instant();
    Long wanted = at == null ? null : s.certificate().keyPeriodPolicy().periodNumber(at);
    for (KmsKeySet k : kp.keySets()) {
      if (!k.userUri().equals(identity)) {
        throw new KeyMaterialRejectedException(k.userUri(), k.keyPeriodNo(), Check.USER_URI,
            "the KMS sent keys for another identity than " + clip(identity));
      }
      if (wanted != null && k.keyPeriodNo() != wanted) {
        throw new KeyMaterialRejectedException(identity, k.keyPeriodNo(), Check.KEY_PERIOD,
            "asked for the period containing " + at.toInstant() + ", which is " + wanted);
      }
      if (k.revoked()) {
        revoked.add(k.keyPeriodNo());
        continue;
      }
      if (!k.kmsUri().equals(s.certificate().kmsUri())) {
        throw new KeyMaterialRejectedException(identity, k.keyPeriodNo(), Check.KMS_URI, "KmsUri "
            + clip(k.kmsUri()) + " is not the pinned KMS " + s.certificate().kmsUri());
      }
      KmsCertificate cert = certificateFor(s, k);
      SecretBytes rsk = k.userDecryptKey().plain();
      SecretBytes ssk = k.userSigningKeySsk().plain();
      byte[] pvt = k.userPubTokenPvt().plain().toByteArray(SecretAccess.get());
      KeyMaterial m = KeySetValidation.validate(cert, identity, k.keyPeriodNo(), k.userId(),
          k.validFrom().orElse(null), k.validTo().orElse(null), rsk, ssk, pvt);
      accepted.add(new ProfileState.KeySet(identity, m.period(), m.uid(), CertificateFingerprint.of(cert), rsk, ssk,
          pvt, m.validFrom(), m.validTo(), received));
    }
    if (accepted.isEmpty() && revoked.isEmpty()) {
      throw new KmsClientException(Problem.PROTOCOL, "the KMS sent no key set for " + clip(identity));
    }
    ProfileState after = profile.update(st -> {
      ProfileState.Builder b = st.toBuilder();
      b.track(identity);
      accepted.forEach(b::putKeySet);
      revoked.forEach(p -> b.removeKeySet(identity, p));
      return afterExchange(b, ex).build();
    });
    List<KeyPeriodInfo> stored = new ArrayList<>();
    for (ProfileState.KeySet k : accepted) {
      after.keySet(identity, k.period()).ifPresent(x -> stored.add(x.info()));
    }
    return new ProvisionResult(identity, stored, revoked, ex.newKeyIds(), ex.signed(), ex.encrypted(), ex.response().time());
  }

  /**
   * The held certificate a key set belongs to, by its CertUri: the pinned one when the key set
   * names none or the pinned certificate has none (validation decides then), an earlier pin with
   * that CertUri, else a refusal (most likely a rotation the client has not seen yet).
   */
  private static KmsCertificate certificateFor(ProfileState s, KmsKeySet k) throws KeyMaterialRejectedException {
    if (k.certUri().isEmpty() || k.certUri().equals(s.certificate().certUri())) {
      return s.certificate();
    }
    for (KmsCertificate c : s.previousCertificates()) {
      if (k.certUri().equals(c.certUri()) && c.kmsUri().equals(k.kmsUri())) {
        return c;
      }
    }
    if (s.certificate().certUri().isEmpty()) {
      return s.certificate();
    }
    throw new KeyMaterialRejectedException(k.userUri(), k.keyPeriodNo(), Check.CERTIFICATE, "CertUri "
        + clip(k.certUri().get()) + " is not the pinned certificate's ("
        + s.certificate().certUri().orElse("none") + "); run init to pick up a certificate rotation");
  }

  /**
   * A refusal that lists revoked periods of {@code identity} (TS 33.180 D.3: Revoked key sets):
   * those keys are removed from the profile, and the failure says so ({@link Problem#REVOKED}).
   * Any other refusal is returned as it is.
   */
  private KmsClientException forgetRevoked(String identity, KmsErrorException e) {
    List<Long> periods = e.revokedPeriods(identity);
    if (periods.isEmpty()) {
      return e;
    }
    List<Long> held = profile.periods(identity).stream().map(KeyPeriodInfo::period).filter(periods::contains).toList();
    KmsClientException revoked = new KmsClientException(Problem.REVOKED, "the KMS revoked the key material of "
        + clip(identity) + " for period(s) " + periods + (held.isEmpty() ? "" : "; removed period(s) " + held
        + " from the profile") + " (" + e.getMessage() + ")", e);
    try {
      profile.update(st -> {
        ProfileState.Builder b = st.toBuilder();
        periods.forEach(p -> b.removeKeySet(identity, p));
        return b.build();
      });
    } catch (ProfileException pe) {
      revoked.addSuppressed(pe);
    }
    return revoked;
  }

  // ------------------------------------------------------------------ KMS CertCache

  /** CertCache: {@code certcache/<n>} with the held cache number, else {@code certcache}. */
  public synchronized CertCacheResult fetchCertCache() throws KmsClientException {
    return fetchCertCache(false);
  }

  /**
   * CertCache (D.2, D.3.1): the KMS certificates for inter-domain use. A non-empty answer replaces
   * the held cache; an empty answer to {@code certcache/<n>} means ours is current.
   *
   * @param full ask for the whole cache even if one is held
   */
  public synchronized CertCacheResult fetchCertCache(boolean full) throws KmsClientException {
    ProfileState s = profile.state();
    String path = !full && s.certCacheNum() != null ? "certcache/" + s.certCacheNum() : "certcache";
    return applyCertCache(exchanges.exchange(path), path);
  }

  /** Takes the certificate cache of an answer into the profile (see {@link #fetchCertCache(boolean)}). */
  private CertCacheResult applyCertCache(KmsExchange.Exchange ex, String path) throws KmsClientException {
    ProfileState s = profile.state();
    KmsCertCache cc = ex.response().certCache().orElseThrow(() -> new KmsClientException(Problem.PROTOCOL,
        "the answer to " + path + " carries no KmsCertCache"));
    for (KmsCertificate c : cc.certificates()) {
      CertificatePinning.check(c, ex.response().kmsUri(), profile.settings().kmsUri(), false, kmsNow());
    }
    boolean changed = !cc.certificates().isEmpty() || !Objects.equals(cc.cacheNum().orElse(null), s.certCacheNum());
    ProfileState after = profile.update(st -> {
      ProfileState.Builder b = st.toBuilder();
      Long cacheNum = cc.cacheNum().orElse(st.certCacheNum());
      if (!cc.certificates().isEmpty() || st.certCacheNum() == null) {
        b.certCache(cc.certificates(), cacheNum).migrationKmss(cc.migrationKmss());
      } else {
        b.certCacheNum(cacheNum);
      }
      return afterExchange(b, ex).build();
    });
    return new CertCacheResult(Optional.ofNullable(after.certCacheNum()), after.certCache(), changed);
  }

  // ------------------------------------------------------------------ Discovery

  /**
   * KMS Discovery Lookup (TS 33.180 D.1, Rel-17; path {@code discovery/<user URI>} and content
   * UNCONFIRMED, see docs/decisions.md): asks the KMS which KMS URI {@code userUri} belongs to, for
   * example to name the receiver's KMS in an I_MESSAGE. Nothing is stored.
   *
   * @return the KMS URI the KMS gave for {@code userUri}
   * @throws KmsErrorException 404 (KmsError 120) if the KMS knows no such identity
   */
  public synchronized String lookup(String userUri) throws KmsClientException {
    ProfileSettings.checkUri(userUri, "the identity");
    String path = "discovery/" + KmsExchange.percentEncode(userUri);
    KmsExchange.Exchange ex = exchanges.exchange(path);
    KmsLookup l = ex.response().lookup().orElseThrow(() -> new KmsClientException(Problem.PROTOCOL,
        "the answer to " + path + " carries no KmsLookup"));
    if (!l.userUri().equals(userUri)) {
      throw new KmsClientException(Problem.PROTOCOL, "the KmsLookup answers for " + clip(l.userUri())
          + ", not for " + clip(userUri));
    }
    profile.update(st -> afterExchange(st.toBuilder(), ex).build());
    return l.kmsUri();
  }

  // ------------------------------------------------------------------ Migration KMSs

  /**
   * The settings of a profile that obtains key material from the Migration KMS {@code kmsUri} for
   * the owner of {@code home} (TS 33.180 5.3.1): its URL and KMS URI as the Home KMS listed them in
   * the certificate cache, the owner's identity, and TLS trust in the pin the Home KMS gave or,
   * without one, the home profile's trust anchors. Run {@link #init()} and {@link #provision()}
   * with a client on a profile made from them.
   *
   * @throws KmsClientException {@link Problem#NOT_PERMITTED} if the Home KMS did not list {@code
   *     kmsUri} (fetch the certificate cache first); {@link Problem#CONFIGURATION} if there is no
   *     TLS pin and the home profile trusts its KMS by a pin only. Nothing is sent either way.
   */
  public static ProfileSettings migrationSettings(KeyProfile home, String kmsUri) throws KmsClientException {
    MigrationKms m = home.state().migrationKms(kmsUri).orElseThrow(() -> new KmsClientException(Problem.NOT_PERMITTED,
        "KMS " + clip(kmsUri) + " is not a Migration KMS the Home KMS permits (listed: "
            + home.migrationKmss().stream().map(MigrationKms::kmsUri).toList()
            + "); fetch the certificate cache if the list changed. Nothing was sent."));
    TlsTrust tls;
    if (m.tlsPinBytes().isPresent()) {
      tls = TlsTrust.pinned(m.tlsPinBytes().get());
    } else if (home.settings().tls().kind() == TlsTrust.Kind.ANCHORS) {
      tls = home.settings().tls();
    } else {
      throw new KmsClientException(Problem.CONFIGURATION, "the Home KMS gave no TLS pin for Migration KMS "
          + m.kmsUri() + " and this profile trusts its KMS by a pin only; nothing was sent");
    }
    ProfileSettings h = home.settings();
    return ProfileSettings.builder().kmsUrl(m.kmsUrl()).userUri(h.userUri()).kmsUri(m.kmsUri()).tls(tls)
        .keepPastPeriods(h.keepPastPeriods()).clientId(h.clientId().orElse(null)).deviceId(h.deviceId().orElse(null))
        .build();
  }

  // ------------------------------------------------------------------ Redirect

  /**
   * Uploads KMS Redirect Responses to the Home KMS ({@code redirect}, TS 33.180 5.3.1 and the
   * {@code KrrList} of D.2.2): KRRs this client received in answer to its I_MESSAGEs, or made when
   * it refused one. Our KMS answers with the certificate cache (UNCONFIRMED, see
   * docs/decisions.md), which is taken into the profile like a {@code certcache} answer.
   *
   * @param krrs the KRR documents, each as received (1 to 16)
   * @throws KmsErrorException if the KMS refuses them (KmsError 130-138 name the reason)
   */
  public synchronized CertCacheResult uploadRedirects(List<byte[]> krrs) throws KmsClientException {
    if (krrs.isEmpty()) {
      throw new IllegalArgumentException("no KRR to upload");
    }
    OpaqueXml list;
    try {
      list = KrrXmlWriter.create().krrList(krrs);
    } catch (KmsProtocolException e) {
      throw new KmsClientException(Problem.CONFIGURATION, "a KRR to upload is not well-formed XML: " + e.getMessage(), e);
    }
    return applyCertCache(exchanges.exchange("redirect", list), "redirect");
  }

  // ------------------------------------------------------------------ after an exchange

  /**
   * What every successful exchange leaves in the profile: new TrK/InK, the clock offset, and the
   * pruning of periods the KMS's own {@code Time} puts in the past (never our clock, which may be
   * wrong).
   */
  private ProfileState.Builder afterExchange(ProfileState.Builder b, KmsExchange.Exchange ex) {
    Instant now = clock.instant();
    ex.newKeys().forEach(k -> b.addCurrentKey(k, now));
    b.pruneAt(ex.response().time());
    return b.refresh(b.refresh().withClockOffset(exchanges.offsetEstimate()));
  }

  /** Builder. A token source is required; transport and clock have defaults. */
  public static final class Builder {
    private final KeyProfile profile;
    private TokenSource tokens;
    private KmsTransport transport;
    private Clock clock;
    private TransportProtection protection;

    private Builder(KeyProfile profile) {
      this.profile = profile;
    }

    public Builder tokenSource(TokenSource tokens) {
      this.tokens = tokens;
      return this;
    }

    /** Default: {@link HttpsTransport} under the profile's TLS trust. */
    public Builder transport(KmsTransport transport) {
      this.transport = transport;
      return this;
    }

    /** Default: the profile's clock. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** Default: {@link TransportProtection#standard()}. */
    public Builder transportProtection(TransportProtection protection) {
      this.protection = protection;
      return this;
    }

    public KmsClient build() {
      return new KmsClient(this);
    }
  }
}

package org.mcxkms.kms.client;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLException;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.crypto.SecretBytes;
import org.mcxkms.crypto.uid.NtpTime;
import org.mcxkms.kms.client.KeyMaterialRejectedException.Check;
import org.mcxkms.kms.client.KmsClientException.Problem;
import org.mcxkms.kms.protocol.KeyContent;
import org.mcxkms.kms.protocol.KmsCertCache;
import org.mcxkms.kms.protocol.KmsCertificate;
import org.mcxkms.kms.protocol.KmsKeyProv;
import org.mcxkms.kms.protocol.KmsKeySet;
import org.mcxkms.kms.protocol.KmsProtocolException;
import org.mcxkms.kms.protocol.KmsRequest;
import org.mcxkms.kms.protocol.KmsResponse;
import org.mcxkms.kms.protocol.KmsXmlReader;
import org.mcxkms.kms.protocol.KmsXmlWriter;
import org.mcxkms.kms.protocol.Received;
import org.mcxkms.kms.protocol.TransportProtection;
import org.mcxkms.kms.protocol.security.ProtectionKey;
import org.mcxkms.kms.protocol.security.ProtectionKeyResolver;
import org.mcxkms.kms.protocol.security.SignaturePolicy;

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
 * The first {@link #init()} pins the Root certificate the KMS presents (trusted because TLS is).
 * Later, a different certificate (by {@link CertificateFingerprint}) is accepted only as a
 * <b>proper rotation</b>, which means all of:
 * <ol>
 *   <li>it arrives over the same TLS trust from the same KMS URL (always the case: there is no other);
 *   <li>it has the same {@code KmsUri}, the same {@code UserIdFormat} and the same key period rule
 *       ({@code UserKeyPeriod}, {@code UserKeyOffset}): otherwise every UID changes and it is another
 *       security domain, not a rotation;
 *   <li>it passes the certificate checks (valid keys, Root role, format 2, parameter set 1, not
 *       revoked, within its validity);
 *   <li>continuity: the KMS still publishes the pinned certificate, unrevoked and valid, in its
 *       certificate cache (the server keeps the previous certificate published until it expires);
 *   <li>authorisation: either the init response was signed with the InK (or TrK) provisioned out of
 *       band, which a man in the middle cannot forge, or the operator approved exactly this
 *       certificate's fingerprint ({@link RotationApproval#rotationTo}).
 * </ol>
 * Anything else fails with {@link CertificateChangeException} listing the unmet conditions, and the
 * pin stays. After a rotation the previous certificate is kept while key material issued under it
 * is held. {@link RotationApproval#replacePin} is the operator's override when continuity cannot
 * hold (a rebuilt domain, a revoked certificate).
 *
 * <p>Thread-safe; requests are serialised per client.
 */
public final class KmsClient {
  private final KeyProfile profile;
  private final TokenSource tokens;
  private final KmsTransport transport;
  private final Clock clock;
  private final TransportProtection protection;
  private final KmsXmlReader reader = KmsXmlReader.create();
  private final KmsXmlWriter writer = KmsXmlWriter.create();
  private final ClockOffsetEstimator offset;

  private KmsClient(Builder b) {
    this.profile = b.profile;
    this.tokens = Objects.requireNonNull(b.tokens, "a token source is required");
    this.transport = b.transport != null ? b.transport : HttpsTransport.create(b.profile.settings().tls());
    this.clock = b.clock != null ? b.clock : b.profile.clock();
    this.protection = b.protection != null ? b.protection : TransportProtection.standard();
    this.offset = new ClockOffsetEstimator(b.profile.refreshRecord().kmsClockOffset());
  }

  public static Builder builder(KeyProfile profile) {
    return new Builder(Objects.requireNonNull(profile));
  }

  public KeyProfile profile() {
    return profile;
  }

  /** KMS time minus our time, as estimated from responses (zero before the first). */
  public Duration kmsClockOffset() {
    Duration d = offset.estimate();
    return d == null ? Duration.ZERO : d;
  }

  /** Our clock corrected by the estimated KMS clock offset. */
  public Instant kmsNow() {
    return clock.instant().plus(kmsClockOffset());
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
    Exchange ex = exchange("init");
    KmsCertificate cert = ex.response.init().orElseThrow(() -> new KmsClientException(Problem.PROTOCOL,
        "the answer to init carries no KmsInit")).certificate();
    checkCertificate(cert, ex.response.kmsUri(), true);
    ProfileState s = profile.state();
    KmsCertificate pinned = s.certificate;
    CertificateFingerprint offered = CertificateFingerprint.of(cert);
    InitResult.Outcome outcome;
    if (pinned == null) {
      outcome = InitResult.Outcome.PINNED;
    } else if (CertificateFingerprint.of(pinned).equals(offered)) {
      outcome = InitResult.Outcome.UNCHANGED;
    } else {
      outcome = judgeChange(pinned, cert, ex.signed, approval);
    }
    KmsCertificate previous = outcome == InitResult.Outcome.ROTATED || outcome == InitResult.Outcome.REPLACED
        ? pinned : null;
    InitResult.Outcome finalOutcome = outcome;
    profile.update(st -> {
      ProfileState.Builder b = st.toBuilder();
      b.certificate = cert; // for UNCHANGED this refreshes metadata (validity, Revoked, CertUri)
      if (finalOutcome == InitResult.Outcome.ROTATED) {
        b.previousCertificates.removeIf(c -> CertificateFingerprint.of(c).equals(offered));
        b.previousCertificates.add(previous);
      } else if (finalOutcome == InitResult.Outcome.REPLACED) {
        // material of the replaced domain is not to be trusted any more
        b.previousCertificates.clear();
        b.keySets.clear();
      }
      installKeys(b, ex);
      b.refresh = b.refresh.withClockOffset(offset.estimate());
      return b.build();
    });
    return new InitResult(outcome, cert, Optional.ofNullable(previous), ex.newKeyIds(), ex.signed,
        ex.response.time());
  }

  private InitResult.Outcome judgeChange(KmsCertificate pinned, KmsCertificate offered, boolean signed,
      RotationApproval approval) throws KmsClientException {
    CertificateFingerprint pinnedFp = CertificateFingerprint.of(pinned);
    CertificateFingerprint offeredFp = CertificateFingerprint.of(offered);
    List<String> unmet = new ArrayList<>();
    if (approval.kind() == RotationApproval.Kind.REPLACE) {
      if (approval.fingerprint().get().equals(offeredFp)) {
        return InitResult.Outcome.REPLACED;
      }
      unmet.add("the approved replacement " + approval.fingerprint().get() + " is not the offered certificate");
      throw new CertificateChangeException(pinnedFp, offeredFp, unmet);
    }
    if (!offered.kmsUri().equals(pinned.kmsUri())) {
      unmet.add("KmsUri changed from " + pinned.kmsUri() + " to " + KmsClientException.clip(offered.kmsUri())
          + " (another KMS, not a rotation)");
    }
    if (!offered.userIdFormat().equals(pinned.userIdFormat())
        || !offered.keyPeriodPolicy().equals(pinned.keyPeriodPolicy())) {
      unmet.add("the UID format or key period rule changed (" + pinned.keyPeriodPolicy() + " to "
          + offered.keyPeriodPolicy() + "): every UID would change");
    }
    boolean approved = approval.kind() == RotationApproval.Kind.ROTATION && approval.fingerprint().get().equals(offeredFp);
    if (!signed && !approved) {
      unmet.add(approval.kind() == RotationApproval.Kind.ROTATION
          ? "the approved fingerprint " + approval.fingerprint().get() + " is not the offered certificate's"
          : "not approved: confirm " + offeredFp + " with the KMS operator and approve it (init --accept-rotation),"
              + " or provision an InK so that the KMS can sign the rotation");
    }
    if (unmet.isEmpty()) {
      // Continuity: the KMS must still vouch for the pinned certificate.
      String continuity = continuity(pinned);
      if (continuity != null) {
        unmet.add(continuity);
      }
    }
    if (!unmet.isEmpty()) {
      throw new CertificateChangeException(pinnedFp, offeredFp, unmet);
    }
    return InitResult.Outcome.ROTATED;
  }

  /** Null if the KMS still publishes {@code pinned}, unrevoked and valid; else why not. */
  private String continuity(KmsCertificate pinned) throws KmsClientException {
    Exchange ex = exchange("certcache");
    KmsCertCache cache = ex.response.certCache().orElseThrow(() -> new KmsClientException(Problem.PROTOCOL,
        "the answer to certcache carries no KmsCertCache"));
    CertificateFingerprint fp = CertificateFingerprint.of(pinned);
    Instant now = kmsNow();
    for (KmsCertificate c : cache.certificates()) {
      if (CertificateFingerprint.of(c).equals(fp)) {
        if (c.revoked()) {
          return "the KMS publishes the pinned certificate as revoked";
        }
        if (c.validTo().isPresent() && !now.isBefore(c.validTo().get())) {
          return "the pinned certificate has expired (" + c.validTo().get() + ")";
        }
        return null;
      }
    }
    return "the KMS no longer publishes the pinned certificate " + fp + " in its certificate cache";
  }

  /**
   * The checks of a KMS certificate before it is pinned or cached.
   *
   * @param root whether it must be the home KMS's Root certificate
   */
  private void checkCertificate(KmsCertificate c, String responseKmsUri, boolean root) throws KmsClientException {
    String what = "the KMS certificate of " + KmsClientException.clip(c.kmsUri());
    if (!"2".equals(c.userIdFormat().strip())) {
      throw new KmsClientException(Problem.CERTIFICATE, what + " has UserIdFormat '"
          + KmsClientException.clip(c.userIdFormat()) + "'; only 2 (TS 33.180 F.2.1 UID) is supported");
    }
    if (c.parameterSet().isPresent() && c.parameterSet().get() != 1) {
      throw new KmsClientException(Problem.CERTIFICATE, what + " uses SAKKE parameter set " + c.parameterSet().get()
          + "; only 1 (RFC 6509) is supported");
    }
    if (root) {
      if (c.role().isPresent() && c.role().get() != KmsCertificate.Role.ROOT) {
        throw new KmsClientException(Problem.CERTIFICATE, what + " has Role " + c.role().get().xmlValue()
            + "; init must return the Root certificate");
      }
      if (!c.kmsUri().equals(responseKmsUri)) {
        throw new KmsClientException(Problem.CERTIFICATE, what + " does not name the KMS that sent it ("
            + KmsClientException.clip(responseKmsUri) + ")");
      }
      Optional<String> configured = profile.settings().kmsUri();
      if (configured.isPresent() && !configured.get().equals(c.kmsUri())) {
        throw new KmsClientException(Problem.CERTIFICATE, what + " is not the configured KMS " + configured.get());
      }
      if (c.revoked()) {
        throw new KmsClientException(Problem.CERTIFICATE, what + " is marked Revoked");
      }
      Instant now = kmsNow();
      if (c.validFrom().isPresent() && now.isBefore(c.validFrom().get())
          || c.validTo().isPresent() && !now.isBefore(c.validTo().get())) {
        throw new KmsClientException(Problem.CERTIFICATE, what + " is not valid now (" + c.validFrom().orElse(null)
            + " .. " + c.validTo().orElse(null) + ", KMS time " + now + ")");
      }
    }
    KeySetValidation.publicKeys(c); // KPAK and Z must be valid points
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
    return keyProv(identity, "keyprov/" + percentEncode(identity), null);
  }

  /**
   * KeyProvision for {@code identity} at {@code time} ({@code keyprov/<uri>/<ntp64>}): the key set
   * of the period containing that time, e.g. the T payload of an I_MESSAGE from another period.
   */
  public synchronized ProvisionResult provisionAt(String identity, NtpTime time) throws KmsClientException {
    ProfileSettings.checkUri(identity, "the identity");
    String hex = HexFormat.of().withUpperCase().toHexDigits(time.toNtp64());
    return keyProv(identity, "keyprov/" + percentEncode(identity) + "/" + hex, time);
  }

  private ProvisionResult keyProv(String identity, String path, NtpTime at) throws KmsClientException {
    ProfileState s = profile.state();
    if (s.certificate == null) {
      throw new KmsClientException(Problem.CONFIGURATION, "no KMS certificate is pinned yet: run init first");
    }
    Exchange ex;
    try {
      ex = exchange(path);
    } catch (KmsErrorException e) {
      forgetRevoked(identity, e);
      throw e;
    }
    KmsKeyProv kp = ex.response.keyProv().orElseThrow(() -> new KmsClientException(Problem.PROTOCOL,
        "the answer to " + path + " carries no KmsKeyProv"));
    List<ProfileState.KeySet> accepted = new ArrayList<>();
    List<Long> revoked = new ArrayList<>();
    Instant received = clock.instant();
    Long wanted = at == null ? null : s.certificate.keyPeriodPolicy().periodNumber(at);
    for (KmsKeySet k : kp.keySets()) {
      if (!k.userUri().equals(identity)) {
        throw new KeyMaterialRejectedException(k.userUri(), k.keyPeriodNo(), Check.USER_URI,
            "the KMS sent keys for another identity than " + KmsClientException.clip(identity));
      }
      if (wanted != null && k.keyPeriodNo() != wanted) {
        throw new KeyMaterialRejectedException(identity, k.keyPeriodNo(), Check.KEY_PERIOD,
            "asked for the period containing " + at.toInstant() + ", which is " + wanted);
      }
      if (k.revoked()) {
        revoked.add(k.keyPeriodNo());
        continue;
      }
      if (!k.kmsUri().equals(s.certificate.kmsUri())) {
        throw new KeyMaterialRejectedException(identity, k.keyPeriodNo(), Check.KMS_URI, "KmsUri "
            + KmsClientException.clip(k.kmsUri()) + " is not the pinned KMS " + s.certificate.kmsUri());
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
      throw new KmsClientException(Problem.PROTOCOL, "the KMS sent no key set for " + KmsClientException.clip(identity));
    }
    ProfileState after = profile.update(st -> {
      ProfileState.Builder b = st.toBuilder();
      b.track(identity);
      accepted.forEach(b::putKeySet);
      revoked.forEach(p -> b.removeKeySet(identity, p));
      installKeys(b, ex);
      b.refresh = b.refresh.withClockOffset(offset.estimate());
      return b.build();
    });
    List<KeyPeriodInfo> stored = new ArrayList<>();
    for (ProfileState.KeySet k : accepted) {
      after.keySet(identity, k.period()).ifPresent(x -> stored.add(x.info()));
    }
    return new ProvisionResult(identity, stored, revoked, ex.newKeyIds(), ex.signed, ex.encrypted, ex.response.time());
  }

  /**
   * The held certificate a key set belongs to, by its CertUri: the pinned one when the key set
   * names none or the pinned certificate has none (validation decides then), an earlier pin with
   * that CertUri, else a refusal (most likely a rotation the client has not seen yet).
   */
  private static KmsCertificate certificateFor(ProfileState s, KmsKeySet k) throws KeyMaterialRejectedException {
    if (k.certUri().isEmpty() || k.certUri().equals(s.certificate.certUri())) {
      return s.certificate;
    }
    for (KmsCertificate c : s.previousCertificates) {
      if (k.certUri().equals(c.certUri()) && c.kmsUri().equals(k.kmsUri())) {
        return c;
      }
    }
    if (s.certificate.certUri().isEmpty()) {
      return s.certificate;
    }
    throw new KeyMaterialRejectedException(k.userUri(), k.keyPeriodNo(), Check.CERTIFICATE, "CertUri "
        + KmsClientException.clip(k.certUri().get()) + " is not the pinned certificate's ("
        + s.certificate.certUri().orElse("none") + "); run init to pick up a certificate rotation");
  }

  /** A refusal that lists revoked periods of {@code identity}: stop holding those keys. */
  private void forgetRevoked(String identity, KmsErrorException e) {
    List<Long> periods = e.revokedPeriods(identity);
    if (periods.isEmpty()) {
      return;
    }
    try {
      profile.update(st -> {
        ProfileState.Builder b = st.toBuilder();
        periods.forEach(p -> b.removeKeySet(identity, p));
        return b.build();
      });
    } catch (ProfileException pe) {
      e.addSuppressed(pe);
    }
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
    String path = !full && s.certCacheNum != null ? "certcache/" + s.certCacheNum : "certcache";
    Exchange ex = exchange(path);
    KmsCertCache cc = ex.response.certCache().orElseThrow(() -> new KmsClientException(Problem.PROTOCOL,
        "the answer to " + path + " carries no KmsCertCache"));
    for (KmsCertificate c : cc.certificates()) {
      checkCertificate(c, ex.response.kmsUri(), false);
    }
    boolean changed = !cc.certificates().isEmpty() || !Objects.equals(cc.cacheNum().orElse(null), s.certCacheNum);
    ProfileState after = profile.update(st -> {
      ProfileState.Builder b = st.toBuilder();
      if (!cc.certificates().isEmpty() || st.certCacheNum == null) {
        b.certCache = new ArrayList<>(cc.certificates());
      }
      b.certCacheNum = cc.cacheNum().orElse(st.certCacheNum);
      installKeys(b, ex);
      b.refresh = b.refresh.withClockOffset(offset.estimate());
      return b.build();
    });
    return new CertCacheResult(Optional.ofNullable(after.certCacheNum), after.certCache, changed);
  }

  // ------------------------------------------------------------------ one exchange

  /** A checked response with what the security extension delivered. */
  private static final class Exchange {
    KmsResponse response;
    boolean signed;
    boolean encrypted;
    List<ProtectionKey> newKeys = List.of();

    List<String> newKeyIds() {
      return newKeys.stream().map(k -> k.kind().shortName() + " " + k.id()).toList();
    }
  }

  private void installKeys(ProfileState.Builder b, Exchange ex) {
    Instant now = clock.instant();
    ex.newKeys.forEach(k -> b.addCurrentKey(k, now));
  }

  /**
   * POSTs to {@code path} and returns the checked, decrypted response. If the KMS refuses our
   * {@code Time} because our clock is off (its own {@code Time} differs from ours by more than a
   * minute), the offset is learnt and the request is sent once more.
   */
  private Exchange exchange(String path) throws KmsClientException {
    try {
      return exchangeOnce(path);
    } catch (StaleClockException e) {
      return exchangeOnce(path);
    }
  }

  /** Internal signal: the KMS refused and our clock looked off; the offset is updated. */
  private static final class StaleClockException extends KmsClientException {
    private static final long serialVersionUID = 1L;

    StaleClockException(KmsErrorException cause) {
      super(cause.problem(), cause.getMessage(), cause);
    }
  }

  private Exchange exchangeOnce(String path) throws KmsClientException {
    ProfileState s = profile.state();
    ProfileSettings settings = s.settings;
    URI url = URI.create(settings.kmsUrl() + path);
    Optional<ProtectionKey> trk = s.currentKey(ProtectionKey.Kind.TRANSPORT);
    Optional<ProtectionKey> ink = s.currentKey(ProtectionKey.Kind.INTEGRITY);
    boolean secure = s.securityExtension();
    String kmsUri = s.certificate != null ? s.certificate.kmsUri() : settings.kmsUri().orElse(null);
    if (secure && kmsUri == null) {
      throw new KmsClientException(Problem.CONFIGURATION, "the security extension needs the KMS URI for the first"
          + " request: set it in the profile (--kms-uri)");
    }

    Instant requestTime = kmsNow();
    byte[] body;
    if (kmsUri == null) {
      // First init without a configured KmsUri: an empty body (as deployed clients send).
      body = new byte[0];
    } else {
      KmsRequest.Builder rb = KmsRequest.builder().id("kmsRequest").userUri(settings.userUri()).kmsUri(kmsUri)
          .time(requestTime).clientReqUrl(url.toString());
      settings.clientId().ifPresent(rb::clientId);
      settings.deviceId().ifPresent(rb::deviceId);
      trk.ifPresent(k -> rb.trkId(k.id()));
      KmsRequest request = rb.build();
      // D.2.2: a signed request names its key in Signature-ID; the InK is used whenever it exists.
      Optional<ProtectionKey> signer = ink.isPresent() ? ink : trk;
      body = signer.isPresent() ? writer.writeSigned(request, signer.get()) : writer.write(request);
    }

    String token;
    try {
      token = tokens.token();
    } catch (IOException | RuntimeException e) {
      throw new KmsClientException(Problem.TOKEN, "no access token: " + e.getMessage(), e);
    }
    Instant sent = clock.instant();
    KmsTransport.Response http;
    try {
      http = transport.post(url, token, body);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KmsClientException(Problem.NETWORK, "interrupted while talking to " + url, e);
    } catch (IOException e) {
      if (isTls(e)) {
        throw new KmsClientException(Problem.TLS, "TLS with " + url.getHost() + ":" + url.getPort()
            + " failed: " + tlsReason(e), e);
      }
      throw new KmsClientException(Problem.NETWORK, "cannot reach the KMS at " + url + ": " + e, e);
    }
    Instant receivedAt = clock.instant();

    List<ProtectionKey> all = new ArrayList<>(s.keys(ProtectionKey.Kind.INTEGRITY));
    all.addAll(s.keys(ProtectionKey.Kind.TRANSPORT));
    ProtectionKeyResolver resolver = ProtectionKeyResolver.of(all);

    if (http.status() != 200) {
      KmsResponse err = null;
      try {
        err = reader.readResponse(http.body(), SignaturePolicy.ifSigned(resolver)).document();
        offset.add(sent, receivedAt, err.time());
      } catch (KmsProtocolException e) {
        // not a KmsResponse (a proxy's error page, say): the status alone is reported
      }
      KmsErrorException e = new KmsErrorException(http.status(), err == null ? null : err.error().orElse(null),
          url.toString(), err);
      if (err != null && body.length > 0 && Duration.between(requestTime, err.time()).abs().getSeconds() > 60
          && http.status() == 400) {
        throw new StaleClockException(e);
      }
      throw e;
    }

    Exchange ex = new Exchange();
    Received<KmsResponse> received;
    try {
      received = reader.readResponse(http.body(), secure ? SignaturePolicy.required(resolver) : SignaturePolicy.none());
    } catch (KmsProtocolException e) {
      throw protocolFailure(url, e);
    }
    KmsResponse r = received.document();
    offset.add(sent, receivedAt, r.time());
    if (received.isSigned()) {
      ProtectionKey by = received.signedBy().get();
      ProtectionKey.Kind expected = ink.isPresent() ? ProtectionKey.Kind.INTEGRITY : ProtectionKey.Kind.TRANSPORT;
      if (by.kind() != expected) {
        throw new KmsClientException(Problem.SECURITY, "the response is signed with " + by + " but this profile"
            + " requires its " + expected.shortName() + " (D.1: the InK signs whenever it exists)");
      }
      ex.signed = true;
    }
    if (r.error().isPresent()) {
      throw new KmsErrorException(http.status(), r.error().get(), url.toString(), r);
    }
    if (kmsUri != null && !r.kmsUri().equals(kmsUri)) {
      throw new KmsClientException(Problem.PROTOCOL, "the response is from KmsUri "
          + KmsClientException.clip(r.kmsUri()) + ", not " + kmsUri);
    }
    if (body.length > 0) {
      if (!samePath(r.clientReqUrl(), url)) {
        throw new KmsClientException(Problem.PROTOCOL, "the response answers ClientReqUrl "
            + KmsClientException.clip(r.clientReqUrl()) + ", not our request to " + url);
      }
      if (!r.userUri().equals(settings.userUri())) {
        throw new KmsClientException(Problem.PROTOCOL, "the response is for UserUri "
            + KmsClientException.clip(r.userUri()) + ", not " + settings.userUri());
      }
    }

    // Confidentiality (D.1): with a TrK every key element must arrive encrypted under it.
    if (r.keyProv().isPresent()) {
      boolean anyEncrypted = false;
      for (KmsKeySet k : r.keyProv().get().keySets()) {
        for (KeyContent c : List.of(k.userDecryptKey(), k.userSigningKeySsk(), k.userPubTokenPvt())) {
          boolean emptyMark = k.revoked() && !c.isEncrypted() && c.plain().length() == 0;
          if (trk.isPresent() && !c.isEncrypted() && !emptyMark) {
            throw new KmsClientException(Problem.SECURITY, "the KMS sent key material of " + KmsClientException.clip(
                k.userUri()) + " in clear although this client named its TrK " + trk.get().id());
          }
          anyEncrypted |= c.isEncrypted();
        }
      }
      ex.encrypted = anyEncrypted;
    }
    List<ProtectionKey> trks = s.keys(ProtectionKey.Kind.TRANSPORT);
    try {
      r = protection.decrypt(r, ProtectionKeyResolver.of(trks));
      if (!trks.isEmpty() && ex.signed) {
        List<ProtectionKey> fresh = new ArrayList<>(protection.newTransportKeys(r, ProtectionKeyResolver.of(trks)));
        fresh.addAll(protection.newIntegrityKeys(r, ProtectionKeyResolver.of(trks)));
        ex.newKeys = fresh;
      }
    } catch (KmsProtocolException e) {
      throw protocolFailure(url, e);
    }
    ex.response = r;
    return ex;
  }

  private static KmsClientException protocolFailure(URI url, KmsProtocolException e) {
    switch (e.reason()) {
      case SIGNATURE_REQUIRED:
      case SIGNATURE_INVALID:
      case UNKNOWN_KEY:
      case UNSUPPORTED_ALGORITHM:
      case DECRYPTION_FAILED:
        return new KmsClientException(Problem.SECURITY, "the response from " + url + " fails the security extension ("
            + e.reason() + "): " + e.getMessage(), e);
      default:
        return new KmsClientException(Problem.PROTOCOL, "the response from " + url + " is not acceptable ("
            + e.reason() + "): " + e.getMessage(), e);
    }
  }

  /**
   * Whether the echoed ClientReqUrl has our path (a proxy may change scheme, host and port; the KMS
   * may echo a raw URI or a lower-case NTP time), compared segment by segment after decoding.
   */
  static boolean samePath(String echoed, URI ours) {
    String theirs;
    try {
      URI e = URI.create(echoed.strip());
      theirs = e.getRawPath() == null ? "" : e.getRawPath();
    } catch (IllegalArgumentException ex) {
      return false;
    }
    String[] a = theirs.split("/", -1);
    String[] b = ours.getRawPath().split("/", -1);
    if (a.length != b.length) {
      return false;
    }
    for (int i = 0; i < a.length; i++) {
      String x = decode(a[i]);
      String y = decode(b[i]);
      boolean ntp = i == a.length - 1 && y.matches("[0-9A-Fa-f]{16}");
      if (!(ntp ? x.equalsIgnoreCase(y) : x.equals(y))) {
        return false;
      }
    }
    return true;
  }

  private static String decode(String raw) {
    return java.net.URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /** RFC 3986 percent-encoding of a path segment: everything but unreserved characters. */
  static String percentEncode(String s) {
    StringBuilder sb = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xFF;
      if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_'
          || c == '~') {
        sb.append((char) c);
      } else {
        sb.append('%').append(String.format(Locale.ROOT, "%02X", c));
      }
    }
    return sb.toString();
  }

  private static boolean isTls(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SSLException || t instanceof java.security.cert.CertificateException) {
        return true;
      }
    }
    return false;
  }

  private static String tlsReason(Throwable e) {
    String msg = e.getMessage();
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.security.cert.CertificateException) {
        return t.getMessage();
      }
      if (t.getMessage() != null) {
        msg = t.getMessage();
      }
    }
    return msg;
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

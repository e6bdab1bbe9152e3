package org.mcxkms.kms.client;

import static org.mcxkms.kms.client.error.KmsClientException.clip;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
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
import org.mcxkms.kms.protocol.security.ProtectionKey;
import org.mcxkms.kms.protocol.security.ProtectionKeyResolver;
import org.mcxkms.kms.protocol.security.SignaturePolicy;
import org.mcxkms.kms.protocol.security.TransportProtection;

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
    return exchange("certcache").response.certCache().orElseThrow(() -> new KmsClientException(Problem.PROTOCOL,
        "the answer to certcache carries no KmsCertCache"));
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
    if (s.certificate() == null) {
      throw new KmsClientException(Problem.CONFIGURATION, "no KMS certificate is pinned yet: run init first");
    }
    Exchange ex;
    try {
      ex = exchange(path);
    } catch (KmsErrorException e) {
      forgetRevoked(identity, e);
      throw e;
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
    String path = !full && s.certCacheNum() != null ? "certcache/" + s.certCacheNum() : "certcache";
    Exchange ex = exchange(path);
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
        b.certCache(cc.certificates(), cacheNum);
      } else {
        b.certCacheNum(cacheNum);
      }
      return afterExchange(b, ex).build();
    });
    return new CertCacheResult(Optional.ofNullable(after.certCacheNum()), after.certCache(), changed);
  }

  // ------------------------------------------------------------------ one exchange

  /** A checked response with what the security extension delivered. */
  private record Exchange(KmsResponse response, boolean signed, boolean encrypted, List<ProtectionKey> newKeys) {
    List<String> newKeyIds() {
      return newKeys.stream().map(k -> k.kind().shortName() + " " + k.id()).toList();
    }
  }

  /** What every successful exchange leaves in the profile: new TrK/InK and the clock offset. */
  private ProfileState.Builder afterExchange(ProfileState.Builder b, Exchange ex) {
    Instant now = clock.instant();
    ex.newKeys().forEach(k -> b.addCurrentKey(k, now));
    return b.refresh(b.refresh().withClockOffset(offset.estimate()));
  }

  /**
   * One request as sent: the URL, the body (empty for a first init without a known KmsUri), our
   * {@code Time} in it, the {@code KmsUri} it names, and the TrK/InK in use (D.1).
   */
  private record Request(URI url, byte[] body, Instant time, String kmsUri, Optional<ProtectionKey> trk,
      Optional<ProtectionKey> ink) {}

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

  /**
   * One exchange: build and send the request, then accept the response only if it is signed as
   * the profile requires, answers our request, carries key material encrypted where a TrK is in
   * use, and decrypts.
   */
  private Exchange exchangeOnce(String path) throws KmsClientException {
    ProfileState s = profile.state();
    Request request = request(s, path);
    String token = token();
    Instant sent = clock.instant();
    KmsTransport.Response http = send(request, token);
    Instant receivedAt = clock.instant();
    ProtectionKeyResolver resolver = ProtectionKeyResolver.of(allProtectionKeys(s));
    if (http.status() != 200) {
      throw refusal(request, http, resolver, sent, receivedAt);
    }
    Received<KmsResponse> received;
    try {
      received = reader.readResponse(http.body(),
          s.securityExtension() ? SignaturePolicy.required(resolver) : SignaturePolicy.none());
    } catch (KmsProtocolException e) {
      throw protocolFailure(request.url(), e);
    }
    KmsResponse r = received.document();
    offset.add(sent, receivedAt, r.time());
    boolean signed = checkSigner(received, request);
    if (r.error().isPresent()) {
      throw new KmsErrorException(http.status(), r.error().get(), request.url().toString(), r);
    }
    checkAnswersRequest(r, request, s.settings());
    boolean encrypted = checkKeysEncrypted(r, request.trk());
    return decrypt(r, s, signed, encrypted, request.url());
  }

  private Request request(ProfileState s, String path) throws KmsClientException {
    ProfileSettings settings = s.settings();
    URI url = URI.create(settings.kmsUrl() + path);
    Optional<ProtectionKey> trk = s.currentKey(ProtectionKey.Kind.TRANSPORT);
    Optional<ProtectionKey> ink = s.currentKey(ProtectionKey.Kind.INTEGRITY);
    String kmsUri = s.certificate() != null ? s.certificate().kmsUri() : settings.kmsUri().orElse(null);
    if (s.securityExtension() && kmsUri == null) {
      throw new KmsClientException(Problem.CONFIGURATION, "the security extension needs the KMS URI for the first"
          + " request: set it in the profile (--kms-uri)");
    }
    Instant time = kmsNow();
    if (kmsUri == null) {
      // First init without a configured KmsUri: an empty body (as deployed clients send).
      return new Request(url, new byte[0], time, null, trk, ink);
    }
    KmsRequest.Builder rb = KmsRequest.builder().id("kmsRequest").userUri(settings.userUri()).kmsUri(kmsUri)
        .time(time).clientReqUrl(url.toString());
    settings.clientId().ifPresent(rb::clientId);
    settings.deviceId().ifPresent(rb::deviceId);
    trk.ifPresent(k -> rb.trkId(k.id()));
    KmsRequest request = rb.build();
    // TS 33.180 D.2.2: a signed request names its key in Signature-ID; the InK is used whenever it exists.
    Optional<ProtectionKey> signer = ink.isPresent() ? ink : trk;
    byte[] body = signer.isPresent() ? writer.writeSigned(request, signer.get()) : writer.write(request);
    return new Request(url, body, time, kmsUri, trk, ink);
  }

  private String token() throws KmsClientException {
    try {
      return tokens.token();
    } catch (IOException | RuntimeException e) {
      throw new KmsClientException(Problem.TOKEN, "no access token: " + e.getMessage(), e);
    }
  }

  private KmsTransport.Response send(Request request, String token) throws KmsClientException {
    URI url = request.url();
    try {
      return transport.post(url, token, request.body());
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
  }

  private static List<ProtectionKey> allProtectionKeys(ProfileState s) {
    List<ProtectionKey> all = new ArrayList<>(s.keys(ProtectionKey.Kind.INTEGRITY));
    all.addAll(s.keys(ProtectionKey.Kind.TRANSPORT));
    return all;
  }

  /** A non-200 answer as a typed error; a refused {@code Time} becomes a {@link StaleClockException}. */
  private KmsClientException refusal(Request request, KmsTransport.Response http, ProtectionKeyResolver resolver,
      Instant sent, Instant receivedAt) {
    KmsResponse err = null;
    try {
      err = reader.readResponse(http.body(), SignaturePolicy.ifSigned(resolver)).document();
      offset.add(sent, receivedAt, err.time());
    } catch (KmsProtocolException e) {
      // not a KmsResponse (a proxy's error page, say): the status alone is reported
    }
    KmsErrorException e = new KmsErrorException(http.status(), err == null ? null : err.error().orElse(null),
        request.url().toString(), err);
    if (err != null && request.body().length > 0 && http.status() == 400
        && Duration.between(request.time(), err.time()).abs().getSeconds() > 60) {
      return new StaleClockException(e);
    }
    return e;
  }

  /** Whether the response is signed, and by the key the profile requires (D.1: the InK whenever it exists). */
  private static boolean checkSigner(Received<KmsResponse> received, Request request) throws KmsClientException {
    if (!received.isSigned()) {
      return false;
    }
    ProtectionKey by = received.signedBy().orElseThrow();
    ProtectionKey.Kind expected = request.ink().isPresent() ? ProtectionKey.Kind.INTEGRITY
        : ProtectionKey.Kind.TRANSPORT;
    if (by.kind() != expected) {
      throw new KmsClientException(Problem.SECURITY, "the response is signed with " + by + " but this profile"
          + " requires its " + expected.shortName() + " (TS 33.180 D.1: the InK signs whenever it exists)");
    }
    return true;
  }

  /** The envelope must answer our request: our KmsUri, our path in ClientReqUrl, our UserUri. */
  private static void checkAnswersRequest(KmsResponse r, Request request, ProfileSettings settings)
      throws KmsClientException {
    if (request.kmsUri() != null && !r.kmsUri().equals(request.kmsUri())) {
      throw new KmsClientException(Problem.PROTOCOL, "the response is from KmsUri " + clip(r.kmsUri()) + ", not "
          + request.kmsUri());
    }
    if (request.body().length == 0) {
      return;
    }
    if (!samePath(r.clientReqUrl(), request.url())) {
      throw new KmsClientException(Problem.PROTOCOL, "the response answers ClientReqUrl " + clip(r.clientReqUrl())
          + ", not our request to " + request.url());
    }
    if (!r.userUri().equals(settings.userUri())) {
      throw new KmsClientException(Problem.PROTOCOL, "the response is for UserUri " + clip(r.userUri()) + ", not "
          + settings.userUri());
    }
  }

  /**
   * Confidentiality (TS 33.180 D.1): with a TrK every key element must arrive encrypted under it
   * (a revoked key set's empty elements excepted). Returns whether any key element was encrypted.
   */
  private static boolean checkKeysEncrypted(KmsResponse r, Optional<ProtectionKey> trk) throws KmsClientException {
    if (r.keyProv().isEmpty()) {
      return false;
    }
    boolean anyEncrypted = false;
    for (KmsKeySet k : r.keyProv().get().keySets()) {
      for (KeyContent c : List.of(k.userDecryptKey(), k.userSigningKeySsk(), k.userPubTokenPvt())) {
        boolean emptyMark = k.revoked() && !c.isEncrypted() && c.plain().length() == 0;
        if (trk.isPresent() && !c.isEncrypted() && !emptyMark) {
          throw new KmsClientException(Problem.SECURITY, "the KMS sent key material of " + clip(k.userUri())
              + " in clear although this client named its TrK " + trk.get().id());
        }
        anyEncrypted |= c.isEncrypted();
      }
    }
    return anyEncrypted;
  }

  /** Decrypts key material under the held TrKs and picks up TrK/InK delivered in a signed response. */
  private Exchange decrypt(KmsResponse r, ProfileState s, boolean signed, boolean encrypted, URI url)
      throws KmsClientException {
    ProtectionKeyResolver trks = ProtectionKeyResolver.of(s.keys(ProtectionKey.Kind.TRANSPORT));
    try {
      KmsResponse clear = protection.decrypt(r, trks);
      List<ProtectionKey> fresh = new ArrayList<>();
      if (!s.keys(ProtectionKey.Kind.TRANSPORT).isEmpty() && signed) {
        fresh.addAll(protection.newTransportKeys(clear, trks));
        fresh.addAll(protection.newIntegrityKeys(clear, trks));
      }
      return new Exchange(clear, signed, encrypted, List.copyOf(fresh));
    } catch (KmsProtocolException e) {
      throw protocolFailure(url, e);
    }
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
    return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
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
      if (t instanceof SSLException || t instanceof CertificateException) {
        return true;
      }
    }
    return false;
  }

  private static String tlsReason(Throwable e) {
    String msg = e.getMessage();
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CertificateException) {
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

package org.mcxkms.kms.client;

import static org.mcxkms.kms.client.error.KmsClientException.clip;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateNotYetValidException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLException;
import org.mcxkms.kms.client.error.KmsClientException.Problem;
import org.mcxkms.kms.client.error.KmsClientException;
import org.mcxkms.kms.client.error.KmsErrorException;
import org.mcxkms.kms.client.profile.KeyProfile;
import org.mcxkms.kms.client.profile.ProfileSettings;
import org.mcxkms.kms.client.profile.ProfileState;
import org.mcxkms.kms.protocol.KeyContent;
import org.mcxkms.kms.protocol.KmsKeySet;
import org.mcxkms.kms.protocol.KmsProtocolException;
import org.mcxkms.kms.protocol.KmsRequest;
import org.mcxkms.kms.protocol.KmsResponse;
import org.mcxkms.kms.protocol.KmsXmlReader;
import org.mcxkms.kms.protocol.KmsXmlWriter;
import org.mcxkms.kms.protocol.OpaqueXml;
import org.mcxkms.kms.protocol.Received;
import org.mcxkms.kms.protocol.security.ProtectionKey;
import org.mcxkms.kms.protocol.security.ProtectionKeyResolver;
import org.mcxkms.kms.protocol.security.SignaturePolicy;
import org.mcxkms.kms.protocol.TransportProtection;

/**
 * One Annex D exchange of a {@link KmsClient} with its KMS, in named steps: build the request
 * (signed with the InK, else the TrK, TS 33.180 D.2.2), send it, turn a refusal into a typed error
 * (learning the KMS clock from it), and accept a response only if it is signed as the profile
 * requires, answers our request, carries key material encrypted where a TrK is in use (D.1), and
 * decrypts. It also keeps the estimate of the KMS clock offset.
 */
final class KmsExchange {
  private final KeyProfile profile;
  private final TokenSource tokens;
  private final KmsTransport transport;
  private final Clock clock;
  private final TransportProtection protection;
  private final KmsXmlReader reader = KmsXmlReader.create();
  private final KmsXmlWriter writer = KmsXmlWriter.create();
  private final ClockOffsetEstimator offset;

  KmsExchange(KeyProfile profile, TokenSource tokens, KmsTransport transport, Clock clock,
      TransportProtection protection) {
    this.profile = profile;
    this.tokens = tokens;
    this.transport = transport;
    this.clock = clock;
    this.protection = protection;
    this.offset = new ClockOffsetEstimator(profile.refreshRecord().kmsClockOffset());
  }

  /** KMS time minus our time, as estimated from responses; null before the first. */
  Duration offsetEstimate() {
    return offset.estimate();
  }

  /** Our clock corrected by the estimated KMS clock offset. */
  Instant kmsNow() {
    Duration d = offset.estimate();
    return clock.instant().plus(d == null ? Duration.ZERO : d);
  }

  /** A checked response with what the security extension delivered. */
  record Exchange(KmsResponse response, boolean signed, boolean encrypted, List<ProtectionKey> newKeys) {
    List<String> newKeyIds() {
      return newKeys.stream().map(k -> k.kind().shortName() + " " + k.id()).toList();
    }
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
  Exchange exchange(String path) throws KmsClientException {
    return exchange(path, null);
  }

  /** As {@link #exchange(String)}, the request carrying {@code krrList} (D.2.2, for {@code redirect}). */
  Exchange exchange(String path, OpaqueXml krrList) throws KmsClientException {
    try {
      return exchangeOnce(path, krrList);
    } catch (StaleClockException e) {
      return exchangeOnce(path, krrList);
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
  private Exchange exchangeOnce(String path, OpaqueXml krrList) throws KmsClientException {
    ProfileState s = profile.state();
    Request request = request(s, path, krrList);
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

  private Request request(ProfileState s, String path, OpaqueXml krrList) throws KmsClientException {
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
    if (kmsUri == null && krrList != null) {
      throw new KmsClientException(Problem.CONFIGURATION, "uploading KRRs needs the KMS URI: run init first");
    }
    if (kmsUri == null) {
      // First init without a configured KmsUri: an empty body (as deployed clients send).
      return new Request(url, new byte[0], time, null, trk, ink);
    }
    KmsRequest.Builder rb = KmsRequest.builder().id("kmsRequest").userUri(settings.userUri()).kmsUri(kmsUri)
        .time(time).clientReqUrl(url.toString());
    settings.clientId().ifPresent(rb::clientId);
    settings.deviceId().ifPresent(rb::deviceId);
    trk.ifPresent(k -> rb.trkId(k.id()));
    if (krrList != null) {
      rb.krrList(krrList);
    }
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
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw new KmsClientException(Problem.TOKEN, why.startsWith("no access token") ? why : "no access token: " + why, e);
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
      throw new KmsClientException(Problem.NETWORK, "cannot reach the KMS at " + url + ": " + networkReason(e), e);
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

  /** Why TLS failed; a server certificate not yet valid most likely means our clock is behind. */
  private String tlsReason(Throwable e) {
    String msg = e.getMessage();
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CertificateNotYetValidException) {
        return t.getMessage() + "; the device clock looks wrong (it reads " + clock.instant()
            + "): correct it and try again";
      }
      if (t instanceof CertificateException) {
        return t.getMessage();
      }
      if (t.getMessage() != null) {
        msg = t.getMessage();
      }
    }
    return msg;
  }

  /** What went wrong on the network, in words (a refused connection carries no message of its own). */
  private static String networkReason(IOException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException) {
        return "connection refused (nothing listens there, or a firewall rejects it)";
      }
      if (t instanceof HttpTimeoutException) {
        return t.getMessage();
      }
    }
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }
}

package org.mcxkms.kms.server.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.mcxkms.kms.protocol.KmsError;
import org.mcxkms.kms.protocol.KmsKeyProv;
import org.mcxkms.kms.protocol.KmsMessage;
import org.mcxkms.kms.protocol.KmsProtocolException;
import org.mcxkms.kms.protocol.KmsRequest;
import org.mcxkms.kms.protocol.KmsResponse;
import org.mcxkms.kms.protocol.KmsXml;
import org.mcxkms.kms.protocol.KmsXmlReader;
import org.mcxkms.kms.protocol.KmsXmlWriter;
import org.mcxkms.kms.protocol.Received;
import org.mcxkms.kms.protocol.security.ProtectionKey;
import org.mcxkms.kms.protocol.security.SignaturePolicy;
import org.mcxkms.kms.protocol.TransportProtection;
import org.mcxkms.kms.server.audit.AuditAction;
import org.mcxkms.kms.server.audit.Auditor;
import org.mcxkms.kms.server.audit.RequestIds;
import org.mcxkms.kms.server.auth.AuthException;
import org.mcxkms.kms.server.auth.Caller;
import org.mcxkms.kms.server.auth.TokenVerifier;
import org.mcxkms.kms.server.config.KmsConfig;
import org.mcxkms.kms.server.core.KmsService;
import org.mcxkms.kms.server.edge.ClientAddress;
import org.mcxkms.kms.server.edge.RateLimitHandler;
import org.mcxkms.kms.server.error.KmsErrorCode;
import org.mcxkms.kms.server.error.KmsException;
import org.mcxkms.kms.server.extension.ClientKeyPolicy;
import org.mcxkms.kms.server.extension.ProtectionKeys;
import org.mcxkms.kms.server.extension.ProtectionKeys.CallerKeys;
import org.mcxkms.kms.server.policy.IdentityUris;
import org.mcxkms.kms.server.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Annex D request path, explicit and in one place:
 *
 * <ol>
 *   <li>route (404), method (405), size (413);
 *   <li>authenticate the bearer token (401/403) and check the identity it names;
 *   <li>resolve the caller's TrK/InK once, read the optional (Signed)KmsRequest body and check it
 *       against the request (400);
 *   <li>the endpoint (policy, issuance) returns a {@code KmsOutcome}; {@link KmsDocuments} turns it
 *       into an answer (served, or refused with an attached message);
 *   <li>protect the answer (key material under the TrK, pending keys; TS 33.180 D.1);
 *   <li>write the audit record (the request fails if it cannot be written);
 *   <li>respond: the status and {@code KmsError} of a refusal are decided here and nowhere else;
 *       clients never see a stack trace.
 * </ol>
 *
 * Also serves {@code /health} and {@code /ready}.
 */
public final class KmsFrontController extends Handler.Abstract {
  private static final Logger LOG = LoggerFactory.getLogger("mcx.kms.http");
  private static final String XML = "application/xml; charset=UTF-8";
  /** At most this much of a refused request body is read and discarded to keep the connection. */
  private static final long DRAIN_LIMIT = 1 << 20;
  /** Retry-After of a 503: long enough for a database restart or failover to finish. */
  private static final String RETRY_AFTER_SECONDS = "5";
  /** UserUri of a response to a caller we could not identify (the element is required). */
  static final String UNAUTHENTICATED = "urn:mcx-kms:unauthenticated";

  /** What one request has established so far; every step may stop short. */
  private static final class Exchange {
    final String id;
    final String rawPath;
    final long started;
    Route route;
    Caller caller;
    KmsRequest body;
    ProtectionKey signedBy;
    ProtectionKey trk;
    /** The client's address: the TCP peer, or X-Forwarded-For of a trusted proxy. */
    final String client;

    Exchange(String id, String rawPath, long started, String client) {
      this.id = id;
      this.rawPath = rawPath;
      this.started = started;
      this.client = client;
    }

    String callerIdentity() {
      return caller == null ? null : caller.identity();
    }
  }

  private final TokenVerifier verifier;
  private final Auditor auditor;
  private final RequestChecks checks;
  private final KmsXmlReader reader;
  private final KmsXmlWriter writer = KmsXmlWriter.create();
  private final Map<Route.Kind, KmsEndpoint> endpoints = new EnumMap<>(Route.Kind.class);
  private final KmsDocuments documents;
  private final String kmsUri;
  private final int maxBody;
  private final Clock clock;
  private final String publicUrl;
  private final BooleanSupplier ready;
  private final MeterRegistry metrics;
  private final RequestIds requestIds = new RequestIds();
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();
  /** TrK/InK of callers (security extension): signed requests, signed and encrypted responses. */
  private final ProtectionKeys protectionKeys;
  private final TransportProtection transport = TransportProtection.standard();
  /** Per-client requirement, InK preference and in-band rotation of the extension. */
  private final ClientKeyPolicy clientKeys;

  /** @param ready whether the store answers and a certificate is valid ({@code /ready}) */
  public KmsFrontController(KmsService service, TokenVerifier verifier, Auditor auditor, KmsConfig config, Clock clock,
      MeterRegistry metrics, ProtectionKeys protectionKeys, ClientKeyPolicy clientKeys, BooleanSupplier ready) {
    this.verifier = verifier;
    this.auditor = auditor;
    this.kmsUri = service.kmsUri();
    this.checks = new RequestChecks(kmsUri, config.urlCheck(), config.publicUrl(), config.requestTimeSkew(), clock);
    this.documents = new KmsDocuments(kmsUri, service.issuer(), service.keyPeriodPolicy());
    this.maxBody = config.maxBodyBytes();
    this.reader = KmsXmlReader.withMaxBytes(maxBody);
    this.clock = clock;
    String url = config.publicUrl();
    this.publicUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    this.ready = ready;
    this.metrics = metrics;
    this.protectionKeys = protectionKeys;
    this.clientKeys = clientKeys;
    endpoints.put(Route.Kind.INIT, new InitEndpoint(service));
    endpoints.put(Route.Kind.KEYPROV, new KeyProvEndpoint(service, clock));
    endpoints.put(Route.Kind.CERTCACHE, new CertCacheEndpoint(service));
    endpoints.put(Route.Kind.CERT, new CertEndpoint(service));
    endpoints.put(Route.Kind.REDIRECT, new RedirectEndpoint(service));
    endpoints.put(Route.Kind.DISCOVERY, new DiscoveryEndpoint(service));
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String rawPath = request.getHttpURI().getPath();
    if ("/health".equals(rawPath) || "/ready".equals(rawPath)) {
      return ops(rawPath, response, callback);
    }
    Exchange x = new Exchange(requestIds.next(), rawPath, System.nanoTime(), ClientAddress.recorded(request));
    KmsAnswer answer;
    try {
      answer = serve(request, response, x);
    } catch (KmsException e) {
      answer = KmsAnswer.Refused.of(e);
    } catch (StoreException e) {
      // The database is down or unreachable (a restart, a failover): nothing could be decided, so
      // nothing is handed out; the client is told to come back, and the next request that finds
      // the database again is served (the pool reconnects by itself).
      LOG.error("request_id={} storage unavailable: {}", x.id, e.getMessage());
      answer = KmsAnswer.Refused.of(new KmsException(KmsErrorCode.UNAVAILABLE,
          "the key store cannot be reached; retry later"));
    } catch (RuntimeException e) {
      LOG.error("request_id={} internal error: {}", x.id, e.toString(), e);
      answer = KmsAnswer.Refused.of(internal(x));
    }
    answer = audit(x, answer);
    respond(request, response, callback, x, answer);
    return true;
  }

  /** Steps 1 to 5 of the request path. */
  private KmsAnswer serve(Request request, Response response, Exchange x) throws KmsException {
    x.route = Route.parse(x.rawPath);
    if (!"POST".equals(request.getMethod())) {
      throw new KmsException(KmsErrorCode.METHOD_NOT_ALLOWED, "this resource answers POST only");
    }
    if (request.getLength() > DRAIN_LIMIT) {
      // too large to read and discard: answer at once and close the connection
      response.getHeaders().put(HttpHeader.CONNECTION, "close");
      throw new KmsException(KmsErrorCode.BODY_TOO_LARGE, "the body exceeds " + maxBody + " octets");
    }
    x.caller = authenticate(request.getHeaders().get(HttpHeader.AUTHORIZATION));
    RateLimitHandler.authenticated(request, response, x.caller.identity());
    CallerKeys keys = protectionKeys.forCaller(x.caller.identity());
    byte[] bytes = readBody(request);
    if (!isBlank(bytes)) {
      Received<KmsRequest> received = parse(bytes, keys);
      x.body = received.document();
      x.signedBy = received.signedBy().orElse(null);
      checks.check(x.body, x.caller.identity(), x.rawPath);
      x.trk = transportKey(x.body, keys, x.caller.identity());
    }
    clientKeys.check(x.caller.identity(), x.body, x.signedBy, x.trk);
    KmsAnswer answer = documents.answer(endpoints.get(x.route.kind()).handle(new KmsEndpoint.Call(x.caller, x.route, x.body)));
    if (!(answer instanceof KmsAnswer.Served served)) {
      return answer;
    }
    KmsMessage message = served.message();
    if (x.trk != null && message instanceof KmsKeyProv keyProv) {
      message = transport.encrypt(keyProv, x.trk); // D.1: key material under the TrK
    }
    message = clientKeys.deliverPending(x.caller.identity(), message, x.trk, keys);
    return served.withMessage(message, (x.trk != null ? ", encrypted under " + x.trk.id() : "")
        + (x.signedBy != null ? ", signed request " + x.signedBy.id() : ""));
  }

  /**
   * Step 6: the audit record of {@code answer}. Nothing is handed out that the trail does not
   * show: if the record cannot be written, the answer becomes a refusal (UNAVAILABLE).
   */
  private KmsAnswer audit(Exchange x, KmsAnswer answer) {
    if (x.route == null) {
      return answer; // not one of our resources: nothing to audit
    }
    AuditAction action = x.route.kind().action();
    try {
      if (answer instanceof KmsAnswer.Served s) {
        auditor.recordPeriods(x.id, x.callerIdentity(), action.auditName(),
            s.auditIdentity() != null ? s.auditIdentity() : x.callerIdentity(), s.auditPeriods(), AuditAction.OK,
            withClient(s.auditDetail(), x));
      } else if (answer instanceof KmsAnswer.Refused r && r.error().code() != KmsErrorCode.METHOD_NOT_ALLOWED) {
        String about = r.auditIdentity() != null ? r.auditIdentity()
            : x.route.userUri() != null ? x.route.userUri() : x.callerIdentity();
        auditor.record(x.id, x.callerIdentity(), action.auditName(), about, null, outcome(r.error().code()),
            withClient(r.error().getMessage(), x));
      }
      return answer;
    } catch (KmsException auditFailure) {
      return KmsAnswer.Refused.of(auditFailure);
    }
  }

  /** The audit detail with the client's address appended (whom a key set went to, behind a proxy too). */
  private static String withClient(String detail, Exchange x) {
    String client = "client " + x.client;
    return detail == null || detail.isEmpty() ? client : detail + "; " + client;
  }

  /** Step 7: the one place an answer becomes an HTTP status, headers and a KmsResponse. */
  private void respond(Request request, Response response, Callback callback, Exchange x, KmsAnswer answer) {
    int status;
    String outcome;
    KmsResponse out;
    if (answer instanceof KmsAnswer.Served s) {
      status = 200;
      outcome = AuditAction.OK;
      KmsResponse.Builder ok = envelope(x, request).message(s.message());
      if (x.trk != null) {
        ok.trkId(x.trk.id());
      }
      out = ok.build();
    } else if (answer instanceof KmsAnswer.Refused r) {
      KmsErrorCode code = r.error().code();
      status = code.httpStatus();
      outcome = outcome(code);
      challenge(code, r.error().getMessage()).ifPresent(c -> response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, c));
      if (code == KmsErrorCode.METHOD_NOT_ALLOWED) {
        response.getHeaders().put(HttpHeader.ALLOW, "POST");
      }
      if (code == KmsErrorCode.UNAVAILABLE) {
        // RFC 9110 10.2.3: a 503 may say when to retry; storage or audit outages are short.
        response.getHeaders().put(HttpHeader.RETRY_AFTER, RETRY_AFTER_SECONDS);
      }
      out = errorResponse(r, x, request);
    } else {
      throw new IllegalStateException("unknown answer " + answer);
    }
    byte[] xml;
    try {
      // A signed request gets a response signed with the same key (D.1: InK, else TrK).
      xml = x.signedBy != null ? writer.writeSigned(out, x.signedBy) : writer.write(out);
    } catch (RuntimeException e) {
      LOG.error("request_id={} cannot write the response: {}", x.id, e.toString());
      status = 500;
      outcome = outcome(KmsErrorCode.INTERNAL);
      xml = writer.write(minimalError(internal(x), request));
    }
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, XML);
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.getHeaders().put("X-Request-Id", x.id);
    response.write(true, ByteBuffer.wrap(xml), callback);
    long nanos = System.nanoTime() - x.started;
    String endpoint = x.route == null ? "unknown" : x.route.kind().action().auditName();
    timer(endpoint, outcome).record(nanos, TimeUnit.NANOSECONDS);
    if (LOG.isInfoEnabled()) {
      // the identity was checked to hold no control characters; nothing else here comes from the client
      LOG.info("request_id={} endpoint={} caller={} status={} outcome={} duration_ms={}", x.id, endpoint,
          x.caller == null ? "-" : x.caller.identity(), status, outcome, nanos / 1_000_000.0);
    }
  }

  private static String outcome(KmsErrorCode code) {
    return code.name().toLowerCase(Locale.ROOT);
  }

  private static KmsException internal(Exchange x) {
    return new KmsException(KmsErrorCode.INTERNAL, "internal error (request " + x.id + ")");
  }

  private Timer timer(String endpoint, String outcome) {
    return timers.computeIfAbsent(endpoint + "/" + outcome, k -> Timer.builder("kms_requests")
        .description("KMS requests by endpoint and outcome").tag("endpoint", endpoint).tag("outcome", outcome)
        .publishPercentiles(0.5, 0.9, 0.99).register(metrics));
  }

  /**
   * The caller named by a valid bearer token (RFC 6750), whose identity claim is an acceptable
   * identity URI: a claim with CR, LF or NUL would otherwise reach log lines and documents.
   */
  private Caller authenticate(String authorization) throws KmsException {
    Caller caller;
    try {
      caller = verifier.verify(authorization);
    } catch (AuthException e) {
      KmsErrorCode code = switch (e.reason()) {
        case MISSING_TOKEN -> KmsErrorCode.MISSING_TOKEN;
        case INSUFFICIENT_SCOPE -> KmsErrorCode.INSUFFICIENT_SCOPE;
        case INVALID_TOKEN -> KmsErrorCode.INVALID_TOKEN;
      };
      throw new KmsException(code, e.getMessage());
    }
    Optional<String> problem = IdentityUris.problem(caller.identity());
    if (problem.isPresent()) {
      LOG.warn("refused an access token whose identity claim {}: \"{}\"", problem.get(),
          IdentityUris.printable(caller.identity()));
      throw new KmsException(KmsErrorCode.INVALID_IDENTITY_CLAIM, "the token's identity claim " + problem.get()
          + "; an MC identity is an absolute URI without whitespace or control characters");
    }
    return caller;
  }

  /** RFC 6750 3: the WWW-Authenticate challenge for token failures. */
  private Optional<String> challenge(KmsErrorCode code, String message) {
    return Optional.ofNullable(switch (code) {
      case MISSING_TOKEN -> "Bearer realm=\"mcx-kms\"";
      case INVALID_TOKEN, INVALID_IDENTITY_CLAIM ->
          "Bearer realm=\"mcx-kms\", error=\"invalid_token\", error_description=\"" + quote(message) + "\"";
      case INSUFFICIENT_SCOPE -> "Bearer realm=\"mcx-kms\", error=\"insufficient_scope\", scope=\""
          + quote(verifier.scope()) + "\"";
      default -> null;
    });
  }

  private static String quote(String s) {
    StringBuilder sb = new StringBuilder();
    for (char c : s.toCharArray()) {
      if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private byte[] readBody(Request request) throws KmsException {
    if (request.getLength() == 0) {
      return new byte[0]; // Content-Length: 0, the usual Streamwide request
    }
    try (InputStream in = Content.Source.asInputStream(request)) {
      byte[] b = in.readNBytes(maxBody + 1);
      if (b.length > maxBody) {
        // discard the rest (up to a bound) so the client, still sending, can read our 413
        in.skipNBytes(Math.max(0, Math.min(DRAIN_LIMIT, request.getLength()) - b.length));
        throw new KmsException(KmsErrorCode.BODY_TOO_LARGE, "the body exceeds " + maxBody + " octets");
      }
      return b;
    } catch (IOException e) {
      throw new KmsException(KmsErrorCode.INVALID_DOCUMENT, "the body could not be read");
    }
  }

  private static boolean isBlank(byte[] b) {
    for (byte x : b) {
      if (x != ' ' && x != '\n' && x != '\r' && x != '\t') {
        return false;
      }
    }
    return true;
  }

  /**
   * A KmsRequest, or a SignedKmsRequest whose HMAC-SHA256 signature (D.1) verifies under a TrK or
   * InK registered for the caller; a key of anyone else is unknown (202), a bad signature 201.
   */
  private Received<KmsRequest> parse(byte[] bytes, CallerKeys keys) throws KmsException {
    try {
      return reader.readRequest(bytes, SignaturePolicy.ifSigned(keys));
    } catch (KmsProtocolException e) {
      throw DocumentErrors.refusal(e);
    }
  }

  /** The caller's TrK named by the request's TrK-ID (D.2.2), or null when it names none. */
  private static ProtectionKey transportKey(KmsRequest body, CallerKeys keys, String identity) throws KmsException {
    if (body.trkId().isEmpty()) {
      return null;
    }
    String id = body.trkId().get();
    ProtectionKey k = keys.find(id).orElse(null);
    if (k == null || k.kind() != ProtectionKey.Kind.TRANSPORT) {
      throw new KmsException(KmsErrorCode.INVALID_DOCUMENT, KmsProtocolException.Reason.UNKNOWN_KEY.kmsErrorCode(),
          "TrK-ID '" + RequestChecks.clip(id) + "' names no transport key of " + identity);
    }
    return k;
  }

  /**
   * The URL the client requested, for a response to a request without a body: {@code public.url}
   * when configured, else the address and port of the socket the request arrived on. Never the
   * Host header, which the client chooses.
   */
  private String requestUrl(Request request, String rawPath) {
    if (!publicUrl.isEmpty()) {
      return publicUrl + rawPath;
    }
    String host = Request.getLocalAddr(request);
    return "https://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + Request.getLocalPort(request) + rawPath;
  }

  private KmsResponse.Builder envelope(Exchange x, Request request) {
    String userUri = x.body != null ? x.body.userUri() : x.caller != null ? x.caller.identity() : UNAUTHENTICATED;
    return KmsResponse.builder()
        .version(KmsXml.RESPONSE_VERSION)
        .id("xmldoc")
        .userUri(userUri)
        .kmsUri(kmsUri)
        .time(clock.instant().truncatedTo(ChronoUnit.MILLIS))
        .clientReqUrl(x.body != null ? x.body.clientReqUrl() : requestUrl(request, x.rawPath));
  }

  private KmsResponse errorResponse(KmsAnswer.Refused r, Exchange x, Request request) {
    try {
      KmsResponse.Builder b = envelope(x, request).error(KmsError.of(r.error().wireCode(), r.error().getMessage()));
      if (r.attachment() != null) {
        b.message(r.attachment());
      }
      return b.build();
    } catch (RuntimeException fallback) {
      return minimalError(r.error(), request);
    }
  }

  /** Never lets the error path fail: a KmsError without anything taken from the request. */
  private KmsResponse minimalError(KmsException e, Request request) {
    return KmsResponse.builder()
        .version(KmsXml.RESPONSE_VERSION)
        .id("xmldoc")
        .userUri(UNAUTHENTICATED)
        .kmsUri(kmsUri)
        .time(clock.instant().truncatedTo(ChronoUnit.MILLIS))
        .clientReqUrl(requestUrl(request, Route.PREFIX))
        .error(KmsError.of(e.wireCode(), e.code().meaning()))
        .build();
  }

  private boolean ops(String path, Response response, Callback callback) {
    int status = 200;
    String text = "ok\n";
    if ("/ready".equals(path)) {
      try {
        if (!ready.getAsBoolean()) {
          status = 503;
          text = "no valid KMS certificate\n";
        }
      } catch (RuntimeException e) {
        status = 503;
        text = "database unavailable\n";
      }
    }
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=UTF-8");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.write(true, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), callback);
    return true;
  }
}

package org.mcxkms.kms.server.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.mcxkms.kms.protocol.KmsError;
import org.mcxkms.kms.protocol.KmsKeyProv;
import org.mcxkms.kms.protocol.KmsKeySet;
import org.mcxkms.kms.protocol.KmsProtocolException;
import org.mcxkms.kms.protocol.KmsRequest;
import org.mcxkms.kms.protocol.KmsResponse;
import org.mcxkms.kms.protocol.KmsXml;
import org.mcxkms.kms.protocol.KmsXmlReader;
import org.mcxkms.kms.protocol.KmsXmlWriter;
import org.mcxkms.kms.protocol.KmsMessage;
import org.mcxkms.kms.protocol.Received;
import org.mcxkms.kms.protocol.security.ProtectionKey;
import org.mcxkms.kms.protocol.security.SignaturePolicy;
import org.mcxkms.kms.protocol.security.TransportProtection;
import org.mcxkms.kms.server.extension.ClientKeyPolicy;
import org.mcxkms.kms.server.extension.ProtectionKeys;
import org.mcxkms.kms.server.audit.Auditor;
import org.mcxkms.kms.server.auth.AuthException;
import org.mcxkms.kms.server.auth.Caller;
import org.mcxkms.kms.server.auth.TokenVerifier;
import org.mcxkms.kms.server.core.KeySetEntry;
import org.mcxkms.kms.server.core.KmsService;
import org.mcxkms.kms.server.edge.RateLimitHandler;
import org.mcxkms.kms.server.error.KmsErrorCode;
import org.mcxkms.kms.server.error.KmsException;
import org.mcxkms.kms.server.error.RevokedKeysException;
import org.mcxkms.kms.server.store.KmsStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Annex D request path, explicit and in one place: route (404), method (405), size (413),
 * authenticate the bearer token (401/403), read and check the optional KmsRequest body (400),
 * hand over to the endpoint (policy, issuance), write the audit record (the request fails if it
 * cannot be written), and answer with a KmsResponse. Every failure is a {@link KmsException}
 * turned into an HTTP status and a {@code KmsError} here and nowhere else; clients never see a
 * stack trace. Also serves {@code /health} and {@code /ready}.
 */
public final class KmsFrontController extends Handler.Abstract {
  private static final Logger LOG = LoggerFactory.getLogger("mcx.kms.http");
  private static final String XML = "application/xml; charset=UTF-8";
  /** At most this much of a refused request body is read and discarded to keep the connection. */
  private static final long DRAIN_LIMIT = 1 << 20;
  /** UserUri of a response to a caller we could not identify (the element is required). */
  static final String UNAUTHENTICATED = "urn:mcx-kms:unauthenticated";

  private final KmsService service;
  private final KmsStore store;
  private final TokenVerifier verifier;
  private final Auditor auditor;
  private final RequestChecks checks;
  private final KmsXmlReader reader;
  private final KmsXmlWriter writer = KmsXmlWriter.create();
  private final Map<Route.Kind, KmsEndpoint> endpoints = new EnumMap<>(Route.Kind.class);
  private final int maxBody;
  private final Clock clock;
  private final String publicUrl;
  private final MeterRegistry metrics;
  private final String nodePrefix;
  private final AtomicLong ids = new AtomicLong();
  private final java.util.concurrent.ConcurrentHashMap<String, Timer> timers = new java.util.concurrent.ConcurrentHashMap<>();
  /** TrK/InK of callers (security extension): signed requests, signed and encrypted responses. */
  private final ProtectionKeys protectionKeys;
  private final TransportProtection transport = TransportProtection.standard();
  /** Per-client requirement, InK preference and in-band rotation of the extension. */
  private final ClientKeyPolicy clientKeys;

  public KmsFrontController(KmsService service, KmsStore store, TokenVerifier verifier, Auditor auditor,
      org.mcxkms.kms.server.config.KmsConfig config, Clock clock, MeterRegistry metrics, String node,
      ProtectionKeys protectionKeys, ClientKeyPolicy clientKeys) {
    this.clientKeys = clientKeys;
    this.service = service;
    this.protectionKeys = protectionKeys;
    this.store = store;
    this.verifier = verifier;
    this.auditor = auditor;
    this.checks = new RequestChecks(service.domain().kmsUri(), config.urlCheck(), config.publicUrl(),
        config.requestTimeSkew(), clock);
    this.maxBody = config.maxBodyBytes();
    this.reader = KmsXmlReader.withMaxBytes(maxBody);
    this.clock = clock;
    this.publicUrl = config.publicUrl();
    this.metrics = metrics;
    this.nodePrefix = node + "-" + Long.toString(System.currentTimeMillis() % 100000, 36) + "-";
    endpoints.put(Route.Kind.INIT, new InitEndpoint(service));
    endpoints.put(Route.Kind.KEYPROV, new KeyProvEndpoint(service, clock));
    endpoints.put(Route.Kind.CERTCACHE, new CertCacheEndpoint(service));
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String rawPath = request.getHttpURI().getPath();
    if ("/health".equals(rawPath) || "/ready".equals(rawPath)) {
      return ops(rawPath, request, response, callback);
    }
    long t0 = System.nanoTime();
    String rid = nodePrefix + ids.incrementAndGet();
    Route route = null;
    Caller caller = null;
    KmsRequest body = null;
    ProtectionKey signedBy = null;
    KmsResponse out;
    int status;
    String outcome;
    String challenge = null;
    try {
      route = Route.parse(rawPath);
      if (!"POST".equals(request.getMethod())) {
        response.getHeaders().put(HttpHeader.ALLOW, "POST");
        throw new KmsException(KmsErrorCode.METHOD_NOT_ALLOWED, request.getMethod() + " is not allowed; use POST");
      }
      if (request.getLength() > DRAIN_LIMIT) {
        // too large to read and discard: answer at once and close the connection
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        throw new KmsException(KmsErrorCode.BODY_TOO_LARGE, "the body exceeds " + maxBody + " octets");
      }
      caller = authenticate(request.getHeaders().get(HttpHeader.AUTHORIZATION));
      RateLimitHandler.authenticated(request, response, caller.identity());
      byte[] bytes = readBody(request);
      ProtectionKey trk = null;
      if (!isBlank(bytes)) {
        Received<KmsRequest> received = parse(bytes, caller);
        body = received.document();
        signedBy = received.signedBy().orElse(null);
        checks.check(body, caller.identity(), rawPath);
        trk = transportKey(body, caller);
      }
      clientKeys.check(caller.identity(), body, signedBy, trk);
      KmsEndpoint.Result r = endpoints.get(route.kind()).handle(new KmsEndpoint.Call(rid, caller, route, body));
      KmsMessage message = r.message();
      if (trk != null && message instanceof KmsKeyProv) {
        message = transport.encrypt((KmsKeyProv) message, trk); // D.1: key material under the TrK
      }
      message = clientKeys.deliverPending(caller.identity(), message, trk);
      auditor.recordPeriods(rid, caller.identity(), route.kind().action(), r.auditIdentity(), r.auditPeriods(), "ok",
          r.auditDetail() + (trk != null ? ", encrypted under " + trk.id() : "")
              + (signedBy != null ? ", signed request " + signedBy.id() : ""));
      KmsResponse.Builder ok = envelope(caller, body, rawPath, request).message(message);
      if (trk != null) {
        ok.trkId(trk.id());
      }
      out = ok.build();
      status = 200;
      outcome = "ok";
    } catch (KmsException e) {
      status = e.code().httpStatus();
      outcome = e.code().name().toLowerCase(java.util.Locale.ROOT);
      challenge = challenge(e.code(), e.getMessage());
      KmsException reported = e;
      if (route != null && status != 404 && status != 405) {
        try {
          auditor.record(rid, caller == null ? null : caller.identity(), route.kind().action(),
              route.userUri() != null ? route.userUri() : caller == null ? null : caller.identity(), null, outcome,
              e.getMessage());
        } catch (KmsException auditFailure) {
          reported = auditFailure;
          status = auditFailure.code().httpStatus();
          outcome = auditFailure.code().name().toLowerCase(java.util.Locale.ROOT);
          challenge = null;
        }
      }
      out = errorResponse(reported, caller, body, rawPath, request);
    } catch (RuntimeException e) {
      LOG.error("request_id={} internal error: {}", rid, e.toString(), e);
      status = 500;
      outcome = "internal";
      out = errorResponse(new KmsException(KmsErrorCode.INTERNAL, "internal error (request " + rid + ")"), caller,
          body, rawPath, request);
    }
    byte[] xml;
    try {
      // A signed request gets a response signed with the same key (D.1: InK, else TrK).
      xml = signedBy != null ? writer.writeSigned(out, signedBy) : writer.write(out);
    } catch (RuntimeException e) {
      LOG.error("request_id={} cannot write the response: {}", rid, e.toString());
      status = 500;
      outcome = "internal";
      xml = writer.write(errorResponse(new KmsException(KmsErrorCode.INTERNAL, "internal error (request " + rid + ")"),
          null, null, rawPath, request));
    }
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, XML);
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.getHeaders().put("X-Request-Id", rid);
    if (challenge != null) {
      response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, challenge);
    }
    response.write(true, ByteBuffer.wrap(xml), callback);
    long nanos = System.nanoTime() - t0;
    String endpoint = route == null ? "unknown" : route.kind().action();
    timer(endpoint, outcome).record(nanos, TimeUnit.NANOSECONDS);
    if (LOG.isInfoEnabled()) {
      LOG.info("request_id={} endpoint={} caller={} status={} outcome={} duration_ms={}", rid, endpoint,
          caller == null ? "-" : caller.identity(), status, outcome, nanos / 1_000_000.0);
    }
    return true;
  }

  private Timer timer(String endpoint, String outcome) {
    return timers.computeIfAbsent(endpoint + "/" + outcome, k -> Timer.builder("kms_requests")
        .description("KMS requests by endpoint and outcome").tag("endpoint", endpoint).tag("outcome", outcome)
        .publishPercentiles(0.5, 0.9, 0.99).register(metrics));
  }

  private Caller authenticate(String authorization) throws KmsException {
    try {
      return verifier.verify(authorization);
    } catch (AuthException e) {
      switch (e.reason()) {
        case MISSING_TOKEN:
          throw new KmsException(KmsErrorCode.MISSING_TOKEN, e.getMessage());
        case INSUFFICIENT_SCOPE:
          throw new KmsException(KmsErrorCode.INSUFFICIENT_SCOPE, e.getMessage());
        default:
          throw new KmsException(KmsErrorCode.INVALID_TOKEN, e.getMessage());
      }
    }
  }

  /** RFC 6750 3: the WWW-Authenticate challenge for token failures. */
  private String challenge(KmsErrorCode code, String message) {
    switch (code) {
      case MISSING_TOKEN:
        return "Bearer realm=\"mcx-kms\"";
      case INVALID_TOKEN:
        return "Bearer realm=\"mcx-kms\", error=\"invalid_token\", error_description=\"" + quote(message) + "\"";
      case INSUFFICIENT_SCOPE:
        return "Bearer realm=\"mcx-kms\", error=\"insufficient_scope\", scope=\"" + quote(verifier.scope()) + "\"";
      default:
        return null;
    }
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
  private Received<KmsRequest> parse(byte[] bytes, Caller caller) throws KmsException {
    try {
      return reader.readRequest(bytes, SignaturePolicy.ifSigned(protectionKeys.forCaller(caller.identity())));
    } catch (KmsProtocolException e) {
      if (e.reason() == KmsProtocolException.Reason.TOO_LARGE) {
        throw new KmsException(KmsErrorCode.BODY_TOO_LARGE, e.getMessage());
      }
      throw new KmsException(KmsErrorCode.INVALID_DOCUMENT, e.reason().kmsErrorCode(), e.getMessage());
    }
  }

  /** The caller's TrK named by the request's TrK-ID (D.2.2), or null when it names none. */
  private ProtectionKey transportKey(KmsRequest body, Caller caller) throws KmsException {
    if (body.trkId().isEmpty()) {
      return null;
    }
    String id = body.trkId().get();
    ProtectionKey k = protectionKeys.forCaller(caller.identity()).find(id).orElse(null);
    if (k == null || k.kind() != ProtectionKey.Kind.TRANSPORT) {
      throw new KmsException(KmsErrorCode.INVALID_DOCUMENT, KmsProtocolException.Reason.UNKNOWN_KEY.kmsErrorCode(),
          "TrK-ID '" + RequestChecks.clip(id) + "' names no transport key of " + caller.identity());
    }
    return k;
  }

  /** The URL the client requested, as we can reconstruct it (public.url if configured). */
  private String requestUrl(Request request, String rawPath) {
    if (!publicUrl.isEmpty()) {
      return (publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl) + rawPath;
    }
    String scheme = request.getHttpURI().getScheme() == null ? "https" : request.getHttpURI().getScheme();
    return scheme + "://" + Request.getServerName(request) + ":" + Request.getServerPort(request) + rawPath;
  }

  private KmsResponse.Builder envelope(Caller caller, KmsRequest body, String rawPath, Request request) {
    String userUri = body != null ? body.userUri() : caller != null ? caller.identity() : UNAUTHENTICATED;
    return KmsResponse.builder()
        .version(KmsXml.RESPONSE_VERSION)
        .id("xmldoc")
        .userUri(userUri)
        .kmsUri(service.domain().kmsUri())
        .time(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS))
        .clientReqUrl(body != null ? body.clientReqUrl() : requestUrl(request, rawPath));
  }

  private KmsResponse errorResponse(KmsException e, Caller caller, KmsRequest body, String rawPath, Request request) {
    try {
      return errorResponseOrThrow(e, caller, body, rawPath, request);
    } catch (RuntimeException fallback) {
      // never let the error path fail: a minimal KmsError without anything taken from the request
      return envelope(null, null, Route.PREFIX, request).error(KmsError.of(e.wireCode(), e.code().meaning())).build();
    }
  }

  private KmsResponse errorResponseOrThrow(KmsException e, Caller caller, KmsRequest body, String rawPath,
      Request request) {
    KmsResponse.Builder b = envelope(caller, body, rawPath, request)
        .error(KmsError.of(e.wireCode(), e.getMessage()));
    if (e instanceof RevokedKeysException) {
      List<KmsKeySet> marks = new ArrayList<>();
      for (KeySetEntry m : ((RevokedKeysException) e).marks()) {
        marks.add(KmsDocuments.keySet(service.domain(), m));
      }
      b.message(KmsKeyProv.of(marks));
    }
    return b.build();
  }

  private boolean ops(String path, Request request, Response response, Callback callback) {
    int status = 200;
    String text = "ok\n";
    if ("/ready".equals(path)) {
      try {
        store.ping();
        if (service.domain().current(Instant.now(clock)).isEmpty()) {
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

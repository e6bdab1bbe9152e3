package org.mcxkms.kms.server.console;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.mcxkms.kms.server.admin.AdminApi;
import org.mcxkms.kms.server.admin.AdminToken;
import org.mcxkms.kms.server.admin.AuditAdminHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin console at {@code /console/} on the admin listener, in front of the admin API. Pages
 * are rendered on the server by {@link ConsolePages}; this class does HTTP: sign-in with the admin
 * token, the session cookie ({@code __Host-} prefixed, {@code HttpOnly}, {@code Secure},
 * {@code SameSite=Strict}), the CSRF token every POST must carry, the static files, and the
 * security headers (a Content-Security-Policy allowing only this origin's files: no inline script
 * or style).
 */
public final class ConsoleHandler extends Handler.Wrapper {
  private static final Logger LOG = LoggerFactory.getLogger("mcx.kms.console");
  static final String BASE = "/console/";
  static final String COOKIE = "__Host-mcx-kms-console";
  private static final int MAX_FORM = 16 * 1024;
  private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
      + " connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
  private static final Map<String, String> STATIC = Map.of("console.css", "text/css; charset=UTF-8");

  private final ConsolePages pages;
  private final ConsoleSessions sessions;
  private final ConsoleMetrics metrics;
  private final AdminToken token;
  private final Map<String, byte[]> files = new HashMap<>();

  /**
   * @param next the rest of the admin listener (the audit-chain part of the admin API, then the API)
   * @param readiness throws if the KMS is not ready (database, certificate)
   */
  public ConsoleHandler(AuditAdminHandler next, AdminApi api, AdminToken token, Runnable readiness,
      MeterRegistry registry, Clock clock, SecureRandom random) {
    super(next);
    this.metrics = new ConsoleMetrics(registry, clock);
    this.pages = new ConsolePages(api, next, readiness, metrics, clock);
    this.sessions = new ConsoleSessions(random, clock);
    this.token = token;
    for (String name : STATIC.keySet()) {
      try (InputStream in = ConsoleHandler.class.getResourceAsStream("/console/" + name)) {
        if (in == null) {
          throw new IllegalStateException("console resource missing: " + name);
        }
        files.put(name, in.readAllBytes());
      } catch (IOException e) {
        throw new IllegalStateException("console resource unreadable: " + name, e);
      }
    }
  }

  /** Samples the key provisioning metrics for the overview's last hour; to be called once a minute. */
  public void sampleMetrics() {
    metrics.sample();
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String path = request.getHttpURI().getPath();
    if ("/console".equals(path)) {
      return redirect(response, callback, BASE);
    }
    if (!path.startsWith(BASE)) {
      return super.handle(request, response, callback);
    }
    String op = path.substring(BASE.length());
    String method = request.getMethod();
    securityHeaders(response);
    if (op.startsWith("static/") && "GET".equals(method)) {
      String name = op.substring("static/".length());
      byte[] body = files.get(name);
      if (body == null) {
        return send(response, callback, 404, "text/plain; charset=UTF-8", "not found\n".getBytes(StandardCharsets.UTF_8));
      }
      return send(response, callback, 200, STATIC.get(name), body);
    }
    Map<String, String> query = new LinkedHashMap<>();
    for (Fields.Field f : Request.extractQueryParameters(request)) {
      query.putIfAbsent(f.getName(), f.getValue());
    }
    String cookie = cookie(request);
    if ("signin".equals(op)) {
      if ("POST".equals(method)) {
        return signIn(request, response, callback);
      }
      return html(response, callback, 200, pages.signIn(null));
    }
    Optional<ConsoleSessions.Session> session = sessions.find(cookie);
    if (session.isEmpty()) {
      if ("POST".equals(method)) {
        return html(response, callback, 403, pages.refused("Your session has ended. Sign in again."));
      }
      return redirect(response, callback, BASE + "signin");
    }
    ConsoleSessions.Session s = session.get();
    if ("POST".equals(method)) {
      Map<String, String> form = form(request);
      if (form == null) {
        return html(response, callback, 413, pages.refused("The form is too large."));
      }
      // Every change carries the session's CSRF token (SameSite=Strict is the second line).
      if (!s.csrfMatches(form.get("csrf"))) {
        LOG.warn("console: a change without a valid CSRF token was refused: POST {}", op);
        return html(response, callback, 403, pages.refused("This form is stale or was not sent by the console"
            + " (CSRF token missing or wrong). Nothing was changed."));
      }
      if ("signout".equals(op)) {
        sessions.end(cookie);
        response.getHeaders().add(HttpHeader.SET_COOKIE, COOKIE + "=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0");
        return redirect(response, callback, BASE + "signin");
      }
      ConsolePages.Result r = pages.post(op, form, s);
      if (r.redirect() != null) {
        return redirect(response, callback, r.redirect());
      }
      return html(response, callback, r.status(), r.html());
    }
    if (!"GET".equals(method)) {
      response.getHeaders().put(HttpHeader.ALLOW, "GET, POST");
      return html(response, callback, 405, pages.refused("Method not allowed."));
    }
    ConsolePages.Result r = pages.get(op, query, s);
    return html(response, callback, r.status(), r.html());
  }

  private boolean signIn(Request request, Response response, Callback callback) throws IOException {
    Map<String, String> form = form(request);
    String given = form == null ? null : form.get("token");
    if (given == null || !token.matches("Bearer " + given.trim())) {
      LOG.warn("console: sign-in with a wrong admin token refused");
      return html(response, callback, 401, pages.signIn("That is not the admin token. Nothing was signed in."));
    }
    String id = sessions.create();
    response.getHeaders().add(HttpHeader.SET_COOKIE, COOKIE + "=" + id + "; Path=/; Secure; HttpOnly; SameSite=Strict");
    LOG.info("console: signed in");
    return redirect(response, callback, BASE);
  }

  private static String cookie(Request request) {
    for (HttpCookie c : Request.getCookies(request)) {
      if (COOKIE.equals(c.getName())) {
        return c.getValue();
      }
    }
    return null;
  }

  /** An {@code application/x-www-form-urlencoded} body; null if larger than {@link #MAX_FORM}. */
  private static Map<String, String> form(Request request) throws IOException {
    byte[] b;
    try (InputStream in = Content.Source.asInputStream(request)) {
      b = in.readNBytes(MAX_FORM + 1);
    }
    if (b.length > MAX_FORM) {
      return null;
    }
    Map<String, String> m = new HashMap<>();
    String s = new String(b, StandardCharsets.US_ASCII);
    for (String pair : s.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      try {
        String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        m.putIfAbsent(k, v);
      } catch (IllegalArgumentException e) {
        return Map.of();
      }
    }
    return m;
  }

  private static void securityHeaders(Response response) {
    response.getHeaders().put("Content-Security-Policy", CSP);
    response.getHeaders().put("X-Content-Type-Options", "nosniff");
    response.getHeaders().put("X-Frame-Options", "DENY");
    response.getHeaders().put("Referrer-Policy", "no-referrer");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
  }

  private static boolean redirect(Response response, Callback callback, String location) {
    response.setStatus(303);
    response.getHeaders().put(HttpHeader.LOCATION, location);
    response.write(true, ByteBuffer.allocate(0), callback);
    return true;
  }

  private static boolean html(Response response, Callback callback, int status, String page) {
    return send(response, callback, status, "text/html; charset=UTF-8", page.getBytes(StandardCharsets.UTF_8));
  }

  private static boolean send(Response response, Callback callback, int status, String type, byte[] body) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
    response.write(true, ByteBuffer.wrap(body), callback);
    return true;
  }
}

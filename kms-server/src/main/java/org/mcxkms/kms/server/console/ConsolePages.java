package org.mcxkms.kms.server.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.mcxkms.crypto.uid.KeyPeriodPolicy;
import org.mcxkms.kms.server.admin.AdminApi;
import org.mcxkms.kms.server.admin.AuditAdminHandler;
import org.mcxkms.kms.server.error.KmsException;

/**
 * The console's pages, rendered on the server. Every read and change goes through the admin API's
 * request path ({@link AdminApi#perform}), so the console runs the same endpoint code, checks and
 * audit records as the REST API; the audit trail names the caller {@value #CALLER}.
 */
final class ConsolePages {
  static final String CALLER = "console";
  private static final int PAGE = 50;

  /** A page to send, or a redirect (after a change, so reloading does not repeat it). */
  record Result(int status, String html, String redirect) {
    static Result page(String html) {
      return new Result(200, html, null);
    }

    static Result to(String location) {
      return new Result(303, null, location);
    }
  }

  private final AdminApi api;
  private final AuditAdminHandler audit;
  private final Runnable readiness;
  private final ConsoleMetrics metrics;
  private final Clock clock;
  private final AtomicLong verifications = new AtomicLong();

  ConsolePages(AdminApi api, AuditAdminHandler audit, Runnable readiness, ConsoleMetrics metrics, Clock clock) {
    this.api = api;
    this.audit = audit;
    this.readiness = readiness;
    this.metrics = metrics;
    this.clock = clock;
  }

  // ---- GET ----

  Result get(String op, Map<String, String> q, ConsoleSessions.Session s) {
    return switch (op) {
      case "" -> overview(s);
      case "identities" -> identities(q, s);
      case "identity" -> identity(q.get("uri"), s);
      case "identities/revoke" -> confirmRevoke(q.get("uri"), s);
      case "grants" -> grants(q, s);
      case "certificates" -> certificates(s);
      case "certificates/rotate" -> confirmRotate(s);
      case "audit" -> audit(q, s);
      default -> new Result(404, layout("Not found", s, new Html().raw("<p>No such page.</p>")), null);
    };
  }

  private Result overview(ConsoleSessions.Session s) {
    Html h = new Html();
    AdminApi.Reply r = api.perform("GET", "domain", Map.of(), Map.of(), CALLER);
    if (r.status() != 200) {
      return failed("Overview", r, s);
    }
    Map<?, ?> d = (Map<?, ?>) r.json();
    Instant now = clock.instant();
    h.raw("<section aria-labelledby=\"dom\"><h2 id=\"dom\">Security domain</h2><dl class=\"facts\">");
    fact(h, "Domain", d.get("domain_id"));
    fact(h, "KMS URI", d.get("kms_uri"));
    fact(h, "Master secret protection", d.get("seal"));
    fact(h, "Certificate cache number", d.get("cache_num"));
    Object current = d.get("current_certificate");
    Map<?, ?> cert = null;
    for (Object o : (List<?>) d.get("certificates")) {
      Map<?, ?> c = (Map<?, ?>) o;
      if (current != null && current.equals(c.get("number"))) {
        cert = c;
      }
    }
    if (cert == null) {
      h.raw("<dt>Current certificate</dt><dd class=\"bad\">none valid: key provisioning is refused until a rotation</dd>");
    } else {
      fact(h, "Current certificate", cert.get("cert_uri") + " (no. " + cert.get("number") + ")");
      Instant to = Instant.parse((String) cert.get("valid_to"));
      fact(h, "Valid", cert.get("valid_from") + " to " + to + " (" + human(Duration.between(now, to)) + " left)");
    }
    long period = ((Number) d.get("user_key_period")).longValue();
    long offset = ((Number) d.get("user_key_offset")).longValue();
    long n = ((Number) d.get("current_period")).longValue();
    Instant next = KeyPeriodPolicy.of(period, offset).validTo(n);
    fact(h, "User key period", human(Duration.ofSeconds(period)) + " (offset " + offset + " s)");
    fact(h, "Current period", n + "; served " + d.get("served_periods"));
    fact(h, "Next rollover", next + " (in " + human(Duration.between(now, next)) + ")");
    h.raw("</dl></section>");

    h.raw("<section aria-labelledby=\"db\"><h2 id=\"db\">Health</h2><p>");
    try {
      long t0 = System.nanoTime();
      readiness.run();
      h.raw("<span class=\"good\">Ready</span>: database reachable (")
          .text((System.nanoTime() - t0) / 1_000_000).raw(" ms) and a valid certificate.");
    } catch (RuntimeException e) {
      h.raw("<span class=\"bad\">Not ready</span>: ").text(e.getMessage());
    }
    h.raw("</p></section>");

    List<ConsoleMetrics.Minute> minutes = metrics.lastHour();
    long total = minutes.stream().mapToLong(ConsoleMetrics.Minute::requests).sum();
    double mean = total == 0 ? 0 : minutes.stream().mapToDouble(m -> m.meanMillis() * m.requests()).sum() / total;
    h.raw("<section aria-labelledby=\"rate\"><h2 id=\"rate\">Key provisioning, last hour</h2><p>")
        .text(total).raw(" requests in the ").text(minutes.size()).raw(" minutes sampled since start; mean latency ")
        .text(String.format("%.1f", mean)).raw(" ms (from this node's own metrics, sampled every minute).</p>");
    chart(h, minutes);
    h.raw("</section>");
    return Result.page(layout("Overview", s, h));
  }

  /** Requests per minute as SVG bars (no script); each bar's title gives the numbers. */
  private static void chart(Html h, List<ConsoleMetrics.Minute> minutes) {
    long max = Math.max(1, minutes.stream().mapToLong(ConsoleMetrics.Minute::requests).max().orElse(1));
    int w = 600;
    int ht = 120;
    double bw = (double) w / ConsoleMetrics.MINUTES;
    h.raw("<svg class=\"chart\" viewBox=\"0 0 " + w + " " + ht + "\" role=\"img\" aria-label=\"key provisioning"
        + " requests per minute over the last hour\">");
    int offset = ConsoleMetrics.MINUTES - minutes.size();
    for (int i = 0; i < minutes.size(); i++) {
      ConsoleMetrics.Minute m = minutes.get(i);
      double bh = (double) m.requests() / max * (ht - 10);
      h.raw(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\">",
          (offset + i) * bw, ht - bh, Math.max(1, bw - 1), bh));
      h.raw("<title>").text(m.end() + ": " + m.requests() + " requests, mean "
          + String.format(Locale.ROOT, "%.1f", m.meanMillis()) + " ms").raw("</title></rect>");
    }
    h.raw("<line x1=\"0\" y1=\"" + ht + "\" x2=\"" + w + "\" y2=\"" + ht + "\"/></svg>");
  }

  private Result identities(Map<String, String> q, ConsoleSessions.Session s) {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("limit", Integer.toString(PAGE));
    for (String k : new String[] {"search", "kind", "status", "after"}) {
      if (q.get(k) != null && !q.get(k).isEmpty()) {
        query.put(k, q.get(k));
      }
    }
    AdminApi.Reply r = api.perform("GET", "identities", Map.of(), query, CALLER);
    if (r.status() != 200) {
      return failed("Identities", r, s);
    }
    Map<?, ?> page = (Map<?, ?>) r.json();
    Html h = new Html();
    h.raw("<form method=\"get\" action=\"/console/identities\" class=\"filters\" role=\"search\">")
        .raw("<label>Search URI <input type=\"search\" name=\"search\" value=\"").text(q.get("search")).raw("\"></label>");
    select(h, "Kind", "kind", q.get("kind"), "", "any", "user", "user", "server", "server");
    select(h, "Status", "status", q.get("status"), "", "any", "enabled", "enabled", "disabled", "disabled",
        "revoked", "revoked");
    h.raw("<button type=\"submit\">Filter</button></form>");
    List<?> rows = (List<?>) page.get("identities");
    h.raw("<table><caption>Identities").raw(q.get("after") == null ? "" : " (continued)").raw("</caption>")
        .raw("<thead><tr><th scope=\"col\">URI</th><th scope=\"col\">Kind</th><th scope=\"col\">Status</th>")
        .raw("<th scope=\"col\">Registered</th><th scope=\"col\">Actions</th></tr></thead><tbody>");
    for (Object o : rows) {
      Map<?, ?> i = (Map<?, ?>) o;
      String uri = (String) i.get("uri");
      String status = (String) i.get("status");
      h.raw("<tr><td><a href=\"/console/identity?uri=").text(Html.url(uri)).raw("\">").text(uri).raw("</a></td><td>")
          .text(i.get("kind")).raw("</td><td class=\"st-").text(status).raw("\">").text(status).raw("</td><td>")
          .text(i.get("created_at")).raw("</td><td class=\"actions\">");
      if ("enabled".equals(status)) {
        button(h, s, "identities/disable", "uri", uri, "Disable", "Disable " + uri);
      } else if ("revoked".equals(status)) {
        // Revoked periods stay revoked for good; enabling only lets later periods be issued.
        button(h, s, "identities/enable", "uri", uri, "Enable for later periods",
            "Enable " + uri + " for periods after the revoked ones (revoked periods stay revoked)");
      } else {
        button(h, s, "identities/enable", "uri", uri, "Enable", "Enable " + uri);
      }
      if (!"revoked".equals(status)) {
        h.raw("<a class=\"danger\" href=\"/console/identities/revoke?uri=").text(Html.url(uri))
            .raw("\" aria-label=\"Revoke ").text(uri).raw("\">Revoke…</a>");
      }
      h.raw("</td></tr>");
    }
    if (rows.isEmpty()) {
      h.raw("<tr><td colspan=\"5\">No identity matches.</td></tr>");
    }
    h.raw("</tbody></table>");
    Object next = page.get("next");
    if (next != null) {
      StringBuilder link = new StringBuilder("/console/identities?after=").append(Html.url((String) next));
      for (String k : new String[] {"search", "kind", "status"}) {
        if (q.get(k) != null) {
          link.append('&').append(k).append('=').append(Html.url(q.get(k)));
        }
      }
      h.raw("<p><a rel=\"next\" href=\"").text(link).raw("\">Next ").text(PAGE).raw(" →</a></p>");
    }
    h.raw("<section aria-labelledby=\"add\"><h2 id=\"add\">Add an identity</h2>");
    form(h, s, "identities/add");
    h.raw("<label>URI <input name=\"uri\" required placeholder=\"sip:alice@example.org\" autocomplete=\"off\"></label>");
    select(h, "Kind", "kind", "user", "user", "user (MC service ID)", "server", "server entity (GMS, MCPTT server)");
    h.raw("<button type=\"submit\">Add</button></form></section>");
    return Result.page(layout("Identities", s, h));
  }

  private Result identity(String uri, ConsoleSessions.Session s) {
    AdminApi.Reply r = api.perform("GET", "identity", Map.of(), query("uri", uri), CALLER);
    if (r.status() != 200) {
      return failed("Identity", r, s);
    }
    Map<?, ?> i = (Map<?, ?>) r.json();
    Html h = new Html();
    h.raw("<dl class=\"facts\">");
    for (Map.Entry<?, ?> e : i.entrySet()) {
      if (!"grants".equals(e.getKey())) {
        fact(h, e.getKey().toString().replace('_', ' '), e.getValue());
      }
    }
    h.raw("</dl>");
    if (i.get("grants") instanceof List<?> grants) {
      h.raw("<section aria-labelledby=\"gr\"><h2 id=\"gr\">Grants</h2><p>This server entity may obtain the keys of:</p><ul>");
      for (Object t : grants) {
        h.raw("<li>").text(t).raw(" ");
        form(h, s, "grants/remove");
        hidden(h, "server", uri);
        hidden(h, "target", t.toString());
        h.raw("<button type=\"submit\" aria-label=\"Withdraw the grant for ").text(t).raw("\">Withdraw</button></form></li>");
      }
      if (grants.isEmpty()) {
        h.raw("<li>nothing yet</li>");
      }
      h.raw("</ul>");
      form(h, s, "grants/add");
      hidden(h, "server", uri);
      h.raw("<label>Target URI <input name=\"target\" required autocomplete=\"off\"></label>")
          .raw("<button type=\"submit\">Grant</button></form></section>");
    }
    AdminApi.Reply k = api.perform("GET", "keys", Map.of(), query("uri", uri), CALLER);
    h.raw("<section aria-labelledby=\"keys\"><h2 id=\"keys\">Security-extension keys (TrK, InK)</h2>");
    if (k.status() == 200) {
      h.raw("<table><thead><tr><th scope=\"col\">Key ID</th><th scope=\"col\">Kind</th><th scope=\"col\">Created</th>")
          .raw("<th scope=\"col\">Pending</th><th scope=\"col\">Actions</th></tr></thead><tbody>");
      for (Object o : (List<?>) k.json()) {
        Map<?, ?> key = (Map<?, ?>) o;
        h.raw("<tr><td>").text(key.get("key_id")).raw("</td><td>").text(key.get("kind")).raw("</td><td>")
            .text(key.get("created_at")).raw("</td><td>").text(key.get("pending")).raw("</td><td>");
        form(h, s, "keys/remove");
        hidden(h, "uri", uri);
        hidden(h, "key_id", key.get("key_id").toString());
        h.raw("<button type=\"submit\" aria-label=\"Remove key ").text(key.get("key_id")).raw("\">Remove</button></form></td></tr>");
      }
      if (((List<?>) k.json()).isEmpty()) {
        h.raw("<tr><td colspan=\"5\">No key yet.</td></tr>");
      }
      h.raw("</tbody></table>");
    }
    form(h, s, "keys/add");
    hidden(h, "uri", uri);
    select(h, "New key", "kind", "trk", "trk", "TrK (transport key)", "ink", "InK (integrity key)");
    h.raw("<button type=\"submit\">Generate</button></form>")
        .raw("<p class=\"note\">A new key is shown once, on the next page, for provisioning into the client's secure")
        .raw(" element; the KMS keeps it sealed and never shows it again.</p></section>");
    if (!"revoked".equals(i.get("status"))) {
      h.raw("<p><a class=\"danger\" href=\"/console/identities/revoke?uri=").text(Html.url(uri)).raw("\">Revoke…</a></p>");
    }
    return Result.page(layout("Identity " + uri, s, h));
  }

  private Result confirmRevoke(String uri, ConsoleSessions.Session s) {
    AdminApi.Reply r = api.perform("GET", "identity", Map.of(), query("uri", uri), CALLER);
    if (r.status() != 200) {
      return failed("Revoke", r, s);
    }
    AdminApi.Reply d = api.perform("GET", "domain", Map.of(), Map.of(), CALLER);
    Object served = d.status() == 200 ? ((Map<?, ?>) d.json()).get("served_periods") : null;
    Object through = served instanceof List<?> l && l.size() == 2 ? l.get(1) : "the last one served";
    Html h = new Html();
    h.raw("<p>Revoking <strong>").text(uri).raw("</strong> takes effect at once on every node:</p><ul>")
        .raw("<li><strong>Now and in future periods:</strong> the KMS refuses every key request for it.</li>")
        .raw("<li><strong>Periods up to and including ").text(through).raw(":</strong> the current period and the")
        .raw(" periods already handed out ahead are revoked for good. Their keys are derived deterministically and may")
        .raw(" be in the wrong hands, so even if the identity is enabled again it only gets keys for later periods.</li>")
        .raw("<li><strong>Past periods:</strong> keys handed out before cannot be taken back; whoever holds them can")
        .raw(" still read traffic of those periods. Revocation stops new keys; it does not erase old ones.</li></ul>")
        .raw("<p>To stop it reversibly (the same keys come back), disable it instead.</p>");
    form(h, s, "identities/revoke");
    hidden(h, "uri", uri);
    h.raw("<button type=\"submit\" class=\"danger\">Revoke ").text(uri).raw("</button> ")
        .raw("<a href=\"/console/identities\">Cancel</a></form>");
    return Result.page(layout("Revoke " + uri + "?", s, h));
  }

  private Result grants(Map<String, String> q, ConsoleSessions.Session s) {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("limit", Integer.toString(PAGE));
    query.put("kind", "server");
    if (q.get("after") != null) {
      query.put("after", q.get("after"));
    }
    AdminApi.Reply r = api.perform("GET", "identities", Map.of(), query, CALLER);
    if (r.status() != 200) {
      return failed("Grants", r, s);
    }
    Map<?, ?> page = (Map<?, ?>) r.json();
    Html h = new Html();
    h.raw("<p>Server entities (GMS, MCPTT server) obtain the keys of the identities they are granted.</p>")
        .raw("<table><thead><tr><th scope=\"col\">Server entity</th><th scope=\"col\">Status</th>")
        .raw("<th scope=\"col\">May obtain keys of</th></tr></thead><tbody>");
    for (Object o : (List<?>) page.get("identities")) {
      Map<?, ?> i = (Map<?, ?>) o;
      h.raw("<tr><td><a href=\"/console/identity?uri=").text(Html.url((String) i.get("uri"))).raw("\">")
          .text(i.get("uri")).raw("</a></td><td>").text(i.get("status")).raw("</td><td>")
          .text(String.join(", ", ((List<?>) i.get("grants")).stream().map(Object::toString).toList()))
          .raw("</td></tr>");
    }
    h.raw("</tbody></table>");
    if (page.get("next") != null) {
      h.raw("<p><a rel=\"next\" href=\"/console/grants?after=").text(Html.url((String) page.get("next")))
          .raw("\">Next →</a></p>");
    }
    return Result.page(layout("Grants", s, h));
  }

  private Result certificates(ConsoleSessions.Session s) {
    AdminApi.Reply r = api.perform("GET", "domain", Map.of(), Map.of(), CALLER);
    if (r.status() != 200) {
      return failed("Certificates", r, s);
    }
    Map<?, ?> d = (Map<?, ?>) r.json();
    Html h = new Html();
    h.raw("<table><caption>KMS certificates</caption><thead><tr><th scope=\"col\">No.</th><th scope=\"col\">CertUri</th>")
        .raw("<th scope=\"col\">Valid from</th><th scope=\"col\">Valid to</th><th scope=\"col\">State</th></tr></thead><tbody>");
    for (Object o : (List<?>) d.get("certificates")) {
      Map<?, ?> c = (Map<?, ?>) o;
      h.raw("<tr><td>").text(c.get("number")).raw("</td><td>").text(c.get("cert_uri")).raw("</td><td>")
          .text(c.get("valid_from")).raw("</td><td>").text(c.get("valid_to")).raw("</td><td class=\"st-")
          .text(c.get("state")).raw("\">").text(c.get("state")).raw("</td></tr>");
    }
    h.raw("</tbody></table>");
    h.raw("<section aria-labelledby=\"cc\"><h2 id=\"cc\">Certificate cache</h2><p>The certcache document (TS 33.180")
        .raw(" D.2.3) carries cache number <strong>").text(d.get("cache_num")).raw("</strong> and the certificates")
        .raw(" marked current or published above; clients refetch it when the number changes.</p></section>");
    h.raw("<p><a class=\"danger\" href=\"/console/certificates/rotate\">Rotate the certificate…</a></p>");
    return Result.page(layout("Certificates", s, h));
  }

  private Result confirmRotate(ConsoleSessions.Session s) {
    Html h = new Html();
    h.raw("<p>Rotation creates a new KMS certificate with a fresh KSAK and z, valid from now. From then on every")
        .raw(" key set is issued under it; the cached key sets of the old certificate are dropped. Clients pick up")
        .raw(" the new certificate from the certcache and need new key material (a keyprov) to use it; the old")
        .raw(" certificate stays published until it expires so existing traffic still verifies.</p>");
    form(h, s, "certificates/rotate");
    h.raw("<button type=\"submit\" class=\"danger\">Rotate now</button> <a href=\"/console/certificates\">Cancel</a></form>");
    return Result.page(layout("Rotate the certificate?", s, h));
  }

  private Result audit(Map<String, String> q, ConsoleSessions.Session s) {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("limit", "100");
    for (String k : new String[] {"identity", "action", "outcome", "from", "to"}) {
      if (q.get(k) != null && !q.get(k).isBlank()) {
        query.put(k, q.get(k).trim());
      }
    }
    Html h = new Html();
    h.raw("<form method=\"get\" action=\"/console/audit\" class=\"filters\" role=\"search\">");
    for (String[] f : new String[][] {{"identity", "Identity"}, {"action", "Action"}, {"outcome", "Outcome"},
        {"from", "From (UTC, ISO-8601)"}, {"to", "To"}}) {
      h.raw("<label>").text(f[1]).raw(" <input name=\"").raw(f[0]).raw("\" value=\"").text(q.get(f[0])).raw("\"")
          .raw(f[0].equals("from") || f[0].equals("to") ? " placeholder=\"2026-01-31T12:00:00Z\"" : "").raw("></label>");
    }
    h.raw("<button type=\"submit\">Filter</button></form>");
    AdminApi.Reply r = api.perform("GET", "audit", Map.of(), query, CALLER);
    if (r.status() != 200) {
      return failed("Audit", r, s);
    }
    h.raw("<table class=\"audit\"><caption>Latest 100 matching records, newest first</caption><thead><tr>")
        .raw("<th scope=\"col\">At</th><th scope=\"col\">Caller</th><th scope=\"col\">Action</th>")
        .raw("<th scope=\"col\">Identity</th><th scope=\"col\">Period</th><th scope=\"col\">Outcome</th>")
        .raw("<th scope=\"col\">Detail</th></tr></thead><tbody>");
    for (Object o : (List<?>) r.json()) {
      Map<?, ?> a = (Map<?, ?>) o;
      h.raw("<tr><td>").text(a.get("at")).raw("</td><td>").text(a.get("caller")).raw("</td><td>").text(a.get("action"))
          .raw("</td><td>").text(a.get("identity")).raw("</td><td>").text(a.get("period")).raw("</td><td class=\"o-")
          .text(a.get("outcome")).raw("\">").text(a.get("outcome")).raw("</td><td>").text(a.get("detail"))
          .raw("</td></tr>");
    }
    h.raw("</tbody></table>");
    form(h, s, "audit/verify");
    h.raw("<button type=\"submit\">Verify the chain</button></form>");
    return Result.page(layout("Audit", s, h));
  }

  // ---- POST ----

  Result post(String op, Map<String, String> f, ConsoleSessions.Session s) {
    return switch (op) {
      case "identities/add" -> change(s, "identities", Map.of("uri", f.getOrDefault("uri", "").trim(),
          "kind", f.getOrDefault("kind", "user")), "Added ", "/console/identities?search=" + Html.url(f.get("uri")));
      case "identities/disable" -> change(s, "identities/disable", only(f, "uri"), "Disabled ", back(f));
      case "identities/enable" -> change(s, "identities/enable", only(f, "uri"), "Enabled ", back(f));
      case "identities/revoke" -> change(s, "identities/revoke", only(f, "uri"), "Revoked ",
          "/console/identity?uri=" + Html.url(f.get("uri")));
      case "grants/add" -> change(s, "grants", Map.of("server", f.getOrDefault("server", ""),
          "target", f.getOrDefault("target", "").trim()), "Granted to ", identityPage(f, "server"));
      case "grants/remove" -> change(s, "grants/remove", Map.of("server", f.getOrDefault("server", ""),
          "target", f.getOrDefault("target", "")), "Withdrew a grant of ", identityPage(f, "server"));
      case "keys/remove" -> change(s, "keys/remove", only(f, "key_id"), "Removed key ", identityPage(f, "uri"));
      case "keys/add" -> newKey(f, s);
      case "certificates/rotate" -> change(s, "certificates/rotate", Map.of(), "Rotated the certificate",
          "/console/certificates");
      case "audit/verify" -> verify(s);
      default -> new Result(404, layout("Not found", s, new Html().raw("<p>No such action.</p>")), null);
    };
  }

  /** Runs an admin change; the outcome is shown once on the page redirected to. */
  private Result change(ConsoleSessions.Session s, String route, Map<String, String> body, String done, String to) {
    AdminApi.Reply r = api.perform("POST", route, body, Map.of(), CALLER);
    if (r.status() == 200) {
      String what = body.getOrDefault("uri", body.getOrDefault("server", body.getOrDefault("key_id", "")));
      s.flash(done + what, false);
    } else {
      s.flash(error(r), true);
    }
    return Result.to(to);
  }

  private Result newKey(Map<String, String> f, ConsoleSessions.Session s) {
    String uri = f.getOrDefault("uri", "");
    AdminApi.Reply r = api.perform("POST", "keys", Map.of("uri", uri, "kind", f.getOrDefault("kind", "")), Map.of(),
        CALLER);
    if (r.status() != 200) {
      s.flash(error(r), true);
      return Result.to(identityPage(f, "uri"));
    }
    Map<?, ?> k = (Map<?, ?>) r.json();
    Html h = new Html();
    h.raw("<p class=\"warn\" role=\"alert\">Shown once. Copy it into the client's secure element now: the KMS keeps")
        .raw(" it sealed and will not show it again (this page is not cached).</p><dl class=\"facts\">");
    fact(h, "Identity", k.get("uri"));
    fact(h, "Kind", k.get("kind"));
    fact(h, "Key ID", k.get("key_id"));
    h.raw("<dt>Key (hex)</dt><dd><code class=\"secret\">").text(k.get("key_hex")).raw("</code></dd></dl>")
        .raw("<p><a href=\"/console/identity?uri=").text(Html.url(uri)).raw("\">Done</a></p>");
    return Result.page(layout("New key", s, h));
  }

  private Result verify(ConsoleSessions.Session s) {
    Map<String, Object> v;
    try {
      v = audit.verify("console-verify-" + verifications.incrementAndGet(), CALLER);
    } catch (KmsException e) {
      s.flash("The audit trail cannot be written, so the verification was not run: " + e.getMessage(), true);
      return Result.to("/console/audit");
    }
    if (Boolean.TRUE.equals(v.get("intact"))) {
      s.flash("The audit chain is intact: " + v.get("checked") + " records checked through number " + v.get("head_seq")
          + (((Number) v.get("unchained")).longValue() > 0 ? "; " + v.get("unchained") + " older records are unchained"
          : ""), false);
    } else {
      s.flash("The audit chain is BROKEN at record " + v.get("first_bad_seq") + ": " + v.get("problem"), true);
    }
    return Result.to("/console/audit");
  }

  // ---- pieces ----

  String signIn(String error) {
    Html h = new Html();
    if (error != null) {
      h.raw("<p class=\"flash error\" role=\"alert\">").text(error).raw("</p>");
    }
    h.raw("<form method=\"post\" action=\"/console/signin\" class=\"signin\">")
        .raw("<label>Admin token <input type=\"password\" name=\"token\" required autofocus autocomplete=\"off\"></label>")
        .raw("<p class=\"note\">The token is in <code>admin.token</code> in the KMS data directory.</p>")
        .raw("<button type=\"submit\">Sign in</button></form>");
    return document("Sign in", null, h.toString());
  }

  String refused(String message) {
    return document("Refused", null, new Html().raw("<p class=\"flash error\" role=\"alert\">").text(message)
        .raw("</p><p><a href=\"/console/\">Back to the console</a></p>").toString());
  }

  private Result failed(String title, AdminApi.Reply r, ConsoleSessions.Session s) {
    Html h = new Html().raw("<p class=\"flash error\" role=\"alert\">").text(error(r)).raw("</p>");
    return new Result(r.status(), layout(title, s, h), null);
  }

  private static String error(AdminApi.Reply r) {
    return r.json() instanceof Map<?, ?> m && m.get("error") != null ? m.get("error").toString()
        : "failed (" + r.status() + ")";
  }

  private String layout(String title, ConsoleSessions.Session s, Html body) {
    Html h = new Html();
    h.raw("<nav aria-label=\"Console\"><ul>");
    for (String[] l : new String[][] {{"", "Overview"}, {"identities", "Identities"}, {"grants", "Grants"},
        {"certificates", "Certificates"}, {"audit", "Audit"}}) {
      h.raw("<li><a href=\"/console/").raw(l[0]).raw("\">").raw(l[1]).raw("</a></li>");
    }
    h.raw("</ul>");
    form(h, s, "signout");
    h.raw("<button type=\"submit\">Sign out</button></form></nav>");
    String nav = h.toString();
    Html main = new Html();
    s.takeFlash().ifPresent(f -> main.raw("<p class=\"flash").raw(f.getValue() ? " error" : "").raw("\" role=\"")
        .raw(f.getValue() ? "alert" : "status").raw("\">").text(f.getKey()).raw("</p>"));
    main.raw(body.toString());
    return document(title, nav, main.toString());
  }

  private static String document(String title, String nav, String main) {
    return new Html().raw("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>").text(title)
        .raw(" · MCX KMS console</title><link rel=\"stylesheet\" href=\"/console/static/console.css\"></head><body>")
        .raw("<header><a class=\"skip\" href=\"#main\">Skip to content</a><p class=\"brand\">MCX KMS console</p>")
        .raw(nav == null ? "" : nav).raw("</header><main id=\"main\"><h1>").text(title).raw("</h1>").raw(main)
        .raw("</main></body></html>").toString();
  }

  private static void form(Html h, ConsoleSessions.Session s, String action) {
    h.raw("<form method=\"post\" action=\"/console/").raw(action).raw("\">");
    hidden(h, "csrf", s.csrf());
  }

  private static void button(Html h, ConsoleSessions.Session s, String action, String field, String value,
      String label, String aria) {
    form(h, s, action);
    hidden(h, field, value);
    h.raw("<button type=\"submit\" aria-label=\"").text(aria).raw("\">").text(label).raw("</button></form>");
  }

  private static void hidden(Html h, String name, String value) {
    h.raw("<input type=\"hidden\" name=\"").raw(name).raw("\" value=\"").text(value).raw("\">");
  }

  /** A labelled select; {@code options} alternates value and label. */
  private static void select(Html h, String label, String name, String selected, String... options) {
    h.raw("<label>").text(label).raw(" <select name=\"").raw(name).raw("\">");
    for (int i = 0; i < options.length; i += 2) {
      h.raw("<option value=\"").text(options[i]).raw("\"").raw(options[i].equals(selected) ? " selected" : "")
          .raw(">").text(options[i + 1]).raw("</option>");
    }
    h.raw("</select></label>");
  }

  private static void fact(Html h, String name, Object value) {
    h.raw("<dt>").text(name).raw("</dt><dd>").text(value).raw("</dd>");
  }

  private static Map<String, String> query(String k, String v) {
    return v == null ? Map.of() : Map.of(k, v);
  }

  private static Map<String, String> only(Map<String, String> f, String k) {
    return Map.of(k, f.getOrDefault(k, ""));
  }

  private static String back(Map<String, String> f) {
    return "/console/identities?search=" + Html.url(f.get("uri"));
  }

  private static String identityPage(Map<String, String> f, String field) {
    return "/console/identity?uri=" + Html.url(f.get(field));
  }

  private static String human(Duration d) {
    if (d.isNegative()) {
      return "-" + human(d.negated());
    }
    if (d.toDays() >= 2) {
      return d.toDays() + " days";
    }
    if (d.toHours() >= 2) {
      return d.toHours() + " h " + d.toMinutesPart() + " min";
    }
    return d.toMinutes() + " min " + d.toSecondsPart() + " s";
  }
}

package org.mcxkms.kms.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.mcxkms.kms.server.KmsServer;
import org.mcxkms.kms.server.config.ConfigKey;
import org.mcxkms.kms.server.config.KmsConfig;
import org.mcxkms.kms.server.store.IdentityStatus;
import org.mcxkms.testkit.Https;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The admin console in a real headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver}; the test fails, never skips, without them) against a real KMS over
 * HTTPS: sign-in, a user added and revoked through the pages, the revocation in the audit view and
 * a keyprov for that user refused; CSRF and a wrong admin token refused; the pages with 100,000
 * identities. Screenshots of each page land in {@code target/console-screenshots/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final String STOLEN = "sip:stolen-phone@example.org";
  static final Path SHOTS = Path.of("target", "console-screenshots");

  @TempDir static Path dir;
  final String dbUrl = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
  KmsServer server;
  Https https;
  HttpClient http;
  String adminToken;
  String base;
  ChromeDriverService service;
  WebDriver browser;

  @BeforeAll
  void start() throws Exception {
    assertThat(CHROMIUM).as("headless Chromium (apt-get install chromium chromium-driver)").isExecutable();
    assertThat(CHROMEDRIVER).as("chromedriver (apt-get install chromium-driver)").isExecutable();
    KmsConfig config = KmsConfig.builder()
        .set(ConfigKey.DATA_DIR, dir.resolve("data").toString())
        .set(ConfigKey.LISTEN_PORT, 0)
        .set(ConfigKey.ADMIN_PORT, 0)
        .set(ConfigKey.DB_URL, dbUrl)
        .build();
    server = KmsServer.start(config, w -> {});
    https = new Https(server.tls().certificatePem());
    http = client(server.tls().certificatePem());
    adminToken = Files.readString(server.adminTokenFile()).trim();
    base = "https://127.0.0.1:" + server.adminPort() + "/console/";

    service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--user-data-dir=" + Files.createTempDirectory(dir, "chromium-profile"));
    // The KMS's certificate is self-signed and generated per run.
    options.setAcceptInsecureCerts(true);
    browser = new ChromeDriver(service, options);
    browser.manage().window().setSize(new Dimension(1366, 900));
    Files.createDirectories(SHOTS);
  }

  @AfterAll
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (service != null) {
      service.stop();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  @Order(1)
  void aWrongAdminTokenIsRefused() throws Exception {
    browser.manage().deleteAllCookies();
    browser.get(base + "identities");
    assertThat(browser.getCurrentUrl()).endsWith("/console/signin");
    shot("signin");
    signIn("not-the-admin-token-" + "x".repeat(40));
    assertThat(text()).contains("That is not the admin token");
    assertThat(browser.manage().getCookies()).isEmpty();
    browser.get(base + "identities");
    assertThat(browser.getCurrentUrl()).endsWith("/console/signin");

    HttpResponse<String> r = post("signin", null, Map.of("token", "wrong"));
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().allValues("Set-Cookie")).isEmpty();
  }

  @Test
  @Order(2)
  void addRevokeSeeItInTheAuditTrailAndKeyprovIsRefused() throws Exception {
    browser.manage().deleteAllCookies();
    browser.get(base);
    signIn(adminToken);
    assertThat(browser.getCurrentUrl()).isEqualTo(base);
    assertThat(text()).contains("kms.mcx.local").contains("Ready").contains("Next rollover");

    browser.get(base + "identities");
    WebElement uri = browser.findElement(By.name("uri"));
    uri.sendKeys(STOLEN);
    andWait(() -> uri.submit());
    assertThat(browser.findElement(By.cssSelector("p.flash")).getText()).isEqualTo("Added " + STOLEN);
    assertThat(server.store().identity(STOLEN).orElseThrow().status()).isEqualTo(IdentityStatus.ENABLED);

    // Before: the user's device obtains keys.
    String token = devToken(STOLEN);
    assertThat(https.post(server.kmsUrl().resolve("keyprov"), token, null).statusCode()).isEqualTo(200);

    andWait(() -> browser.findElement(By.cssSelector("a[aria-label='Revoke " + STOLEN + "']")).click());
    assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Revoke " + STOLEN + "?");
    assertThat(text()).contains("Past periods").contains("future periods").contains("revoked for good");
    shot("revoke-confirmation");
    assertThat(server.store().identity(STOLEN).orElseThrow().status()).isEqualTo(IdentityStatus.ENABLED);
    andWait(() -> browser.findElement(By.cssSelector("button.danger")).click());
    assertThat(browser.findElement(By.cssSelector("p.flash")).getText()).isEqualTo("Revoked " + STOLEN);
    assertThat(server.store().identity(STOLEN).orElseThrow().status()).isEqualTo(IdentityStatus.REVOKED);
    // A revoked identity is offered "Enable" only with what it means: later periods, never the revoked ones.
    browser.get(base + "identities?search=" + URLEncoder.encode(STOLEN, StandardCharsets.UTF_8));
    assertThat(browser.findElements(By.cssSelector("button[aria-label^='Enable " + STOLEN + " for periods after']")))
        .extracting(WebElement::getText).containsExactly("Enable for later periods");

    browser.get(base + "audit");
    browser.findElement(By.name("identity")).sendKeys(STOLEN);
    browser.findElement(By.name("action")).sendKeys("admin.identities.revoke");
    andWait(() -> browser.findElement(By.name("action")).submit());
    List<WebElement> rows = browser.findElements(By.cssSelector("table.audit tbody tr"));
    assertThat(rows).extracting(WebElement::getText)
        .anyMatch(t -> t.contains("console") && t.contains("admin.identities.revoke") && t.contains(STOLEN)
            && t.contains(" ok"))
        .allMatch(t -> t.contains(STOLEN));
    shot("audit");

    // After: the same device, with a still-valid token, is refused.
    HttpResponse<byte[]> refused = https.post(server.kmsUrl().resolve("keyprov"), token, null);
    assertThat(refused.statusCode()).isEqualTo(403);

    andWait(() -> browser.findElement(By.cssSelector("form[action='/console/audit/verify'] button")).click());
    assertThat(browser.findElement(By.cssSelector("p.flash")).getText()).startsWith("The audit chain is intact");
  }

  @Test
  @Order(3)
  void aChangeWithoutTheCsrfTokenIsRefused() throws Exception {
    HttpResponse<String> in = post("signin", null, Map.of("token", adminToken));
    assertThat(in.statusCode()).isEqualTo(303);
    String setCookie = in.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(setCookie).startsWith(ConsoleHandler.COOKIE + "=").contains("; Secure").contains("; HttpOnly")
        .contains("; SameSite=Strict").contains("; Path=/");
    String cookie = setCookie.substring(0, setCookie.indexOf(';'));

    HttpResponse<String> page = get("identities", cookie);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("script-src 'self'").contains("style-src 'self'").contains("frame-ancestors 'none'")
        .doesNotContain("unsafe-inline");
    Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(page.body());
    assertThat(m.find()).isTrue();
    String csrf = m.group(1);

    String victim = "sip:csrf-victim@example.org";
    HttpResponse<String> none = post("identities/add", cookie, Map.of("uri", victim, "kind", "user"));
    assertThat(none.statusCode()).isEqualTo(403);
    assertThat(none.body()).contains("CSRF token missing or wrong");
    HttpResponse<String> wrong = post("identities/add", cookie, Map.of("uri", victim, "kind", "user",
        "csrf", csrf.substring(1) + "A"));
    assertThat(wrong.statusCode()).isEqualTo(403);
    HttpResponse<String> noSession = post("identities/add", null, Map.of("uri", victim, "csrf", csrf));
    assertThat(noSession.statusCode()).isEqualTo(403);
    assertThat(server.store().identity(victim)).isEmpty();

    HttpResponse<String> right = post("identities/add", cookie, Map.of("uri", victim, "kind", "user", "csrf", csrf));
    assertThat(right.statusCode()).isEqualTo(303);
    assertThat(server.store().identity(victim)).isPresent();

    HttpResponse<String> out = post("signout", cookie, Map.of("csrf", csrf));
    assertThat(out.statusCode()).isEqualTo(303);
    assertThat(get("identities", cookie).statusCode()).isEqualTo(303);
  }

  @Test
  @Order(4)
  void pagesRenderWithAHundredThousandIdentities() throws Exception {
    seed(100_000);
    browser.manage().deleteAllCookies();
    browser.get(base);
    signIn(adminToken);
    Map<String, Long> millis = new LinkedHashMap<>();

    millis.put("overview", load(""));
    assertThat(text()).contains("Current certificate").contains("Key provisioning, last hour");
    shot("overview");

    millis.put("identities", load("identities"));
    List<WebElement> rows = browser.findElements(By.cssSelector("tbody tr"));
    assertThat(rows).hasSize(50);
    assertThat(rows.get(0).getText()).startsWith("sip:csrf-victim@example.org");
    assertThat(rows.get(1).getText()).startsWith(STOLEN);
    assertThat(rows.get(2).getText()).startsWith("sip:u000000@load.example.org");
    shot("identities");

    andWait(() -> browser.findElement(By.cssSelector("a[rel=next]")).click());
    assertThat(browser.findElements(By.cssSelector("tbody tr")).get(0).getText())
        .startsWith("sip:u000048@load.example.org");

    millis.put("identities, search", load("identities?search=u09999"));
    assertThat(browser.findElements(By.cssSelector("tbody tr"))).extracting(WebElement::getText)
        .hasSize(10).allMatch(t -> t.contains("u09999"));

    millis.put("identities, revoked servers", load("identities?kind=server&status=revoked"));
    assertThat(browser.findElements(By.cssSelector("tbody tr"))).hasSize(50).extracting(WebElement::getText)
        .allMatch(t -> t.contains("server") && t.contains("revoked"));

    millis.put("identities, deep page", load("identities?after=" + URLEncoder.encode("sip:u099000@load.example.org",
        StandardCharsets.UTF_8)));
    assertThat(browser.findElements(By.cssSelector("tbody tr")).get(0).getText())
        .startsWith("sip:u099001@load.example.org");

    millis.put("identity", load("identity?uri=" + URLEncoder.encode("sip:u000010@load.example.org",
        StandardCharsets.UTF_8)));
    assertThat(text()).contains("This server entity may obtain the keys of").contains("Security-extension keys")
        .contains("No key yet");
    shot("identity");

    millis.put("grants", load("grants"));
    assertThat(browser.findElements(By.cssSelector("tbody tr"))).hasSize(50);
    shot("grants");

    millis.put("certificates", load("certificates"));
    assertThat(text()).contains("current").contains("Certificate cache");
    shot("certificates");

    millis.put("audit", load("audit"));
    assertThat(browser.findElements(By.cssSelector("table.audit tbody tr"))).isNotEmpty();

    millis.put("audit, by identity", load("audit?identity=" + URLEncoder.encode(STOLEN, StandardCharsets.UTF_8)));
    assertThat(browser.findElements(By.cssSelector("table.audit tbody tr"))).extracting(WebElement::getText)
        .isNotEmpty().allMatch(t -> t.contains(STOLEN));

    // Reported, not asserted (tests never assert wall-clock times).
    System.out.println("console page loads with 100,000 identities (ms, navigation to load event): " + millis);
  }

  @Test
  @Order(5)
  void aNewKeyIsShownOnce() throws Exception {
    String user = "sip:u000003@load.example.org";
    browser.get(base + "identity?uri=" + URLEncoder.encode(user, StandardCharsets.UTF_8));
    andWait(() -> browser.findElement(By.cssSelector("form[action='/console/keys/add'] button")).click());
    String key = browser.findElement(By.cssSelector("code.secret")).getText();
    assertThat(key).matches("[0-9a-f]{32,}");
    shot("new-key");
    browser.get(base + "identity?uri=" + URLEncoder.encode(user, StandardCharsets.UTF_8));
    assertThat(browser.getPageSource()).doesNotContain(key);
    assertThat(browser.findElements(By.cssSelector("section table tbody tr"))).extracting(WebElement::getText)
        .singleElement().asString().startsWith("trk.");
  }

  // ---- helpers ----

  /**
   * Runs an action that loads a new page (a click on a link or button, a form submit) and waits
   * until the old document is gone: a click returns before the browser has navigated.
   */
  void andWait(Runnable action) {
    WebElement old = browser.findElement(By.tagName("html"));
    action.run();
    new WebDriverWait(browser, Duration.ofSeconds(30)).until(ExpectedConditions.stalenessOf(old));
  }

  void signIn(String token) {
    browser.findElement(By.name("token")).sendKeys(token);
    andWait(() -> browser.findElement(By.cssSelector("form.signin button")).click());
  }

  long load(String op) {
    long t0 = System.nanoTime();
    browser.get(base + op);
    return (System.nanoTime() - t0) / 1_000_000;
  }

  String text() {
    return browser.findElement(By.tagName("body")).getText();
  }

  void shot(String name) throws Exception {
    Files.write(SHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
  }

  String devToken(String user) throws Exception {
    HttpResponse<String> r = https.json("POST", server.adminUrl().resolve("dev/token"), adminToken,
        "{\"user\":\"" + user + "\"}");
    assertThat(r.statusCode()).isEqualTo(200);
    return new ObjectMapper().readTree(r.body()).get("access_token").asText();
  }

  /** {@code n} identities in batches: users, every tenth a server entity, every seventh revoked. */
  void seed(int n) throws Exception {
    try (Connection c = DriverManager.getConnection(dbUrl, "", "");
        PreparedStatement ps = c.prepareStatement(
            "INSERT INTO kms_identity (uri, kind, status, created_at) VALUES (?, ?, ?, ?)")) {
      c.setAutoCommit(false);
      Timestamp now = Timestamp.from(Instant.now());
      for (int i = 0; i < n; i++) {
        ps.setString(1, String.format("sip:u%06d@load.example.org", i));
        ps.setString(2, i % 10 == 0 ? "SERVER" : "USER");
        ps.setString(3, i % 7 == 0 ? "REVOKED" : "ENABLED");
        ps.setTimestamp(4, now);
        ps.addBatch();
        if (i % 5000 == 4999) {
          ps.executeBatch();
        }
      }
      ps.executeBatch();
      c.commit();
    }
  }

  HttpResponse<String> get(String op, String cookie) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + op)).timeout(Duration.ofSeconds(60));
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    return http.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String op, String cookie, Map<String, String> form) throws Exception {
    List<String> pairs = new ArrayList<>();
    form.forEach((k, v) -> pairs.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
        + URLEncoder.encode(v, StandardCharsets.UTF_8)));
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + op)).timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/x-www-form-urlencoded");
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    return http.send(b.POST(HttpRequest.BodyPublishers.ofString(String.join("&", pairs))).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** An HTTPS client trusting exactly the KMS's certificate, following no redirects. */
  static HttpClient client(Path pem) throws Exception {
    X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(pem)));
    KeyStore ts = KeyStore.getInstance("PKCS12");
    ts.load(null, null);
    ts.setCertificateEntry("kms", cert);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ts);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return HttpClient.newBuilder().sslContext(ctx).version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER).build();
  }
}

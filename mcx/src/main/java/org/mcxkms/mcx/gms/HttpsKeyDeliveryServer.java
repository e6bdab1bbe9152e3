package org.mcxkms.mcx.gms;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTPS delivery adapter of the GMS: a member fetches its pending key messages with
 * {@code GET /gms/v1/keys} and {@code Authorization: Bearer <token>}, the same IdM access token it
 * presents to the KMS; the token's identity selects the mailbox, so a member only ever sees its
 * own messages, and each message is handed out once. Answer: JSON
 * {@code [{"group":..., "purpose":"GMK", "key_id":"0a1b2c3d", "mikey":"<base64 I_MESSAGE>"}]}.
 * Production GMSs carry the same I_MESSAGEs in SIP (TS 24.481); this adapter stands in for that.
 *
 * <p>TLS uses a fresh self-signed P-256 certificate for 127.0.0.1; clients pin its SHA-256
 * fingerprint ({@link #fingerprint()}).
 */
public final class HttpsKeyDeliveryServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("mcx.gms.https");
  public static final String PATH = "/gms/v1/keys";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpsServer server;
  private final Mailbox mailbox;
  private final TokenVerifier tokens;
  private final String fingerprint;

  private HttpsKeyDeliveryServer(HttpsServer server, Mailbox mailbox, TokenVerifier tokens, String fingerprint) {
    this.server = server;
    this.mailbox = mailbox;
    this.tokens = tokens;
    this.fingerprint = fingerprint;
  }

  /** Serves {@code mailbox} on 127.0.0.1, a free port. */
  public static HttpsKeyDeliveryServer start(Mailbox mailbox, TokenVerifier tokens) throws IOException {
    try {
      SecureRandom random = new SecureRandom();
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"), random);
      KeyPair kp = g.generateKeyPair();
      X500Name name = new X500Name("CN=127.0.0.1,O=MCX GMS (self-signed)");
      Instant now = Instant.now();
      JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, new BigInteger(127, random).add(BigInteger.ONE),
          Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(30))), name, kp.getPublic());
      b.addExtension(Extension.subjectAlternativeName, false,
          new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
      X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
          b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
      char[] pw = "gms".toCharArray();
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry("gms", kp.getPrivate(), pw, new Certificate[] {cert});
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, pw);
      SSLContext ssl = SSLContext.getInstance("TLSv1.3");
      ssl.init(kmf.getKeyManagers(), null, random);
      HttpsServer s = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
      s.setHttpsConfigurator(new HttpsConfigurator(ssl));
      s.setExecutor(Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "gms-https");
        t.setDaemon(true);
        return t;
      }));
      String fp = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
      HttpsKeyDeliveryServer h = new HttpsKeyDeliveryServer(s, mailbox, tokens, fp);
      s.createContext(PATH, h::handle);
      s.start();
      return h;
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IOException("cannot set up TLS for the GMS delivery adapter", e);
    }
  }

  public URI url() {
    return URI.create("https://127.0.0.1:" + server.getAddress().getPort() + PATH);
  }

  /** SHA-256 of the TLS certificate, hex, for clients to pin. */
  public String fingerprint() {
    return fingerprint;
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      if (!"GET".equals(ex.getRequestMethod())) {
        reply(ex, 405, "{\"error\":\"GET only\"}");
        return;
      }
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      Optional<String> who = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)
          ? tokens.identity(auth.substring(7).strip()) : Optional.empty();
      if (who.isEmpty()) {
        ex.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"mcx-gms\"");
        reply(ex, 401, "{\"error\":\"a valid IdM access token is required\"}");
        return;
      }
      List<KeyMessage> msgs = mailbox.take(who.get());
      ArrayNode arr = JSON.createArrayNode();
      for (KeyMessage m : msgs) {
        ObjectNode o = arr.addObject();
        o.put("group", m.groupId());
        o.put("purpose", m.purpose().name());
        o.put("key_id", String.format("%08x", m.keyId()));
        o.put("mikey", Base64.getEncoder().encodeToString(m.imessage()));
      }
      LOG.info("delivered {} key messages to {}", msgs.size(), who.get());
      reply(ex, 200, JSON.writeValueAsString(arr));
    }
  }

  private static void reply(HttpExchange ex, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, b.length);
    try (OutputStream o = ex.getResponseBody()) {
      o.write(b);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

package org.mcxkms.kms.client.trust;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Which TLS server certificates the client accepts from the KMS. There is deliberately no
 * "trust all" option.
 *
 * <ul>
 *   <li>{@link #pinned(String)}: exactly one server certificate, by the SHA-256 fingerprint of its
 *       DER encoding (what {@code ./mcx-kms serve} prints for its self-signed certificate). The
 *       pin replaces chain and host name checks: only the holder of that certificate's private key
 *       can complete the handshake. Its validity dates are still checked.
 *   <li>{@link #anchors(List)}: ordinary PKIX validation against these trust anchors (a private CA or
 *       the server's own certificate), with the JDK's host name verification.
 * </ul>
 */
public final class TlsTrust {
  /** The kind of trust. */
  public enum Kind {
    PINNED,
    ANCHORS
  }

  private final Kind kind;
  private final byte[] pin;
  private final List<X509Certificate> anchors;

  private TlsTrust(Kind kind, byte[] pin, List<X509Certificate> anchors) {
    this.kind = kind;
    this.pin = pin;
    this.anchors = anchors;
  }

  /**
   * Pins the KMS server certificate by its SHA-256 fingerprint: 64 hex digits, optionally
   * colon-separated, either case, optionally prefixed {@code sha256:} or {@code SHA-256 }.
   */
  public static TlsTrust pinned(String sha256Fingerprint) {
    String t = sha256Fingerprint.strip().toLowerCase(Locale.ROOT);
    for (String p : new String[] {"sha256:", "sha-256:", "sha-256 ", "sha256 "}) {
      if (t.startsWith(p)) {
        t = t.substring(p.length()).strip();
      }
    }
    t = t.replace(":", "");
    if (!t.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("a TLS pin is the SHA-256 fingerprint of the server certificate: 64 hex digits");
    }
    return new TlsTrust(Kind.PINNED, HexFormat.of().parseHex(t), List.of());
  }

  /** Pins by the 32 octets of a SHA-256 fingerprint. */
  public static TlsTrust pinned(byte[] sha256) {
    if (sha256.length != 32) {
      throw new IllegalArgumentException("a TLS pin has 32 octets, got " + sha256.length);
    }
    return new TlsTrust(Kind.PINNED, sha256.clone(), List.of());
  }

  /** PKIX validation against these anchors (at least one). */
  public static TlsTrust anchors(List<X509Certificate> anchors) {
    if (anchors.isEmpty()) {
      throw new IllegalArgumentException("at least one trust anchor is required");
    }
    return new TlsTrust(Kind.ANCHORS, null, List.copyOf(anchors));
  }

  /** Trust anchors from a PEM (or DER) file with one or more certificates. */
  public static TlsTrust pemFile(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return anchors(parseCertificates(in.readAllBytes()));
    } catch (CertificateException e) {
      throw new IOException(file + " holds no readable X.509 certificate: " + e.getMessage(), e);
    }
  }

  /** Trust anchors: every certificate entry of a PKCS#12 or JKS truststore. */
  public static TlsTrust truststore(Path file, char[] password) throws IOException {
    try {
      KeyStore ks = KeyStore.getInstance(file.toFile(), password); // detects PKCS#12 or JKS
      List<X509Certificate> out = new ArrayList<>();
      for (String alias : Collections.list(ks.aliases())) {
        if (ks.getCertificate(alias) instanceof X509Certificate) {
          out.add((X509Certificate) ks.getCertificate(alias));
        }
      }
      if (out.isEmpty()) {
        throw new IOException(file + " holds no certificate");
      }
      return anchors(out);
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot read the truststore " + file + ": " + e.getMessage(), e);
    }
  }

  static List<X509Certificate> parseCertificates(byte[] encoded) throws CertificateException {
    Collection<? extends Certificate> cs =
        CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(encoded));
    List<X509Certificate> out = new ArrayList<>();
    for (Certificate c : cs) {
      out.add((X509Certificate) c);
    }
    if (out.isEmpty()) {
      throw new CertificateException("no certificate found");
    }
    return out;
  }

  /** Reads anchors back from their DER encodings (as kept in a profile). */
  public static TlsTrust anchorsFromDer(List<byte[]> der) throws CertificateException {
    List<X509Certificate> out = new ArrayList<>();
    for (byte[] d : der) {
      out.addAll(parseCertificates(d));
    }
    return anchors(out);
  }

  public Kind kind() {
    return kind;
  }

  /** The pinned SHA-256 (32 octets), for {@link Kind#PINNED}. */
  public byte[] pin() {
    if (pin == null) {
      throw new IllegalStateException("not a pinned trust");
    }
    return pin.clone();
  }

  public List<X509Certificate> anchors() {
    return anchors;
  }

  /** SHA-256 of a certificate's DER encoding as colon-separated upper-case hex (the usual display). */
  public static String fingerprint(X509Certificate cert) {
    return HexFormat.ofDelimiter(":").withUpperCase().formatHex(sha256(cert));
  }

  private static byte[] sha256(X509Certificate cert) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An SSL context that accepts exactly what this trust describes. */
  public SSLContext sslContext() {
    return sslContext(Clock.systemUTC());
  }

  /**
   * As {@link #sslContext()}, with the pinned certificate's validity dates checked on {@code clock}
   * (the device clock the client runs on; PKIX anchors use the system clock).
   */
  public SSLContext sslContext(Clock clock) {
    try {
      TrustManager[] tms;
      if (kind == Kind.PINNED) {
        tms = new TrustManager[] {new PinnedTrustManager(pin, clock)};
      } else {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        int i = 0;
        for (X509Certificate c : anchors) {
          ks.setCertificateEntry("anchor-" + i++, c);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(ks);
        tms = tmf.getTrustManagers();
      }
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tms, null);
      return ctx;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return kind == Kind.PINNED
        ? "TLS pin SHA-256 " + HexFormat.ofDelimiter(":").withUpperCase().formatHex(pin)
        : "TLS trust anchors " + anchors.stream().map(c -> c.getSubjectX500Principal().getName()).toList();
  }

  /** Accepts a server whose leaf certificate has exactly the pinned SHA-256 and is within its dates. */
  static final class PinnedTrustManager extends X509ExtendedTrustManager {
    private final byte[] pin;
    private final Clock clock;

    PinnedTrustManager(byte[] pin, Clock clock) {
      this.pin = pin.clone();
      this.clock = clock;
    }

    private void check(X509Certificate[] chain) throws CertificateException {
      if (chain == null || chain.length == 0) {
        throw new CertificateException("the KMS sent no TLS certificate");
      }
      byte[] got = sha256(chain[0]);
      if (!MessageDigest.isEqual(got, pin)) {
        throw new CertificateException("the KMS TLS certificate (SHA-256 "
            + HexFormat.ofDelimiter(":").withUpperCase().formatHex(got) + ") is not the pinned one (SHA-256 "
            + HexFormat.ofDelimiter(":").withUpperCase().formatHex(pin) + ")");
      }
      chain[0].checkValidity(Date.from(clock.instant()));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
      check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
      check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      throw new CertificateException("client certificates are not accepted here");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
      throw new CertificateException("client certificates are not accepted here");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
      throw new CertificateException("client certificates are not accepted here");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}

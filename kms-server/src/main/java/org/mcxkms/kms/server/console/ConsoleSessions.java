package org.mcxkms.kms.server.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Console sessions, in memory: a random 256-bit session ID (kept only as its SHA-256, so the map
 * never holds a usable cookie) and a random CSRF token per session. A session ends after
 * {@link #IDLE} without a request, {@link #ABSOLUTE} after sign-in, or at sign-out; at most
 * {@link #MAX_SESSIONS} live at once (the oldest is dropped).
 */
final class ConsoleSessions {
  static final Duration IDLE = Duration.ofMinutes(15);
  static final Duration ABSOLUTE = Duration.ofHours(8);
  static final int MAX_SESSIONS = 64;

  /** One signed-in browser. {@code flash} is the message shown once on the next page. */
  static final class Session {
    private final String csrf;
    private final Instant created;
    private volatile Instant lastSeen;
    private volatile String flash;
    private volatile boolean flashIsError;

    private Session(String csrf, Instant created) {
      this.csrf = csrf;
      this.created = created;
      this.lastSeen = created;
    }

    String csrf() {
      return csrf;
    }

    /** Constant-time check of a submitted CSRF token. */
    boolean csrfMatches(String given) {
      return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.US_ASCII),
          csrf.getBytes(StandardCharsets.US_ASCII));
    }

    void flash(String message, boolean error) {
      this.flash = message;
      this.flashIsError = error;
    }

    /** The pending message (and whether it is an error), once. */
    Optional<Map.Entry<String, Boolean>> takeFlash() {
      String f = flash;
      flash = null;
      return f == null ? Optional.empty() : Optional.of(Map.entry(f, flashIsError));
    }

    @Override
    public String toString() {
      return "Session[created=" + created + "]";
    }
  }

  private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();
  private final SecureRandom random;
  private final Clock clock;

  ConsoleSessions(SecureRandom random, Clock clock) {
    this.random = random;
    this.clock = clock;
  }

  /** A new session; returns its ID (the cookie value), which is not kept. */
  String create() {
    Instant now = clock.instant();
    sessions.values().removeIf(s -> expired(s, now));
    while (sessions.size() >= MAX_SESSIONS) {
      sessions.entrySet().stream().min(Comparator.comparing(e -> e.getValue().created))
          .ifPresent(e -> sessions.remove(e.getKey()));
    }
    String id = token();
    sessions.put(hash(id), new Session(token(), now));
    return id;
  }

  /** The live session of this cookie value, its idle timer restarted. */
  Optional<Session> find(String id) {
    if (id == null || id.length() > 100) {
      return Optional.empty();
    }
    String key = hash(id);
    Session s = sessions.get(key);
    Instant now = clock.instant();
    if (s == null) {
      return Optional.empty();
    }
    if (expired(s, now)) {
      sessions.remove(key);
      return Optional.empty();
    }
    s.lastSeen = now;
    return Optional.of(s);
  }

  void end(String id) {
    if (id != null && id.length() <= 100) {
      sessions.remove(hash(id));
    }
  }

  private static boolean expired(Session s, Instant now) {
    return !now.isBefore(s.lastSeen.plus(IDLE)) || !now.isBefore(s.created.plus(ABSOLUTE));
  }

  private String token() {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static String hash(String id) {
    try {
      return Base64.getEncoder().encodeToString(
          MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing", e);
    }
  }
}

package org.mcxkms.kms.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Console sessions end when idle, at their absolute limit or at sign-out; CSRF tokens are per session. */
class ConsoleSessionsTest {
  /** A clock the test moves. */
  static final class Ticking extends Clock {
    Instant now = Instant.parse("2026-03-01T10:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  final Ticking clock = new Ticking();
  final ConsoleSessions sessions = new ConsoleSessions(new SecureRandom(), clock);

  @Test
  void anIdleSessionEnds() {
    String id = sessions.create();
    clock.now = clock.now.plus(ConsoleSessions.IDLE).minusSeconds(1);
    assertThat(sessions.find(id)).isPresent(); // restarts the idle timer
    clock.now = clock.now.plus(ConsoleSessions.IDLE).minusSeconds(1);
    assertThat(sessions.find(id)).isPresent();
    clock.now = clock.now.plus(ConsoleSessions.IDLE);
    assertThat(sessions.find(id)).isEmpty();
  }

  @Test
  void aBusySessionEndsAtItsAbsoluteLimit() {
    String id = sessions.create();
    Instant end = clock.now.plus(ConsoleSessions.ABSOLUTE);
    while (clock.now.isBefore(end.minus(Duration.ofMinutes(10)))) {
      assertThat(sessions.find(id)).isPresent();
      clock.now = clock.now.plus(Duration.ofMinutes(10));
    }
    clock.now = end;
    assertThat(sessions.find(id)).isEmpty();
  }

  @Test
  void signOutEndsTheSessionAndUnknownOrOversizedIdsFindNothing() {
    String id = sessions.create();
    sessions.end(id);
    assertThat(sessions.find(id)).isEmpty();
    assertThat(sessions.find(null)).isEmpty();
    assertThat(sessions.find("x".repeat(101))).isEmpty();
    assertThat(sessions.find(id.substring(1) + "A")).isEmpty();
  }

  @Test
  void csrfTokensDifferPerSessionAndOnlyTheSessionsOwnMatches() {
    ConsoleSessions.Session a = sessions.find(sessions.create()).orElseThrow();
    ConsoleSessions.Session b = sessions.find(sessions.create()).orElseThrow();
    assertThat(a.csrf()).isNotEqualTo(b.csrf()).hasSizeGreaterThanOrEqualTo(43);
    assertThat(a.csrfMatches(a.csrf())).isTrue();
    assertThat(a.csrfMatches(b.csrf())).isFalse();
    assertThat(a.csrfMatches(null)).isFalse();
    assertThat(a.csrfMatches("")).isFalse();
    assertThat(a.toString()).doesNotContain(a.csrf());
  }

  @Test
  void atMostSoManySessionsLiveAndTheOldestGoesFirst() {
    String first = sessions.create();
    clock.now = clock.now.plusSeconds(1);
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < ConsoleSessions.MAX_SESSIONS; i++) {
      ids.add(sessions.create());
    }
    assertThat(ids).hasSize(ConsoleSessions.MAX_SESSIONS);
    assertThat(sessions.find(first)).isEmpty();
    assertThat(ids).allMatch(id -> sessions.find(id).isPresent());
  }

  @Test
  void htmlEscapesMarkupInValues() {
    assertThat(new Html().raw("<td>").text("<script>alert('x')</script> & \"q\"").raw("</td>").toString())
        .isEqualTo("<td>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;</td>");
    assertThat(Html.url("sip:a b@x&y")).isEqualTo("sip%3Aa+b%40x%26y");
  }
}

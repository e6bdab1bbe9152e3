package org.mcxkms.cli.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.mcxkms.kms.client.HttpsTransport;
import org.mcxkms.kms.client.KmsClient;
import org.mcxkms.kms.client.RefreshScheduler;
import org.mcxkms.kms.client.RefreshStatus;
import org.mcxkms.kms.client.error.KmsClientException;
import org.mcxkms.kms.client.profile.KeyProfile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code client refresh}: one run of the refresh (init, then what is due), or with {@code --watch}
 * a run at every planned time, each reported as it happens: one line (one JSON object per line
 * with {@code --json}) per run, naming failures, recoveries, rotations and fetched periods. The exit
 * code is that of the last run (see {@link ClientCommand}).
 */
@Command(name = "refresh", mixinStandardHelpOptions = true,
    description = {"Run KMS Initialize (notices a rotated or revoked KMS certificate) and fetch what is due:",
        "the current key period and, within the lead time, the next one, for every identity the profile keeps.",
        "--watch keeps running and reports every run on one line as it happens."})
final class RefreshCommand extends ClientSubcommand {
  /** Waits until the next planned run; tests replace it to drive runs without waiting. */
  @FunctionalInterface
  interface Sleeper {
    void sleepUntil(Instant when, Clock clock) throws InterruptedException;
  }

  /** Sleeps in steps of at most a minute, so that a clock stepped forward wakes it on time. */
  static final Sleeper REAL_SLEEPER = (when, clock) -> {
    for (Duration d = Duration.between(clock.instant(), when); !d.isNegative() && !d.isZero();
        d = Duration.between(clock.instant(), when)) {
      Thread.sleep(Math.max(1, Math.min(60_000, d.toMillis())));
    }
  };

  @Mixin ProfileOptions profile;
  @Mixin TokenOptions token;

  @Option(names = "--lead", defaultValue = "PT24H", paramLabel = "DURATION",
      description = "Fetch the next period this long before it starts (ISO-8601, default ${DEFAULT-VALUE}).")
  Duration lead;

  @Option(names = "--watch", description = "Keep running, one report line per run (Ctrl-C to stop).")
  boolean watch;

  @Option(names = "--timeout", defaultValue = "PT30S", paramLabel = "DURATION",
      description = "Deadline for each whole exchange with the KMS, body included (default ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(names = "--max-interval", defaultValue = "PT6H", paramLabel = "DURATION",
      description = "With --watch, the longest time between two runs whatever the clocks say (default ${DEFAULT-VALUE}).")
  Duration maxInterval;

  private final Sleeper sleeper;

  RefreshCommand() {
    this(REAL_SLEEPER);
  }

  RefreshCommand(Sleeper sleeper) {
    this.sleeper = sleeper;
  }

  @Override
  ProfileOptions profileOptions() {
    return profile;
  }

  @Override
  Integer run() throws Exception {
    try (KeyProfile p = profile.open(err())) {
      KmsClient client = KmsClient.builder(p).tokenSource(token.source())
          .transport(HttpsTransport.create(p.settings().tls(), timeout, HttpsTransport.DEFAULT_MAX_RESPONSE_BYTES))
          .build();
      try (RefreshScheduler scheduler = RefreshScheduler.builder(client).leadTime(lead).maxInterval(maxInterval)
          .build()) {
        RefreshStatus s = scheduler.runOnce();
        if (!watch) {
          print(s);
          return exitCode(s);
        }
        int failuresBefore = 0;
        while (true) {
          printLine(s, failuresBefore);
          failuresBefore = s.consecutiveFailures();
          try {
            sleeper.sleepUntil(s.nextAttempt(), p.clock());
          } catch (InterruptedException e) {
            return exitCode(s);
          }
          s = scheduler.runOnce();
        }
      }
    }
  }

  static int exitCode(RefreshStatus s) {
    if (s.healthy()) {
      return 0;
    }
    return exitCode(s.lastProblem() == null ? KmsClientException.Problem.KMS_ERROR : s.lastProblem());
  }

  /** The full report of a single run. */
  void print(RefreshStatus s) {
    if (profile.json) {
      printJson(json(s, 0));
    } else {
      PrintWriter w = out();
      w.println(s.healthy() ? "Refresh done" : "Refresh FAILED (exit " + exitCode(s) + ", "
          + s.consecutiveFailures() + " in a row): " + s.lastErrorMessage().orElse(""));
      s.events().forEach(e -> w.println("  " + e));
      s.clockWarningMessage().ifPresent(c -> w.println("  WARNING " + c));
      s.heldPeriods().forEach((id, periods) -> w.println("  " + id + "  periods " + periods));
      w.println("  next attempt " + s.nextAttempt() + "  (KMS clock offset " + s.kmsClockOffset().toMillis() + " ms)");
      w.flush();
    }
  }

  /** One line per run for --watch: the outcome, what changed, a recovery, a clock warning. */
  void printLine(RefreshStatus s, int failuresBefore) {
    if (profile.json) {
      out().println(json(s, failuresBefore).toString());
      out().flush();
      return;
    }
    String at = s.lastAttemptTime().map(Instant::toString).orElse("-");
    StringBuilder b = new StringBuilder(at).append(' ');
    if (s.healthy()) {
      b.append(failuresBefore > 0 ? "refresh RECOVERED after " + failuresBefore + " failure(s)" : "refresh ok");
      s.events().forEach(e -> b.append("; ").append(e));
      b.append("; periods ").append(s.heldPeriods());
    } else {
      b.append("refresh FAILED (exit ").append(exitCode(s)).append(", ").append(s.consecutiveFailures())
          .append(" in a row): ").append(s.lastErrorMessage().orElse(""));
    }
    s.clockWarningMessage().ifPresent(c -> b.append("; WARNING ").append(c));
    b.append("; next ").append(s.nextAttempt());
    out().println(b);
    out().flush();
  }

  private ObjectNode json(RefreshStatus s, int failuresBefore) {
    ObjectNode o = JSON.createObjectNode().put("ok", s.healthy()).put("exit_code", exitCode(s));
    s.lastAttemptTime().ifPresent(t -> o.put("at", t.toString()));
    if (s.lastProblem() != null && !s.healthy()) {
      o.put("problem", s.lastProblem().name());
    }
    s.lastErrorMessage().ifPresent(e -> o.put("error", e));
    if (s.healthy() && failuresBefore > 0) {
      o.put("recovered_after_failures", failuresBefore);
    }
    s.events().forEach(o.putArray("events")::add);
    s.clockWarningMessage().ifPresent(c -> o.put("clock_warning", c));
    o.put("consecutive_failures", s.consecutiveFailures()).put("next_attempt", s.nextAttempt().toString())
        .put("kms_clock_offset_ms", s.kmsClockOffset().toMillis());
    ObjectNode held = o.putObject("held_periods");
    for (Map.Entry<String, List<Long>> e : s.heldPeriods().entrySet()) {
      e.getValue().forEach(held.putArray(e.getKey())::add);
    }
    return o;
  }
}

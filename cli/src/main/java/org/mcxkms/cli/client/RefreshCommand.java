package org.mcxkms.cli.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.mcxkms.kms.client.KmsClient;
import org.mcxkms.kms.client.RefreshScheduler;
import org.mcxkms.kms.client.RefreshStatus;
import org.mcxkms.kms.client.error.KmsClientException;
import org.mcxkms.kms.client.profile.KeyProfile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "refresh", mixinStandardHelpOptions = true,
    description = {"Fetch what is due: the current key period and, within the lead time, the next one,",
        "for every identity the profile keeps. --watch keeps running and refreshes at each planned time."})
final class RefreshCommand extends ClientSubcommand {
  @Mixin ProfileOptions profile;
  @Mixin TokenOptions token;

  @Option(names = "--lead", defaultValue = "PT24H", paramLabel = "DURATION",
      description = "Fetch the next period this long before it starts (ISO-8601, default ${DEFAULT-VALUE}).")
  Duration lead;

  @Option(names = "--watch", description = "Keep running (Ctrl-C to stop).")
  boolean watch;

  @Override
  ProfileOptions profileOptions() {
    return profile;
  }

  @Override
  Integer run() throws Exception {
    try (KeyProfile p = profile.open()) {
      KmsClient client = KmsClient.builder(p).tokenSource(token.source()).build();
      try (RefreshScheduler scheduler = RefreshScheduler.builder(client).leadTime(lead).build()) {
        RefreshStatus s = scheduler.runOnce();
        print(s);
        if (watch) {
          scheduler.start();
          Thread.currentThread().join();
        }
        return s.healthy() ? 0 : exitCode(s.lastProblem() == null ? KmsClientException.Problem.KMS_ERROR : s.lastProblem());
      }
    }
  }

  void print(RefreshStatus s) {
    if (profile.json) {
      ObjectNode o = JSON.createObjectNode().put("ok", s.healthy());
      s.lastErrorMessage().ifPresent(e -> o.put("error", e));
      o.put("consecutive_failures", s.consecutiveFailures()).put("next_attempt", s.nextAttempt().toString())
          .put("kms_clock_offset_ms", s.kmsClockOffset().toMillis());
      ObjectNode held = o.putObject("held_periods");
      for (Map.Entry<String, List<Long>> e : s.heldPeriods().entrySet()) {
        e.getValue().forEach(held.putArray(e.getKey())::add);
      }
      printJson(o);
    } else {
      PrintWriter w = out();
      w.println(s.healthy() ? "Refresh done" : "Refresh failed (" + s.consecutiveFailures() + " in a row): "
          + s.lastErrorMessage().orElse(""));
      s.heldPeriods().forEach((id, periods) -> w.println("  " + id + "  periods " + periods));
      w.println("  next attempt " + s.nextAttempt() + "  (KMS clock offset " + s.kmsClockOffset().toMillis() + " ms)");
      w.flush();
    }
  }
}

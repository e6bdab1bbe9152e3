package org.mcxkms.cli.client;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.mcxkms.kms.client.RefreshScheduler;
import org.mcxkms.kms.client.profile.KeyPeriodInfo;
import org.mcxkms.kms.client.profile.KeyProfile;
import org.mcxkms.kms.client.profile.ProfileSettings;
import org.mcxkms.kms.client.profile.ProtectionKeyInfo;
import org.mcxkms.kms.client.profile.RefreshRecord;
import org.mcxkms.kms.client.trust.CertificateFingerprint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Show the profile: KMS, pinned certificate, key periods held per identity, TrK/InK IDs, refresh state.")
final class StatusCommand extends ClientSubcommand {
  @Mixin ProfileOptions profile;

  @Override
  ProfileOptions profileOptions() {
    return profile;
  }

  @Override
  Integer run() throws Exception {
    try (KeyProfile p = profile.open(err())) {
      ProfileSettings s = p.settings();
      Instant now = Instant.now().plus(p.refreshRecord().clockOffset().orElse(Duration.ZERO));
      Optional<Long> current = p.certificate().map(c -> c.keyPeriodPolicy().periodNumber(now));
      RefreshRecord rr = p.refreshRecord();
      if (profile.json) {
        ObjectNode o = JSON.createObjectNode().put("ok", true).put("profile", p.directory().toString())
            .put("user", s.userUri()).put("kms_url", s.kmsUrl().toString()).put("tls", s.tls().toString());
        p.certificate().ifPresent(c -> o.set("certificate", Render.certificate(c)));
        current.ifPresent(c -> o.put("current_period", c));
        ArrayNode prev = o.putArray("previous_certificates");
        p.previousCertificates().forEach(c -> prev.add(CertificateFingerprint.of(c).toString()));
        ObjectNode ids = o.putObject("identities");
        for (String id : p.identities()) {
          ArrayNode a = ids.putArray(id);
          p.periods(id).forEach(k -> a.add(Render.period(k)));
        }
        p.certCacheNumber().ifPresent(n -> o.put("cert_cache_num", n));
        o.put("cert_cache_size", p.certCache().size());
        ArrayNode keys = o.putArray("protection_keys");
        for (ProtectionKeyInfo k : p.protectionKeys()) {
          keys.add(JSON.createObjectNode().put("kind", k.kind().shortName()).put("id", k.id()).put("current", k.current())
              .put("added_at", k.addedAt().toString()));
        }
        ObjectNode r = o.putObject("refresh");
        rr.lastSuccessTime().ifPresent(t -> r.put("last_success", t.toString()));
        rr.lastAttemptTime().ifPresent(t -> r.put("last_attempt", t.toString()));
        rr.lastErrorMessage().ifPresent(t -> r.put("last_error", t));
        r.put("consecutive_failures", rr.consecutiveFailures());
        rr.nextAttemptTime().ifPresent(t -> r.put("next_attempt", t.toString()));
        rr.clockOffset().ifPresent(d -> r.put("kms_clock_offset_ms", d.toMillis()));
        printJson(o);
      } else {
        PrintWriter w = out();
        w.println("Profile      " + p.directory() + "  (" + s.userUri() + ")");
        w.println("KMS          " + s.kmsUrl() + "  [" + s.tls() + "]");
        if (p.certificate().isEmpty()) {
          w.println("Certificate  none pinned yet: run 'client init'");
        } else {
          Render.describe(w, p.certificate().get());
          current.ifPresent(c -> w.println("  current key period " + c));
        }
        p.previousCertificates().forEach(c -> w.println("  previous     " + CertificateFingerprint.of(c)
            + " (kept for older key material)"));
        w.println("Key material");
        for (String id : p.identities()) {
          List<KeyPeriodInfo> periods = p.periods(id);
          w.println("  " + id + (periods.isEmpty() ? "  (none held)" : ""));
          for (KeyPeriodInfo k : periods) {
            String mark = current.isPresent() && k.period() == current.get() ? "  <- current"
                : current.isPresent() && k.period() == current.get() + 1 ? "  (next)" : "";
            w.println("    period " + k.period() + "  " + k.validFrom() + " .. " + k.validTo() + mark);
          }
        }
        w.println("Cert cache   " + p.certCacheNumber().map(n -> "CacheNum " + n + ", ").orElse("")
            + p.certCache().size() + " certificate(s)");
        if (p.protectionKeys().isEmpty()) {
          w.println("Security ext not in use (no TrK/InK)");
        } else {
          for (ProtectionKeyInfo k : p.protectionKeys()) {
            w.println("Security ext " + k.kind().shortName() + " " + k.id() + (k.current() ? " (current)" : " (previous)"));
          }
        }
        w.println("Refresh      last success " + rr.lastSuccessTime().map(Instant::toString).orElse("never")
            + ", next " + rr.nextAttemptTime().map(Instant::toString).orElse("-")
            + (rr.consecutiveFailures() > 0 ? ", " + rr.consecutiveFailures() + " failure(s): "
                + rr.lastErrorMessage().orElse("") : "")
            + rr.clockOffset().map(d -> ", KMS clock offset " + d.toMillis() + " ms").orElse(""));
        rr.clockOffset().filter(d -> d.abs().compareTo(RefreshScheduler.CLOCK_WARNING) > 0).ifPresent(d -> w.println(
            "WARNING      the last exchange found the device clock " + d.negated().toSeconds() + " s off the KMS clock;"
                + " the current period above follows the KMS clock; run 'client refresh' after correcting the clock"));
        w.flush();
      }
    }
    return 0;
  }
}

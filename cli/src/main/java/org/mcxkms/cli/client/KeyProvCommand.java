package org.mcxkms.cli.client;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.mcxkms.crypto.uid.NtpTime;
import org.mcxkms.kms.client.KmsClient;
import org.mcxkms.kms.client.ProvisionResult;
import org.mcxkms.kms.client.profile.KeyPeriodInfo;
import org.mcxkms.kms.client.profile.KeyProfile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "keyprov", mixinStandardHelpOptions = true,
    description = {"KMS KeyProvision: fetch, validate and store key material for the own identity,",
        "a granted identity (--identity), or the key period of a given time (--at)."})
final class KeyProvCommand extends ClientSubcommand {
  @Mixin ProfileOptions profile;
  @Mixin TokenOptions token;

  @Option(names = "--identity", paramLabel = "URI", description = "Identity to provision (default: the profile owner).")
  String identity;

  @Option(names = "--at", paramLabel = "TIME",
      description = "Key period containing this time: NTP-64 as 16 hex digits (a MIKEY T payload) or ISO-8601 (2026-03-01T12:00:00Z).")
  String at;

  @Override
  ProfileOptions profileOptions() {
    return profile;
  }

  @Override
  Integer run() throws Exception {
    try (KeyProfile p = profile.open(err())) {
      KmsClient client = KmsClient.builder(p).tokenSource(token.source()).build();
      String who = identity != null ? identity : p.settings().userUri();
      ProvisionResult r;
      if (at != null) {
        r = client.provisionAt(who, parseTime(at));
      } else if (identity == null) {
        r = client.provision();
      } else {
        r = client.provision(identity);
      }
      if (profile.json) {
        ObjectNode o = JSON.createObjectNode().put("ok", true).put("identity", r.identity());
        ArrayNode a = o.putArray("stored");
        r.stored().forEach(k -> a.add(Render.period(k)));
        r.revokedPeriods().forEach(o.putArray("revoked_periods")::add);
        o.put("signed", r.signed()).put("encrypted", r.encrypted());
        r.newProtectionKeys().forEach(o.putArray("new_protection_keys")::add);
        printJson(o);
      } else {
        PrintWriter w = out();
        w.println("Provisioned " + r.identity() + ": " + r.stored().size() + " key set(s) validated and stored"
            + (r.signed() ? ", response signed" : "") + (r.encrypted() ? ", keys encrypted under the TrK" : ""));
        for (KeyPeriodInfo k : r.stored()) {
          w.println("  period " + k.period() + "  " + k.validFrom() + " .. " + k.validTo() + "  UID " + k.uid().toHex());
        }
        r.revokedPeriods().forEach(n -> w.println("  period " + n + "  REVOKED by the KMS (removed)"));
        r.newProtectionKeys().forEach(k -> w.println("  installed new " + k));
        w.flush();
      }
    }
    return 0;
  }

  static NtpTime parseTime(String s) {
    String t = s.strip();
    if (t.matches("(0[xX])?[0-9A-Fa-f]{16}")) {
      return NtpTime.fromNtp64(Long.parseUnsignedLong(t.replaceFirst("^0[xX]", ""), 16));
    }
    try {
      return NtpTime.of(Instant.parse(t));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("--at takes 16 hex digits of NTP-64 or an ISO-8601 instant, not '" + s + "'");
    }
  }
}

package org.mcxkms.cli.client;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import org.mcxkms.crypto.uid.NtpTime;
import org.mcxkms.kms.client.KmsClient;
import org.mcxkms.kms.client.ProvisionResult;
import org.mcxkms.kms.client.error.KmsClientException;
import org.mcxkms.kms.client.profile.KeyPeriodInfo;
import org.mcxkms.kms.client.profile.KeyProfile;
import org.mcxkms.kms.client.profile.ProfileKey;
import org.mcxkms.kms.client.profile.ProfileSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "keyprov", mixinStandardHelpOptions = true,
    description = {"KMS KeyProvision: fetch, validate and store key material for the own identity,",
        "a granted identity (--identity), or the key period of a given time (--at);",
        "with --kms, from a Migration KMS the Home KMS listed (TS 33.180 5.3.1)."})
final class KeyProvCommand extends ClientSubcommand {
  @Mixin ProfileOptions profile;
  @Mixin TokenOptions token;

  @Option(names = "--identity", paramLabel = "URI", description = "Identity to provision (default: the profile owner).")
  String identity;

  @Option(names = "--at", paramLabel = "TIME",
      description = "Key period containing this time: NTP-64 as 16 hex digits (a MIKEY T payload) or ISO-8601 (2026-03-01T12:00:00Z).")
  String at;

  @Option(names = "--kms", paramLabel = "KMS_URI",
      description = {"Obtain the key material from this Migration KMS (listed in the last certificate cache;",
          "refused otherwise, before anything is sent). Its certificate and keys are kept in the profile",
          "directory under migration/; --token-file is then a token the Migration KMS accepts."})
  String migrationKms;

  @Override
  ProfileOptions profileOptions() {
    return profile;
  }

  @Override
  Integer run() throws Exception {
    if (migrationKms != null) {
      try (KeyProfile home = profile.open(err())) {
        ProfileSettings settings = KmsClient.migrationSettings(home, migrationKms);
        try (KeyProfile p = openMigrationProfile(migrationDirectory(profile.dir, migrationKms), settings)) {
          KmsClient client = KmsClient.builder(p).tokenSource(token.source()).build();
          client.init(); // pins the Migration KMS's certificate the first time, confirms it later
          return provision(client, p);
        }
      }
    }
    try (KeyProfile p = profile.open(err())) {
      KmsClient client = KmsClient.builder(p).tokenSource(token.source()).build();
      return provision(client, p);
    }
  }

  /** Where the profile for Migration KMS {@code kmsUri} lives: readable name plus a hash against collisions. */
  static Path migrationDirectory(Path home, String kmsUri) throws NoSuchAlgorithmException {
    String readable = kmsUri.replaceAll("[^A-Za-z0-9.-]", "_");
    byte[] h = MessageDigest.getInstance("SHA-256").digest(kmsUri.getBytes(StandardCharsets.UTF_8));
    return home.resolve("migration").resolve(readable.substring(0, Math.min(readable.length(), 64)) + "-"
        + HexFormat.of().formatHex(h, 0, 4));
  }

  private KeyProfile openMigrationProfile(Path dir, ProfileSettings settings) throws IOException, KmsClientException {
    ProfileKey k = profile.key(null);
    try {
      if (!KeyProfile.exists(dir)) {
        return KeyProfile.create(dir, k, settings, Clock.systemUTC(), profile.lockPolicy(err()));
      }
      KeyProfile p = KeyProfile.open(dir, k, Clock.systemUTC(), profile.lockPolicy(err()));
      if (!p.settings().kmsUrl().equals(settings.kmsUrl())) {
        p.close();
        throw new KmsClientException(KmsClientException.Problem.CONFIGURATION, "the Home KMS now lists "
            + settings.kmsUrl() + " for " + migrationKms + ", the profile in " + dir + " was made for "
            + p.settings().kmsUrl() + "; remove that directory to start again");
      }
      return p;
    } finally {
      k.destroy();
    }
  }

  private int provision(KmsClient client, KeyProfile p) throws Exception {
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
      ObjectNode o = JSON.createObjectNode().put("ok", true).put("identity", r.identity())
          .put("kms_uri", p.certificate().map(c -> c.kmsUri()).orElse(null));
      ArrayNode a = o.putArray("stored");
      r.stored().forEach(k -> a.add(Render.period(k)));
      r.revokedPeriods().forEach(o.putArray("revoked_periods")::add);
      o.put("signed", r.signed()).put("encrypted", r.encrypted());
      r.newProtectionKeys().forEach(o.putArray("new_protection_keys")::add);
      printJson(o);
    } else {
      PrintWriter w = out();
      w.println("Provisioned " + r.identity() + (migrationKms != null ? " from Migration KMS " + migrationKms : "") + ": "
          + r.stored().size() + " key set(s) validated and stored"
          + (r.signed() ? ", response signed" : "") + (r.encrypted() ? ", keys encrypted under the TrK" : ""));
      for (KeyPeriodInfo k : r.stored()) {
        w.println("  period " + k.period() + "  " + k.validFrom() + " .. " + k.validTo() + "  UID " + k.uid().toHex());
      }
      r.revokedPeriods().forEach(n -> w.println("  period " + n + "  REVOKED by the KMS (removed)"));
      r.newProtectionKeys().forEach(k -> w.println("  installed new " + k));
      w.flush();
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

package org.mcxkms.cli.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import org.mcxkms.kms.client.InitResult;
import org.mcxkms.kms.client.KmsClient;
import org.mcxkms.kms.client.RotationApproval;
import org.mcxkms.kms.client.profile.KeyProfile;
import org.mcxkms.kms.client.profile.ProfileKey;
import org.mcxkms.kms.client.profile.ProfileSettings;
import org.mcxkms.kms.client.trust.CertificateFingerprint;
import org.mcxkms.kms.protocol.security.ProtectionKey;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "init", mixinStandardHelpOptions = true,
    description = {"Create the profile if needed and run KMS Initialize: fetch and pin the KMS certificate,",
        "or confirm the pin, or accept a proper rotation."})
final class InitCommand extends ClientSubcommand {
  @Mixin ProfileOptions profile;
  @Mixin TokenOptions token;

  @Option(names = "--kms-url", paramLabel = "URL", description = "KMS base URL, e.g. https://kms.example.org:8443 (new profile).")
  String kmsUrl;

  @Option(names = "--user", paramLabel = "URI", description = "The profile owner's identity, e.g. sip:alice@example.org (new profile).")
  String user;

  @Option(names = "--kms-uri", paramLabel = "URI", description = "The KmsUri the KMS must present (optional; learnt at init otherwise).")
  String kmsUri;

  @Option(names = "--keep-past-periods", defaultValue = "1", paramLabel = "N", description = "Past key periods kept (default: ${DEFAULT-VALUE}).")
  int keepPast;

  @ArgGroup(exclusive = false) TrustOptions trust = new TrustOptions();
  @ArgGroup(exclusive = true) ApprovalOptions approval;
  @Mixin ProtectionKeyFiles keyFiles;

  @Option(names = "--argon2-memory-kib", defaultValue = "65536", paramLabel = "KIB", description = "Argon2id memory for a new profile (default: ${DEFAULT-VALUE}).")
  int argon2Memory;

  @Option(names = "--argon2-iterations", defaultValue = "3", paramLabel = "N", description = "Argon2id passes for a new profile (default: ${DEFAULT-VALUE}).")
  int argon2Iterations;

  @Override
  ProfileOptions profileOptions() {
    return profile;
  }

  @Override
  Integer run() throws Exception {
    boolean created = false;
    KeyProfile p;
    if (KeyProfile.exists(profile.dir)) {
      if (kmsUrl != null || user != null) {
        err().println("note: the profile exists; --kms-url/--user/TLS options are ignored (they are fixed at creation)");
      }
      p = profile.open(err());
    } else {
      if (kmsUrl == null || user == null) {
        throw new IllegalArgumentException("no profile in " + profile.dir + ": give --kms-url, --user and a TLS trust option to create one");
      }
      ProfileSettings settings = ProfileSettings.builder().kmsUrl(kmsUrl).userUri(user).kmsUri(kmsUri)
          .tls(trust.trust()).keepPastPeriods(keepPast).build();
      ProfileKey key = profile.key(new ProfileKey.Argon2Params(argon2Memory, argon2Iterations, 1));
      try {
        p = KeyProfile.create(profile.dir, key, settings, Clock.systemUTC(), profile.lockPolicy(err()));
      } finally {
        key.destroy();
      }
      created = true;
    }
    try (KeyProfile prof = p) {
      List<ProtectionKey> keys = keyFiles.keys();
      if (!keys.isEmpty()) {
        prof.importProtectionKeys(keys);
      }
      RotationApproval a = RotationApproval.none();
      if (approval != null && approval.rotation != null) {
        a = RotationApproval.rotationTo(CertificateFingerprint.parse(approval.rotation));
      } else if (approval != null && approval.replace != null) {
        a = RotationApproval.replacePin(CertificateFingerprint.parse(approval.replace));
      }
      InitResult r = KmsClient.builder(prof).tokenSource(token.source()).build().init(a);
      if (profile.json) {
        ObjectNode o = JSON.createObjectNode().put("ok", true).put("profile", profile.dir.toString())
            .put("created", created).put("outcome", r.outcome().name());
        o.set("certificate", Render.certificate(r.certificate()));
        r.previous().ifPresent(c -> o.put("previous", CertificateFingerprint.of(c).toString()));
        r.newProtectionKeys().forEach(o.putArray("new_protection_keys")::add);
        o.put("signed", r.signed());
        printJson(o);
      } else {
        PrintWriter w = out();
        if (created) {
          w.println("Created profile " + profile.dir + " for " + prof.settings().userUri());
        }
        switch (r.outcome()) {
          case PINNED:
            w.println("Pinned the KMS certificate of " + r.certificate().kmsUri());
            break;
          case UNCHANGED:
            w.println("The KMS presents the pinned certificate of " + r.certificate().kmsUri());
            break;
          case ROTATED:
            w.println("Accepted the rotation of the KMS certificate (previous " + r.previous().map(CertificateFingerprint::of).orElseThrow() + ")");
            break;
          default:
            w.println("Replaced the pinned KMS certificate (previous " + r.previous().map(CertificateFingerprint::of).orElseThrow() + ")");
        }
        Render.describe(w, r.certificate());
        if (r.signed()) {
          w.println("  security ext response signed with this client's " + (prof.protectionKeys().stream()
              .anyMatch(k -> k.kind() == ProtectionKey.Kind.INTEGRITY) ? "InK" : "TrK"));
        }
        r.newProtectionKeys().forEach(k -> w.println("  installed new " + k));
        w.flush();
      }
    }
    return 0;
  }
}

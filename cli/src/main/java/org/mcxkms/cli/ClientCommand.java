package org.mcxkms.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.crypto.SecretBytes;
import org.mcxkms.crypto.uid.KeyPeriodPolicy;
import org.mcxkms.crypto.uid.NtpTime;
import org.mcxkms.kms.client.CertCacheResult;
import org.mcxkms.kms.client.CertificateChangeException;
import org.mcxkms.kms.client.CertificateFingerprint;
import org.mcxkms.kms.client.InitResult;
import org.mcxkms.kms.client.KeyMaterialRejectedException;
import org.mcxkms.kms.client.KeyPeriodInfo;
import org.mcxkms.kms.client.KeyProfile;
import org.mcxkms.kms.client.KmsClient;
import org.mcxkms.kms.client.KmsClientException;
import org.mcxkms.kms.client.KmsErrorException;
import org.mcxkms.kms.client.ProfileException;
import org.mcxkms.kms.client.ProfileKey;
import org.mcxkms.kms.client.ProfileSettings;
import org.mcxkms.kms.client.ProtectionKeyInfo;
import org.mcxkms.kms.client.ProvisionResult;
import org.mcxkms.kms.client.RefreshRecord;
import org.mcxkms.kms.client.RefreshScheduler;
import org.mcxkms.kms.client.RefreshStatus;
import org.mcxkms.kms.client.RotationApproval;
import org.mcxkms.kms.client.TlsTrust;
import org.mcxkms.kms.client.TokenSource;
import org.mcxkms.kms.protocol.KmsCertificate;
import org.mcxkms.kms.protocol.security.ProtectionKey;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code mcx-kms client ...}: the key management client (kms-client) on a profile directory, for
 * operators and tests: create a profile and pin the KMS certificate, provision key material,
 * fetch the certificate cache, show the status, import TrK/InK, run the refresh.
 *
 * <p>Exit codes: 0 done; 2 usage or configuration; 3 profile (wrong passphrase, damaged file);
 * 4 TLS or network; 5 token, authentication or authorisation; 6 the KMS answered with an error or
 * an unacceptable document; 7 refused on security grounds (key material, certificate, signature).
 */
@Command(name = "client", mixinStandardHelpOptions = true,
    description = {"Key management client (TS 33.180 Annex D) on a profile directory.",
        "The profile is sealed with a passphrase (MCX_KMS_PROFILE_PASSPHRASE, --passphrase-file, or asked)",
        "or a PKCS#12 keystore key (--keystore)."},
    subcommands = {ClientCommand.Init.class, ClientCommand.KeyProv.class, ClientCommand.CertCache.class,
        ClientCommand.Status.class, ClientCommand.ImportKeys.class, ClientCommand.Refresh.class})
public final class ClientCommand implements Runnable {
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  // ------------------------------------------------------------------ shared options

  /** The profile directory, how to unseal it, and the output mode. */
  static final class ProfileOptions {
    @Option(names = "--profile", required = true, paramLabel = "DIR", description = "Profile directory.")
    Path dir;

    @CommandLine.Mixin ProfileUnsealOptions unseal = new ProfileUnsealOptions();

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    ProfileKey key(ProfileKey.Argon2Params params) throws IOException {
      return unseal.key(params);
    }

    KeyProfile open() throws IOException, ProfileException {
      ProfileKey k = key(null);
      try {
        return KeyProfile.open(dir, k);
      } finally {
        k.destroy();
      }
    }
  }

  /** A secret from the first line of {@code file}, else the environment variable {@code env}, else the terminal. */
  public static char[] secret(Path file, String env, String prompt) throws IOException {
    if (file != null) {
      String s = Files.readString(file, StandardCharsets.UTF_8);
      int nl = s.indexOf('\n');
      return (nl < 0 ? s : s.substring(0, nl)).replace("\r", "").toCharArray();
    }
    String v = System.getenv(env);
    if (v != null && !v.isEmpty()) {
      return v.toCharArray();
    }
    Console console = System.console();
    if (console == null) {
      throw new IOException("no secret given: use " + env + " or a file option (no terminal to ask on)");
    }
    char[] c = console.readPassword(prompt);
    if (c == null || c.length == 0) {
      throw new IOException("no secret given");
    }
    return c;
  }

  /** Where the access token comes from. */
  static final class TokenOptions {
    @Option(names = "--token-file", paramLabel = "FILE",
        description = "File holding the access token, read before every request (default: MCX_KMS_TOKEN).")
    Path tokenFile;

    @Option(names = "--token", paramLabel = "JWT", description = "The access token itself (visible to other local users; prefer a file).")
    String token;

    TokenSource source() {
      if (tokenFile != null) {
        return TokenSource.file(tokenFile);
      }
      if (token != null) {
        return TokenSource.of(token);
      }
      String env = System.getenv("MCX_KMS_TOKEN");
      if (env != null && !env.isBlank()) {
        return TokenSource.of(env);
      }
      return () -> {
        throw new IOException("no access token: give --token-file FILE or set MCX_KMS_TOKEN");
      };
    }
  }

  /** Base of the subcommands: typed failures become a message on stderr and an exit code. */
  abstract static class Base implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    PrintWriter out() {
      return spec.commandLine().getOut();
    }

    PrintWriter err() {
      return spec.commandLine().getErr();
    }

    abstract ProfileOptions profileOptions();

    abstract Integer run() throws Exception;

    @Override
    public final Integer call() {
      try {
        return run();
      } catch (KmsClientException e) {
        report(e);
        return exitCode(e.problem());
      } catch (IOException | IllegalArgumentException e) {
        err().println("mcx-kms client: " + e.getMessage());
        err().flush();
        return 2;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return 0;
      } catch (Exception e) {
        err().println("mcx-kms client: unexpected failure: " + e);
        err().flush();
        return 1;
      }
    }

    private void report(KmsClientException e) {
      if (profileOptions().json) {
        ObjectNode o = JSON.createObjectNode().put("ok", false).put("problem", e.problem().name())
            .put("message", e.getMessage());
        if (e instanceof ProfileException) {
          o.put("reason", ((ProfileException) e).reason().name());
        }
        if (e instanceof KeyMaterialRejectedException) {
          KeyMaterialRejectedException k = (KeyMaterialRejectedException) e;
          o.put("identity", k.identity()).put("period", k.period()).put("check", k.check().name());
        }
        if (e instanceof CertificateChangeException) {
          CertificateChangeException c = (CertificateChangeException) e;
          o.put("pinned", c.pinned().toString()).put("offered", c.offered().toString());
          c.unmet().forEach(o.putArray("unmet")::add);
        }
        if (e instanceof KmsErrorException) {
          KmsErrorException k = (KmsErrorException) e;
          o.put("http_status", k.httpStatus());
          k.kmsError().ifPresent(x -> o.put("kms_error_code", x.code()).put("kms_error_message", x.message()));
        }
        printJson(o);
      } else {
        err().println("mcx-kms client: " + e.getMessage());
        if (e instanceof CertificateChangeException) {
          CertificateChangeException c = (CertificateChangeException) e;
          err().println("  pinned:  " + c.pinned());
          err().println("  offered: " + c.offered());
          c.unmet().forEach(u -> err().println("  - " + u));
        }
        err().flush();
      }
    }

    void printJson(Object node) {
      try {
        out().println(JSON.writeValueAsString(node));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      out().flush();
    }
  }

  static int exitCode(KmsClientException.Problem p) {
    switch (p) {
      case CONFIGURATION:
        return 2;
      case PROFILE:
        return 3;
      case TLS:
      case NETWORK:
        return 4;
      case TOKEN:
      case AUTHENTICATION:
      case FORBIDDEN:
        return 5;
      case KMS_ERROR:
      case PROTOCOL:
        return 6;
      default:
        return 7;
    }
  }

  // ------------------------------------------------------------------ init

  /** TLS trust options for a new profile (exactly one). */
  static final class TrustOptions {
    @Option(names = "--tls-fingerprint", paramLabel = "SHA256",
        description = "Pin the KMS's TLS certificate by its SHA-256 fingerprint (as 'serve' prints it).")
    String fingerprint;

    @Option(names = "--tls-cert", paramLabel = "PEM", description = "Trust this certificate or CA (PKIX, host name checked).")
    Path pem;

    @Option(names = "--truststore", paramLabel = "FILE", description = "Trust the certificates of this PKCS#12/JKS truststore.")
    Path truststore;

    @Option(names = "--truststore-password-file", paramLabel = "FILE", description = "Its password (first line).")
    Path truststorePassword;

    TlsTrust trust() throws IOException {
      int given = (fingerprint != null ? 1 : 0) + (pem != null ? 1 : 0) + (truststore != null ? 1 : 0);
      if (given != 1) {
        throw new IllegalArgumentException("give exactly one of --tls-fingerprint, --tls-cert, --truststore");
      }
      if (fingerprint != null) {
        return TlsTrust.pinned(fingerprint);
      }
      if (pem != null) {
        return TlsTrust.pemFile(pem);
      }
      char[] pw = truststorePassword == null ? new char[0] : secret(truststorePassword, "", "");
      return TlsTrust.truststore(truststore, pw);
    }
  }

  static final class Approval {
    @Option(names = "--accept-rotation", paramLabel = "FINGERPRINT",
        description = "Approve a rotation to the KMS certificate with this fingerprint (other rotation conditions still apply).")
    String rotation;

    @Option(names = "--replace-pin", paramLabel = "FINGERPRINT",
        description = "Replace the pinned KMS certificate with this one although it is no rotation (rebuilt domain). Drops held keys.")
    String replace;
  }

  @Command(name = "init", mixinStandardHelpOptions = true,
      description = {"Create the profile if needed and run KMS Initialize: fetch and pin the KMS certificate,",
          "or confirm the pin, or accept a proper rotation."})
  static final class Init extends Base {
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
    @ArgGroup(exclusive = true) Approval approval;
    @Mixin KeyFiles keyFiles;

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
        p = profile.open();
      } else {
        if (kmsUrl == null || user == null) {
          throw new IllegalArgumentException("no profile in " + profile.dir + ": give --kms-url, --user and a TLS trust option to create one");
        }
        ProfileSettings settings = ProfileSettings.builder().kmsUrl(kmsUrl).userUri(user).kmsUri(kmsUri)
            .tls(trust.trust()).keepPastPeriods(keepPast).build();
        ProfileKey key = profile.key(new ProfileKey.Argon2Params(argon2Memory, argon2Iterations, 1));
        try {
          p = KeyProfile.create(profile.dir, key, settings);
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
          o.set("certificate", certificate(r.certificate()));
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
          describe(w, r.certificate());
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

  // ------------------------------------------------------------------ keyprov

  @Command(name = "keyprov", mixinStandardHelpOptions = true,
      description = {"KMS KeyProvision: fetch, validate and store key material for the own identity,",
          "a granted identity (--identity), or the key period of a given time (--at)."})
  static final class KeyProv extends Base {
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
      try (KeyProfile p = profile.open()) {
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
          r.stored().forEach(k -> a.add(period(k)));
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

  // ------------------------------------------------------------------ certcache

  @Command(name = "certcache", mixinStandardHelpOptions = true,
      description = "KMS CertCache: fetch the KMS certificates for inter-domain use (certcache/<n> with the held number).")
  static final class CertCache extends Base {
    @Mixin ProfileOptions profile;
    @Mixin TokenOptions token;

    @Option(names = "--full", description = "Ask for the whole cache even if one is held.")
    boolean full;

    @Override
    ProfileOptions profileOptions() {
      return profile;
    }

    @Override
    Integer run() throws Exception {
      try (KeyProfile p = profile.open()) {
        CertCacheResult r = KmsClient.builder(p).tokenSource(token.source()).build().fetchCertCache(full);
        if (profile.json) {
          ObjectNode o = JSON.createObjectNode().put("ok", true).put("changed", r.changed());
          r.cacheNum().ifPresent(n -> o.put("cache_num", n));
          ArrayNode a = o.putArray("certificates");
          r.certificates().forEach(c -> a.add(certificate(c)));
          printJson(o);
        } else {
          PrintWriter w = out();
          w.println("Certificate cache " + r.cacheNum().map(String::valueOf).orElse("(no number)") + ": "
              + r.certificates().size() + " certificate(s)" + (r.changed() ? "" : ", unchanged"));
          for (KmsCertificate c : r.certificates()) {
            w.println("  " + c.role().map(KmsCertificate.Role::xmlValue).orElse("-") + "  " + c.kmsUri() + "  "
                + CertificateFingerprint.of(c) + (c.revoked() ? "  REVOKED" : ""));
          }
          w.flush();
        }
      }
      return 0;
    }
  }

  // ------------------------------------------------------------------ status

  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "Show the profile: KMS, pinned certificate, key periods held per identity, TrK/InK IDs, refresh state.")
  static final class Status extends Base {
    @Mixin ProfileOptions profile;

    @Override
    ProfileOptions profileOptions() {
      return profile;
    }

    @Override
    Integer run() throws Exception {
      try (KeyProfile p = profile.open()) {
        ProfileSettings s = p.settings();
        Instant now = Instant.now().plus(p.refreshRecord().clockOffset().orElse(Duration.ZERO));
        Optional<Long> current = p.certificate().map(c -> c.keyPeriodPolicy().periodNumber(now));
        RefreshRecord rr = p.refreshRecord();
        if (profile.json) {
          ObjectNode o = JSON.createObjectNode().put("ok", true).put("profile", p.directory().toString())
              .put("user", s.userUri()).put("kms_url", s.kmsUrl().toString()).put("tls", s.tls().toString());
          p.certificate().ifPresent(c -> o.set("certificate", certificate(c)));
          current.ifPresent(c -> o.put("current_period", c));
          ArrayNode prev = o.putArray("previous_certificates");
          p.previousCertificates().forEach(c -> prev.add(CertificateFingerprint.of(c).toString()));
          ObjectNode ids = o.putObject("identities");
          for (String id : p.identities()) {
            ArrayNode a = ids.putArray(id);
            p.periods(id).forEach(k -> a.add(period(k)));
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
            describe(w, p.certificate().get());
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
          w.flush();
        }
      }
      return 0;
    }
  }

  // ------------------------------------------------------------------ import-keys

  /** TrK/InK received out of band: an ID and a file of 64 hex digits each. */
  static final class KeyFiles {
    @Option(names = "--trk-id", paramLabel = "ID", description = "ID of the TrK received out of band.") String trkId;
    @Option(names = "--trk-file", paramLabel = "FILE", description = "File with the TrK (64 hex digits).") Path trkFile;
    @Option(names = "--ink-id", paramLabel = "ID", description = "ID of the InK received out of band.") String inkId;
    @Option(names = "--ink-file", paramLabel = "FILE", description = "File with the InK (64 hex digits).") Path inkFile;

    List<ProtectionKey> keys() throws IOException {
      if ((trkId == null) != (trkFile == null) || (inkId == null) != (inkFile == null)) {
        throw new IllegalArgumentException("give --trk-id with --trk-file and --ink-id with --ink-file");
      }
      List<ProtectionKey> keys = new ArrayList<>();
      if (trkId != null) {
        keys.add(ProtectionKey.transport(trkId, keyFile(trkFile)));
      }
      if (inkId != null) {
        keys.add(ProtectionKey.integrity(inkId, keyFile(inkFile)));
      }
      return keys;
    }

    static SecretBytes keyFile(Path f) throws IOException {
      String hex = Files.readString(f, StandardCharsets.US_ASCII).strip();
      if (!hex.matches("[0-9A-Fa-f]{64}")) {
        throw new IllegalArgumentException(f + " must hold a 256-bit key as 64 hex digits");
      }
      byte[] b = HexFormat.of().parseHex(hex);
      try {
        return SecretBytes.copyOf(b, SecretAccess.get());
      } finally {
        Arrays.fill(b, (byte) 0);
      }
    }
  }

  @Command(name = "import-keys", mixinStandardHelpOptions = true,
      description = {"Provision the security extension's TrK and/or InK received out of band (TS 33.180 D.1).",
          "Key files hold 64 hex digits (256 bits). From then on requests name the TrK and are signed,",
          "and responses must be signed and key material encrypted."})
  static final class ImportKeys extends Base {
    @Mixin ProfileOptions profile;
    @Mixin KeyFiles keyFiles;

    @Override
    ProfileOptions profileOptions() {
      return profile;
    }

    @Override
    Integer run() throws Exception {
      List<ProtectionKey> keys = keyFiles.keys();
      if (keys.isEmpty()) {
        throw new IllegalArgumentException("nothing to import: give --trk-id/--trk-file and/or --ink-id/--ink-file");
      }
      try (KeyProfile p = profile.open()) {
        p.importProtectionKeys(keys);
        if (profile.json) {
          ObjectNode o = JSON.createObjectNode().put("ok", true);
          ArrayNode a = o.putArray("imported");
          keys.forEach(k -> a.add(k.kind().shortName() + " " + k.id()));
          printJson(o);
        } else {
          keys.forEach(k -> out().println("Imported " + k.kind().shortName() + " " + k.id()));
          out().flush();
        }
      }
      return 0;
    }
  }

  // ------------------------------------------------------------------ refresh

  @Command(name = "refresh", mixinStandardHelpOptions = true,
      description = {"Fetch what is due: the current key period and, within the lead time, the next one,",
          "for every identity the profile keeps. --watch keeps running and refreshes at each planned time."})
  static final class Refresh extends Base {
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

  // ------------------------------------------------------------------ rendering

  static ObjectNode certificate(KmsCertificate c) {
    ObjectNode o = JSON.createObjectNode().put("fingerprint", CertificateFingerprint.of(c).toString())
        .put("kms_uri", c.kmsUri());
    c.role().ifPresent(r -> o.put("role", r.xmlValue()));
    c.certUri().ifPresent(u -> o.put("cert_uri", u));
    c.issuer().ifPresent(u -> o.put("issuer", u));
    c.validFrom().ifPresent(t -> o.put("valid_from", t.toString()));
    c.validTo().ifPresent(t -> o.put("valid_to", t.toString()));
    o.put("revoked", c.revoked()).put("user_id_format", c.userIdFormat()).put("user_key_period", c.userKeyPeriod())
        .put("user_key_offset", c.userKeyOffset()).put("pub_auth_key", HexFormat.of().formatHex(c.pubAuthKey()))
        .put("pub_enc_key", HexFormat.of().formatHex(c.pubEncKey()));
    return o;
  }

  static ObjectNode period(KeyPeriodInfo k) {
    return JSON.createObjectNode().put("identity", k.identity()).put("period", k.period())
        .put("valid_from", k.validFrom().toString()).put("valid_to", k.validTo().toString())
        .put("uid", k.uid().toHex()).put("certificate", k.certificate().toString())
        .put("fetched_at", k.fetchedAt().toString());
  }

  static void describe(PrintWriter w, KmsCertificate c) {
    KeyPeriodPolicy p = c.keyPeriodPolicy();
    w.println("  KmsUri       " + c.kmsUri() + c.certUri().map(u -> "  (CertUri " + u + ")").orElse(""));
    w.println("  fingerprint  " + CertificateFingerprint.of(c));
    w.println("  key periods  " + p.periodSeconds() + " s, offset " + p.offsetSeconds() + " s");
    w.println("  valid        " + c.validFrom().map(Instant::toString).orElse("-") + " .. "
        + c.validTo().map(Instant::toString).orElse("-") + (c.revoked() ? "  REVOKED" : ""));
  }
}

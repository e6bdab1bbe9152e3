package org.mcxkms.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLContext;
import org.mcxkms.kms.client.trust.CertificateFingerprint;
import org.mcxkms.kms.server.config.ConfigException;
import org.mcxkms.kms.server.config.KmsConfig;
import org.mcxkms.kms.server.config.SecureFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/**
 * {@code mcx-kms admin ...}: the admin API from the command line. By default it finds the admin
 * URL, token and TLS certificate in the data directory of a local {@code serve}.
 */
@Command(name = "admin", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT,
    description = "Administer a running KMS through its admin API (users, server entities, grants, revocation, certificates).",
    subcommands = {
        AdminCommand.AddUser.class, AdminCommand.AddServer.class, AdminCommand.ListIdentities.class,
        AdminCommand.Show.class, AdminCommand.Disable.class, AdminCommand.Enable.class, AdminCommand.Revoke.class,
        AdminCommand.Grant.class, AdminCommand.Ungrant.class, AdminCommand.Domain.class,
        AdminCommand.Rotate.class, AdminCommand.RotateKek.class, AdminCommand.Audit.class, AdminCommand.Token.class,
        AdminCommand.AddKey.class, AdminCommand.Keys.class, AdminCommand.RemoveKey.class,
        AdminKeyPolicy.Rotate.class, AdminKeyPolicy.Require.class, AdminExternalKms.class, AdminMigrationKms.class,
        AdminCommand.Redirects.class, AdminBackup.Backup.class, AdminBackup.Restore.class})
final class AdminCommand implements Runnable {
  static final ObjectMapper JSON = new ObjectMapper();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Where the admin API is and how to trust and authenticate to it. */
  static final class Connection {
    @Option(names = "--config", paramLabel = "FILE", description = "The server's properties file (to find its data directory).")
    Path config;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "The server's data directory (default: as serve).")
    Path dataDir;

    @Option(names = "--url", paramLabel = "URL", description = "Admin API base URL (default: DATA_DIR/admin.url).")
    URI url;

    @Option(names = "--token-file", paramLabel = "FILE", description = "Admin token (default: DATA_DIR/admin.token).")
    Path tokenFile;

    @Option(names = "--fingerprint", paramLabel = "SHA256", description = "Pin the server certificate's SHA-256 fingerprint.")
    String fingerprint;

    @Option(names = "--cacert", paramLabel = "PEM", description = "Trust this certificate or CA (default: DATA_DIR/tls/server.crt.pem).")
    Path caCert;

    AdminClient client() throws Exception {
      Path data = dataDir != null ? dataDir : KmsConfig.load(config, System.getenv()).dataDir();
      URI base = url;
      if (base == null) {
        Path f = data.resolve("admin.url");
        if (!Files.exists(f)) {
          throw new ConfigException("no " + f + ": is './mcx-kms serve' running with this data directory? (or give --url)");
        }
        base = URI.create(Files.readString(f).trim());
      }
      if (!base.toString().endsWith("/")) {
        base = URI.create(base + "/");
      }
      Path tf = tokenFile != null ? tokenFile : data.resolve("admin.token");
      String token = Files.readString(tf).trim();
      SSLContext ssl;
      if (fingerprint != null) {
        ssl = AdminClient.pinning(fingerprint);
      } else {
        Path pem = caCert != null ? caCert : data.resolve("tls").resolve("server.crt.pem");
        ssl = AdminClient.trusting(pem);
      }
      return new AdminClient(base, token, ssl);
    }
  }

  /** Common behaviour: call, print the JSON answer (or the error) and set the exit code. */
  abstract static class Op implements Callable<Integer> {
    @Mixin Connection connection = new Connection();

    abstract HttpResponse<String> send(AdminClient c) throws Exception;

    /** What to print for a success; the JSON by default. */
    String render(JsonNode body) throws IOException {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(body);
    }

    /** The exit code of a success; 0 unless the answer itself reports a problem. */
    int exitCode(JsonNode body) {
      return 0;
    }

    @Override
    public Integer call() {
      try {
        HttpResponse<String> r = send(connection.client());
        JsonNode body = JSON.readTree(r.body());
        if (r.statusCode() != 200) {
          System.err.println("mcx-kms admin: " + r.statusCode() + " " + (body.has("error") ? body.get("error").asText() : r.body()));
          return 1;
        }
        System.out.println(render(body));
        return exitCode(body);
      } catch (ConfigException e) {
        System.err.println("mcx-kms admin: " + e.getMessage());
        return 2;
      } catch (javax.net.ssl.SSLHandshakeException e) {
        System.err.println("mcx-kms admin: TLS: the server certificate is not trusted (" + e.getMessage() + ")");
        return 1;
      } catch (Exception e) {
        System.err.println("mcx-kms admin: " + e);
        return 1;
      }
    }

    static String body(String... kv) throws IOException {
      ObjectNode o = JSON.createObjectNode();
      for (int i = 0; i < kv.length; i += 2) {
        o.put(kv[i], kv[i + 1]);
      }
      return JSON.writeValueAsString(o);
    }
  }

  @Command(name = "add-user", description = "Register an MC user (MC service ID).")
  static final class AddUser extends Op {
    @Parameters(paramLabel = "URI") String uri;

    HttpResponse<String> send(AdminClient c) throws Exception {
      return c.call("POST", "identities", body("uri", uri, "kind", "user"));
    }
  }

  @Command(name = "add-server", description = "Register a server entity (MCPTT/MCX server, GMS).")
  static final class AddServer extends Op {
    @Parameters(paramLabel = "URI") String uri;

    HttpResponse<String> send(AdminClient c) throws Exception {
      return c.call("POST", "identities", body("uri", uri, "kind", "server"));
    }
  }

  @Command(name = "list", description = "List identities.")
  static final class ListIdentities extends Op {
    HttpResponse<String> send(AdminClient c) throws Exception {
      return c.call("GET", "identities", null);
    }
  }

  @Command(name = "show", description = "Show one identity (and its grants).")
  static final class Show extends Op {
    @Parameters(paramLabel = "URI") String uri;

    HttpResponse<String> send(AdminClient c) throws Exception {
      return c.call("GET", "identity?uri=" + URLEncoder.encode(uri, StandardCharsets.UTF_8), null);
    }
  }

  @Command(name = "disable", description = "Disable an identity (no keys until enabled again).")
  static final class Disable extends Op {
    @Parameters(paramLabel = "URI") String uri;

    HttpResponse<String> send(AdminClient c) throws Exception {
      return c.call("POST", "identities/disable", body("uri", uri));
    }
  }

  @Command(name = "enable", description = "Enable an identity; after a revocation only later key periods are issued.")
  static final class Enable extends Op {
    @Parameters(paramLabel = "URI") String uri;

    HttpResponse<String> send(AdminClient c) throws Exception {
      return c.call("POST", "identities/enable", body("uri", uri));
    }
  }

  @Command(name = "revoke", description = "Revoke an identity at once: its key sets up to the last period handed out are revoked for good.")
  static final class Revoke extends Op {
    @Parameters(paramLabel = "URI") String uri;

    HttpResponse<String> send(AdminClient c) throws Exception {
      return c.call("POST", "identities/revoke", body("uri", uri));
    }
  }

  @Command(name = "grant", description = "Allow a server entity to obtain keys of TARGET.")
  static final class Grant extends Op {
    @Parameters(index = "0", paramLabel = "SERVER") String server;
    @Parameters(index = "1", paramLabel = "TARGET") String target;

    HttpResponse<String> send(AdminClient c) throws Exception {
      return c.call("POST", "grants", body("server", server, "target", target));
    }
  }

  @Command(name = "ungrant", description = "Withdraw a grant.")
  static final class Ungrant extends Op {
    @Parameters(index = "0", paramLabel = "SERVER") String server;
    @Parameters(index = "1", paramLabel = "TARGET") String target;

    HttpResponse<String> send(AdminClient c) throws Exception {
      return c.call("POST", "grants/remove", body("server", server, "target", target));
    }
  }

  @Command(name = "add-key", description = {"Generate a TrK or InK for an identity (TS 33.180 D.1 security extension).",
      "The key is handed out once, for provisioning into the client; the KMS keeps it sealed.",
      "With --out it goes to a new file of mode 0600 and never to the terminal."})
  static final class AddKey extends Op {
    @Parameters(paramLabel = "URI") String uri;
    @Option(names = "--kind", required = true, paramLabel = "trk|ink") String kind;
    @Option(names = "--id", paramLabel = "KEY_ID", description = "Key ID (default: generated).") String id;
    @Option(names = "--out", paramLabel = "FILE",
        description = "Write the key (64 hex digits) to this new file, mode 0600, instead of printing it.")
    Path out;

    HttpResponse<String> send(AdminClient c) throws Exception {
      if (out != null && Files.exists(out)) {
        throw new ConfigException(out + " exists: refusing to overwrite a key file");
      }
      ObjectNode o = JSON.createObjectNode().put("uri", uri).put("kind", kind);
      if (id != null) {
        o.put("key_id", id);
      }
      return c.call("POST", "keys", JSON.writeValueAsString(o));
    }

    @Override
    String render(JsonNode body) throws IOException {
      if (out != null && body.has("key_hex")) {
        SecureFiles.createSecret(out, (body.get("key_hex").asText() + "\n").getBytes(StandardCharsets.US_ASCII));
        ((ObjectNode) body).remove("key_hex");
        ((ObjectNode) body).put("key_file", out.toString());
      }
      return super.render(body);
    }
  }

  @Command(name = "keys", description = "List the TrK/InK IDs of an identity.")
  static final class Keys extends Op {
    @Parameters(paramLabel = "URI") String uri;

    HttpResponse<String> send(AdminClient c) throws Exception {
      return c.call("GET", "keys?uri=" + URLEncoder.encode(uri, StandardCharsets.UTF_8), null);
    }
  }

  @Command(name = "remove-key", description = "Remove a TrK or InK.")
  static final class RemoveKey extends Op {
    @Parameters(paramLabel = "KEY_ID") String keyId;

    HttpResponse<String> send(AdminClient c) throws Exception {
      return c.call("POST", "keys/remove", body("key_id", keyId));
    }
  }

  @Command(name = "domain", description = "Show the security domain and its certificates (with the sha256 fingerprint clients confirm).")
  static final class Domain extends Op {
    HttpResponse<String> send(AdminClient c) throws Exception {
      return c.call("GET", "domain", null);
    }

    @Override
    String render(JsonNode body) throws IOException {
      for (JsonNode c : body.path("certificates")) {
        if (c instanceof ObjectNode o) {
          o.put("fingerprint", fingerprint(body, c));
        }
      }
      return super.render(body);
    }
  }

  /** The fingerprint a key management client shows and asks to confirm for certificate {@code c} of {@code domain}. */
  static String fingerprint(JsonNode domain, JsonNode c) {
    return CertificateFingerprint.of(domain.get("kms_uri").asText(), "2", domain.get("user_key_period").asLong(),
        domain.get("user_key_offset").asLong(), HexFormat.of().parseHex(c.get("pub_enc_key").asText()),
        HexFormat.of().parseHex(c.get("pub_auth_key").asText())).toString();
  }

  @Command(name = "rotate", description = {"Rotate the KMS certificate (new KSAK and z); the old one stays published until it expires.",
      "Prints the new certificate's sha256 fingerprint, which clients confirm (client init --accept-rotation)."})
  static final class Rotate extends Op {
    private AdminClient client;

    HttpResponse<String> send(AdminClient c) throws Exception {
      client = c;
      return c.call("POST", "certificates/rotate", "{}");
    }

    @Override
    String render(JsonNode body) throws IOException {
      try {
        JsonNode domain = JSON.readTree(client.call("GET", "domain", null).body());
        for (JsonNode c : domain.path("certificates")) {
          if (c.path("number").asInt() == body.path("number").asInt() && body instanceof ObjectNode o) {
            o.put("fingerprint", fingerprint(domain, c));
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return super.render(body);
    }
  }

  @Command(name = "rotate-kek", description = {
      "Re-seal every sealed value (master secrets, TrK/InK, audit chain key) under a new key-encryption key, in one"
          + " transaction: a key in the PKCS#11 token the server is configured with (seal.pkcs11.*), or a key file.",
      "The old key is kept: delete it once every node runs with the new one and its seal.* settings name it."})
  static final class RotateKek extends Op {
    @CommandLine.ArgGroup(multiplicity = "1") Target target;

    static final class Target {
      @Option(names = "--to-token", paramLabel = "LABEL", description = "The AES-256 key labelled LABEL in the server's token.")
      String label;

      @Option(names = "--to-key-file", paramLabel = "FILE", description = "A key file on the server (generated, mode 0600, if absent).")
      String file;
    }

    @Option(names = "--generate", description = "With --to-token: generate the key in the token first (non-extractable, sensitive).")
    boolean generate;

    HttpResponse<String> send(AdminClient c) throws Exception {
      ObjectNode o = JSON.createObjectNode();
      if (target.label != null) {
        o.put("to", "pkcs11").put("label", target.label).put("generate", generate);
      } else {
        if (generate) {
          throw new ConfigException("--generate goes with --to-token");
        }
        o.put("to", "keyfile").put("file", Path.of(target.file).toAbsolutePath().toString());
      }
      return c.call("POST", "kek/rotate", JSON.writeValueAsString(o));
    }
  }

  @Command(name = "audit", description = {"Show the latest audit records.",
      "'audit verify' checks the tamper-evident chain, 'audit export' writes it as JSON lines."},
      subcommands = {AdminCommand.AuditVerify.class, AdminCommand.AuditExport.class})
  static final class Audit extends Op {
    @Option(names = "--limit", defaultValue = "50") int limit;

    HttpResponse<String> send(AdminClient c) throws Exception {
      return c.call("GET", "audit?limit=" + limit, null);
    }
  }

  @Command(name = "redirects", description = {"List the KMS Redirect Responses clients uploaded (TS 33.180 D.4), newest first:",
      "who refused which KMS for whom, and what it accepts instead."})
  static final class Redirects extends Op {
    @Option(names = "--limit", defaultValue = "50") int limit;

    @Option(names = "--document", description = "Include each KRR document (XML).")
    boolean document;

    HttpResponse<String> send(AdminClient c) throws Exception {
      return c.call("GET", "redirects?limit=" + limit + (document ? "&document=true" : ""), null);
    }
  }

  @Command(name = "verify", description = {"Walk the audit chain from the retention anchor to the last record and",
      "report the first record that is missing or altered. Exit code 3 if the chain is broken."})
  static final class AuditVerify extends Op {
    HttpResponse<String> send(AdminClient c) throws Exception {
      return c.call("GET", "audit/verify", null);
    }

    @Override
    String render(JsonNode b) {
      String span = "records " + (b.get("anchor_seq").asLong() + 1) + " to " + b.get("head_seq").asLong();
      String legacy = b.get("unchained").asLong() == 0 ? ""
          : "\n" + b.get("unchained").asLong() + " older records were written before the chain existed (not covered)";
      if (b.get("intact").asBoolean()) {
        return "audit chain intact: " + span + " (" + b.get("checked").asLong() + " checked)" + legacy;
      }
      return "audit chain BROKEN at record " + b.get("first_bad_seq").asLong() + ": " + b.get("problem").asText()
          + "\n(" + b.get("checked").asLong() + " records before it verified; chain spans " + span + ")" + legacy;
    }

    @Override
    int exitCode(JsonNode body) {
      return body.get("intact").asBoolean() ? 0 : 3;
    }
  }

  @Command(name = "export", description = {"Export the chained audit records as JSON lines (one object per record,",
      "with its number and MACs), for a SIEM. Records deleted by retention are in audit.export.dir."})
  static final class AuditExport implements Callable<Integer> {
    @Mixin Connection connection = new Connection();

    @Option(names = "--after", defaultValue = "0", paramLabel = "SEQ", description = "Only records numbered above SEQ.")
    long after;

    @Option(names = "--out", paramLabel = "FILE", description = "Write to this new file (mode 0600) instead of stdout.")
    Path out;

    @Override
    public Integer call() {
      try {
        AdminClient c = connection.client();
        StringBuilder all = new StringBuilder();
        long next = after;
        while (true) {
          HttpResponse<String> r = c.call("GET", "audit/export?after=" + next, null);
          if (r.statusCode() != 200) {
            JsonNode body = JSON.readTree(r.body());
            System.err.println("mcx-kms admin: " + r.statusCode() + " "
                + (body.has("error") ? body.get("error").asText() : r.body()));
            return 1;
          }
          all.append(r.body());
          // the export call is audited too: stop once an answer says nothing more was there
          if (r.body().isEmpty() || !"true".equals(r.headers().firstValue("X-Audit-More").orElse("false"))) {
            break;
          }
          String[] lines = r.body().split("\n");
          next = JSON.readTree(lines[lines.length - 1]).get("seq").asLong();
        }
        if (out != null) {
          SecureFiles.createSecret(out, all.toString().getBytes(StandardCharsets.UTF_8));
          System.err.println("exported to " + out);
        } else {
          System.out.print(all);
        }
        return 0;
      } catch (ConfigException e) {
        System.err.println("mcx-kms admin: " + e.getMessage());
        return 2;
      } catch (Exception e) {
        System.err.println("mcx-kms admin: " + e);
        return 1;
      }
    }
  }

  @Command(name = "token", description = {"DEVELOPMENT ONLY: mint an access token with the local test IdM",
      "(available while auth.jwks is not set). Prints the token alone, for TOKEN=$(...)."})
  static final class Token extends Op {
    @Option(names = "--user", required = true, paramLabel = "URI") String user;
    @Option(names = "--ttl", defaultValue = "3600", paramLabel = "SECONDS") long ttl;
    @Option(names = "--scope", paramLabel = "SCOPE", description = "Scope claim (default: the KMS's auth.scope).") String scope;

    HttpResponse<String> send(AdminClient c) throws Exception {
      ObjectNode o = JSON.createObjectNode().put("user", user).put("ttl_seconds", ttl);
      if (scope != null) {
        o.put("scope", scope);
      }
      return c.call("POST", "dev/token", JSON.writeValueAsString(o));
    }

    @Override
    String render(JsonNode body) {
      return body.get("access_token").asText();
    }
  }
}

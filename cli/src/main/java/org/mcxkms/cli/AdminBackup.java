package org.mcxkms.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mcxkms.kms.server.backup.ArchiveHeader;
import org.mcxkms.kms.server.backup.BackupException;
import org.mcxkms.kms.server.backup.Backups;
import org.mcxkms.kms.server.backup.RestoreSummary;
import org.mcxkms.kms.server.config.ConfigException;
import org.mcxkms.kms.server.config.ConfigKey;
import org.mcxkms.kms.server.config.KmsConfig;
import org.mcxkms.kms.server.config.SecureFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mcx-kms admin backup FILE} (through the running server) and {@code admin restore FILE} (offline). */
final class AdminBackup {
  private AdminBackup() {}

  @Command(name = "backup", description = {"Write an encrypted backup archive of the whole KMS to FILE (a new file, mode 0600).",
      "The running server makes it from one consistent snapshot; its key is sealed with the domain's",
      "seal key (passphrase, key file or HSM), which is needed to restore it and is NOT in the archive."})
  static final class Backup extends AdminCommand.Op {
    @Parameters(paramLabel = "FILE") Path file;

    @Override
    HttpResponse<String> send(AdminClient c) throws Exception {
      if (Files.exists(file)) {
        throw new ConfigException(file + " exists: refusing to overwrite a backup");
      }
      return c.call("POST", "backup", "{}");
    }

    @Override
    String render(JsonNode body) throws IOException {
      byte[] archive = Base64.getDecoder().decode(body.get("archive").asText());
      try {
        ArchiveHeader h = Backups.inspect(archive);
        if (!h.archiveId().equals(body.path("archive_id").asText())) {
          throw new IOException("the server sent archive " + h.archiveId() + " but announced "
              + body.path("archive_id").asText());
        }
      } catch (BackupException e) {
        throw new IOException("the server sent a damaged archive: " + e.getMessage());
      }
      SecureFiles.createSecret(file, archive);
      ObjectNode o = (ObjectNode) body;
      o.remove("archive");
      o.put("file", file.toString());
      return super.render(o);
    }
  }

  @Command(name = "restore", description = {"Restore a backup archive into this node's EMPTY database, before its first 'serve'.",
      "Run it with the node's configuration: the database to fill and the seal key (the same",
      "passphrase, key file or HSM that sealed the backed-up domain). Everything is written in one",
      "transaction, or nothing is. Then start the node with 'serve'."})
  static final class Restore implements Callable<Integer> {
    @Parameters(paramLabel = "FILE") Path file;

    @Option(names = "--config", paramLabel = "FILE", description = "The node's properties file (database, seal key).")
    Path config;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory (overrides data.dir).")
    Path dataDir;

    @Override
    public Integer call() {
      try {
        KmsConfig.Builder b = KmsConfig.load(config, System.getenv()).toBuilder();
        if (dataDir != null) {
          b.set(ConfigKey.DATA_DIR, dataDir.toString());
        }
        RestoreSummary s = Backups.restore(file, b.build(), Clock.systemUTC(), new SecureRandom(),
            w -> System.err.println("WARNING: " + w));
        StringBuilder out = new StringBuilder();
        out.append("restored archive ").append(s.archiveId()).append(" (made ").append(s.archiveCreatedAt())
            .append(") of domain ").append(s.domainId()).append(" (").append(s.kmsUri()).append(")\n");
        for (Map.Entry<String, Long> e : s.counts().entrySet()) {
          out.append("  ").append(e.getKey()).append(": ").append(e.getValue()).append('\n');
        }
        out.append(s.auditIntact() ? "audit chain intact; the restore is recorded on it\n"
            : "audit chain NOT intact (" + s.auditProblem() + "); restored as it was, with the restore recorded\n");
        out.append("start the node with './mcx-kms serve' and the same configuration");
        System.out.println(out);
        return 0;
      } catch (BackupException e) {
        System.err.println("mcx-kms admin restore: refused (" + e.error().name().toLowerCase(Locale.ROOT)
            + "): " + e.getMessage());
        return 1;
      } catch (ConfigException e) {
        System.err.println("mcx-kms admin restore: configuration error: " + e.getMessage());
        return 2;
      } catch (IOException e) {
        System.err.println("mcx-kms admin restore: cannot read " + file + ": " + e.getMessage());
        return 1;
      }
    }
  }
}

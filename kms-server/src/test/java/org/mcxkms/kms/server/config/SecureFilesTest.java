package org.mcxkms.kms.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secret files never exist, not even for an instant, with a mode that lets others read them. */
class SecureFilesTest {
  @TempDir Path dir;

  @Test
  void aSecretIsNeverVisibleWithALooserMode() throws Exception {
    Path secrets = dir.resolve("secrets");
    SecureFiles.ensureDirectory(secrets);
    Set<String> looser = ConcurrentHashMap.newKeySet();
    AtomicBoolean writing = new AtomicBoolean(true);
    long[] seen = {0};
    Thread watcher = new Thread(() -> {
      while (writing.get()) {
        try (Stream<Path> s = Files.list(secrets)) {
          for (Path p : (Iterable<Path>) s::iterator) {
            try {
              Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
              seen[0]++;
              if (!perms.equals(PosixFilePermissions.fromString("rw-------"))) {
                looser.add(p.getFileName() + " " + PosixFilePermissions.toString(perms));
              }
            } catch (IOException gone) {
              // renamed or deleted between listing and reading: fine
            }
          }
        } catch (IOException e) {
          // listing raced with a rename
        }
      }
    });
    watcher.start();
    try {
      for (int i = 0; i < 400; i++) {
        SecureFiles.writeSecret(secrets.resolve("key" + (i % 4)), ("secret " + i).getBytes());
      }
    } finally {
      writing.set(false);
      watcher.join();
    }
    assertThat(looser).isEmpty();
    assertThat(seen[0]).as("the watcher saw files").isPositive();
    assertThat(Files.readString(secrets.resolve("key3"))).isEqualTo("secret 399");
    try (Stream<Path> s = Files.list(secrets)) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("key0", "key1", "key2", "key3");
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secrets))).isEqualTo("rwx------");
  }

  @Test
  void aFailedWriteLeavesTheOldSecretAndNoTemporaryFile() throws Exception {
    Path f = dir.resolve("admin.token");
    SecureFiles.writeSecret(f, "old");
    try {
      SecureFiles.writeSecret(f, out -> {
        out.write("half".getBytes());
        throw new IOException("disk full");
      });
    } catch (IOException expected) {
      assertThat(expected).hasMessage("disk full");
    }
    assertThat(Files.readString(f)).isEqualTo("old");
    try (Stream<Path> s = Files.list(dir)) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactly("admin.token");
    }
  }

  @Test
  void aDataDirectoryWithLoosePermissionsIsTightened() throws Exception {
    Path data = dir.resolve("data");
    Files.createDirectories(data.resolve("db"));
    Files.writeString(data.resolve("db").resolve("kms.mv.db"), "db");
    Files.writeString(data.resolve("seal.key"), "k");
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(data.resolve("db"), PosixFilePermissions.fromString("rwxrwxr-x"));
    Files.setPosixFilePermissions(data.resolve("db").resolve("kms.mv.db"), PosixFilePermissions.fromString("rw-r--r--"));
    Files.setPosixFilePermissions(data.resolve("seal.key"), PosixFilePermissions.fromString("rw-------"));
    List<String> warnings = new ArrayList<>();
    SecureFiles.tightenTree(data, warnings::add);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("db")))).isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("db").resolve("kms.mv.db"))))
        .isEqualTo("rw-------");
    assertThat(warnings).hasSize(3).allSatisfy(w -> assertThat(w).contains("accessible by group or others"));
    warnings.clear();
    SecureFiles.tightenTree(data, warnings::add);
    assertThat(warnings).as("nothing left to fix").isEmpty();
  }

  @Test
  void looseFilesInsideAnOwnerOnlyDirectoryAreRestrictedWithoutAWarning() throws Exception {
    Path data = dir.resolve("data");
    Files.createDirectories(data.resolve("db"));
    Files.writeString(data.resolve("db").resolve("kms.mv.db"), "db");
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
    Files.setPosixFilePermissions(data.resolve("db"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(data.resolve("db").resolve("kms.mv.db"), PosixFilePermissions.fromString("rw-r--r--"));
    List<String> warnings = new ArrayList<>();
    SecureFiles.tightenTree(data, warnings::add);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("db")))).isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("db").resolve("kms.mv.db"))))
        .isEqualTo("rw-------");
    assertThat(warnings).as("nobody else could reach them through the 0700 directory").isEmpty();
  }
}

package org.mcxkms.kms.server.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Files holding secrets: created with mode 0600 (directories 0700), refused when others can read them. */
public final class SecureFiles {
  private static final Set<PosixFilePermission> OWNER_RW = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OWNER_RWX = PosixFilePermissions.fromString("rwx------");

  private SecureFiles() {}

  /** Creates {@code dir} (and parents) if missing; a directory we create gets mode 0700. */
  public static void ensureDirectory(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    Files.createDirectories(dir);
    setPermissions(dir, OWNER_RWX);
  }

  /**
   * Writes {@code content} to {@code file} with mode 0600, atomically (a temporary file in the same
   * directory, then a rename), so a crash never leaves a half-written secret.
   */
  public static void writeSecret(Path file, byte[] content) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    ensureDirectory(parent);
    Path tmp = parent.resolve("." + file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    Files.createFile(tmp);
    setPermissions(tmp, OWNER_RW);
    Files.write(tmp, content);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** Like {@link #writeSecret} but fails if the file exists (first writer wins). */
  public static void createSecret(Path file, byte[] content) throws IOException {
    if (Files.exists(file)) {
      throw new FileAlreadyExistsException(file.toString());
    }
    writeSecret(file, content);
  }

  public static void writeSecret(Path file, String content) throws IOException {
    writeSecret(file, content.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Reads a secret file, refusing it when group or others may read or write it (as ssh does with
   * private keys): a secret that others can read is no longer a secret.
   */
  public static byte[] readSecret(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException(file + " does not exist or is not a regular file");
    }
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      for (PosixFilePermission p : perms) {
        if (!OWNER_RW.contains(p) && p != PosixFilePermission.OWNER_EXECUTE) {
          throw new IOException(file + " is accessible by group or others (mode "
              + PosixFilePermissions.toString(perms) + "); run chmod 600 " + file);
        }
      }
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: nothing to check
    }
    return Files.readAllBytes(file);
  }

  private static void setPermissions(Path p, Set<PosixFilePermission> perms) throws IOException {
    try {
      Files.setPosixFilePermissions(p, perms);
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system
    }
  }
}

package org.mcxkms.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Makes a profile directory refuse writes for a test, and undoes it: a directory without write
 * permission; as root (who ignores permissions) an immutable directory ({@code chattr +i}); where
 * neither holds, the lock file replaced by a directory, so that every save fails as well.
 */
public final class ReadOnly implements AutoCloseable {
  private final Path dir;
  private final Set<PosixFilePermission> before;
  private final boolean immutable;
  private final boolean lockSwapped;

  private ReadOnly(Path dir, Set<PosixFilePermission> before, boolean immutable, boolean lockSwapped) {
    this.dir = dir;
    this.before = before;
    this.immutable = immutable;
    this.lockSwapped = lockSwapped;
  }

  public static ReadOnly make(Path dir) throws IOException {
    Set<PosixFilePermission> before = Files.getPosixFilePermissions(dir);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-x------"));
    if (!writable(dir)) {
      return new ReadOnly(dir, before, false, false);
    }
    if (chattr("+i", dir) && !writable(dir)) {
      return new ReadOnly(dir, before, true, false);
    }
    Files.setPosixFilePermissions(dir, before);
    Path lock = dir.resolve("profile.lock");
    Files.move(lock, dir.resolve("profile.lock.saved"));
    Files.createDirectory(lock);
    return new ReadOnly(dir, before, false, true);
  }

  private static boolean writable(Path dir) {
    try {
      Files.delete(Files.createTempFile(dir, "probe", ".tmp"));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean chattr(String flag, Path dir) {
    try {
      Process p = new ProcessBuilder("chattr", flag, dir.toString()).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public void close() throws IOException {
    if (immutable) {
      chattr("-i", dir);
    }
    if (lockSwapped) {
      Files.delete(dir.resolve("profile.lock"));
      Files.move(dir.resolve("profile.lock.saved"), dir.resolve("profile.lock"));
    }
    Files.setPosixFilePermissions(dir, before);
  }
}

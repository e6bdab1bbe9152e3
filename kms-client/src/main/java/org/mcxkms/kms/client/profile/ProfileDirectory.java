package org.mcxkms.kms.client.profile;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.mcxkms.kms.client.error.ProfileException.Reason;
import org.mcxkms.kms.client.error.ProfileException;

/**
 * The profile directory's files beside the sealed profile: the lock file ({@code profile.lock},
 * 0600) that serialises writers across processes, with a lock per path within this JVM; the
 * temporary files a writer killed in the middle of a write leaves behind, removed under the lock;
 * and the binding ({@code profile.id}) that records which profile the directory holds.
 */
final class ProfileDirectory {
  private static final ConcurrentHashMap<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

  private ProfileDirectory() {}

  /**
   * Runs {@code action} holding this directory's lock (in this JVM and across processes), waiting
   * for it at most {@code policy.timeout()} and telling {@code policy.onWait()} when it must wait.
   * Temporary files left by a writer that died in the middle of a write are removed first.
   */
  static <T> T locked(Path dir, LockPolicy policy, LockedAction<T> action) throws ProfileException {
    Path key = dir.toAbsolutePath().normalize();
    ReentrantLock local = LOCKS.computeIfAbsent(key, k -> new ReentrantLock());
    long deadline = System.nanoTime() + policy.timeout().toNanos();
    boolean told = false;
    try {
      if (!local.tryLock()) {
        policy.onWait().accept(dir);
        told = true;
        if (!local.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
          throw lockTimeout(dir, policy);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProfileException(Reason.LOCKED, "interrupted while waiting for the lock of the profile in " + dir);
    }
    try {
      ProfileFile.ensureDirectory(dir);
      try (FileChannel ch = openLockFile(dir)) {
        FileLock lock = ch.tryLock();
        while (lock == null) {
          if (!told) {
            policy.onWait().accept(dir);
            told = true;
          }
          if (System.nanoTime() - deadline >= 0) {
            throw lockTimeout(dir, policy);
          }
          Thread.sleep(20);
          lock = ch.tryLock();
        }
        try {
          cleanStaleTemps(dir);
          return action.run();
        } finally {
          lock.release();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ProfileException(Reason.LOCKED, "interrupted while waiting for the lock of the profile in " + dir);
      } catch (IOException e) {
        throw new ProfileException(Reason.IO, "cannot lock the profile in " + dir + " (" + dir.resolve(ProfileFile.LOCK_NAME)
            + "): " + e.getMessage(), e);
      }
    } finally {
      local.unlock();
    }
  }

  private static ProfileException lockTimeout(Path dir, LockPolicy policy) {
    return new ProfileException(Reason.LOCKED, "the profile in " + dir + " is locked by another process or thread;"
        + " gave up after " + policy.timeout().toMillis() + " ms");
  }

  /** The lock file, created 0600 (only the owner needs it). */
  private static FileChannel openLockFile(Path dir) throws IOException {
    Path p = dir.resolve(ProfileFile.LOCK_NAME);
    Set<StandardOpenOption> opts = Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileChannel ch;
    try {
      ch = FileChannel.open(p, opts, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      ch = FileChannel.open(p, opts);
    }
    ProfileFile.restrict(p);
    return ch;
  }

  /** Removes temporary files of interrupted writes; call only while holding the lock. */
  private static void cleanStaleTemps(Path dir) {
    try (DirectoryStream<Path> temps = Files.newDirectoryStream(dir, ProfileFile.TEMP_PREFIX + "*")) {
      for (Path t : temps) {
        Files.deleteIfExists(t);
      }
    } catch (IOException e) {
      // a read-only directory keeps its leftovers; they are never read
    }
  }

  /** Cleans stale temporary files when opening, if no writer holds the lock right now. */
  static void cleanStaleTempsIfFree(Path dir) {
    Path key = dir.toAbsolutePath().normalize();
    ReentrantLock local = LOCKS.computeIfAbsent(key, k -> new ReentrantLock());
    if (!Files.isDirectory(dir) || !local.tryLock()) {
      return;
    }
    try (FileChannel ch = openLockFile(dir)) {
      FileLock lock = ch.tryLock();
      if (lock != null) {
        try {
          cleanStaleTemps(dir);
        } finally {
          lock.release();
        }
      }
    } catch (IOException | OverlappingFileLockException e) {
      // read-only directory or lock busy: leave the leftovers for a later writer
    } finally {
      local.unlock();
    }
  }

  /** The identity this directory's profile was created with ({@value ProfileFile#BINDING_NAME}), if recorded. */
  static Optional<String> binding(Path dir) throws ProfileException {
    Path p = dir.resolve(ProfileFile.BINDING_NAME);
    try {
      return Optional.of(Files.readString(p, StandardCharsets.UTF_8).strip());
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new ProfileException(Reason.IO, "cannot read " + p + ": " + e.getMessage(), e);
    }
  }

  /** Records the identity of this directory's profile (created 0600, never replaced). */
  static void bind(Path dir, String identity) {
    Path p = dir.resolve(ProfileFile.BINDING_NAME);
    try {
      Files.writeString(p, identity + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE);
      ProfileFile.restrict(p);
    } catch (IOException e) {
      // a read-only directory: the binding is recorded by the next writer that can
    }
  }

  @FunctionalInterface
  interface LockedAction<T> {
    T run() throws ProfileException;
  }
}

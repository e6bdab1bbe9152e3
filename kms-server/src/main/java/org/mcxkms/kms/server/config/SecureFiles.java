package org.mcxkms.kms.server.config;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Files holding secrets, through one writer: created with mode 0600 (directories 0700) from the
 * first moment they exist, refused when others can read them.
 */
public final class SecureFiles {
  private static final Set<PosixFilePermission> OWNER_RW = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OWNER_RWX = PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
      PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
  private static final SecureRandom RANDOM = new SecureRandom();

  private SecureFiles() {}

  /** Creates {@code dir} (and parents) if missing; a directory we create gets mode 0700 from the start. */
  public static void ensureDirectory(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    Path parent = dir.toAbsolutePath().getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      Files.createDirectories(parent);
    }
    try {
      Files.createDirectory(dir, posix(OWNER_RWX));
    } catch (FileAlreadyExistsException e) {
      if (!Files.isDirectory(dir)) {
        throw e;
      }
    }
  }

  /**
   * Brings the data directory to mode 0700 and every file and directory in it to 0600 / 0700, and
   * reports each change through {@code warn} when the directory itself was open to others. Inside an
   * owner-only directory nobody else could reach a looser file (H2 and the JDK create files with the
   * umask), so those are restricted without a warning. A directory we cannot fix (owned by someone else,
   * say) is refused with an {@link IOException} saying what to run: the master-secret seal, the
   * admin token, the TLS key and the database live here.
   */
  public static void tightenTree(Path dir, Consumer<String> warn) throws IOException {
    if (!isPosix(dir)) {
      return;
    }
    List<Path> all = new ArrayList<>();
    try (Stream<Path> s = Files.walk(dir)) {
      s.forEach(all::add);
    }
    boolean reachable = Files.getPosixFilePermissions(dir).stream().anyMatch(GROUP_OR_OTHERS::contains);
    for (Path p : all) {
      if (Files.isSymbolicLink(p)) {
        continue; // never follow: the link target is not ours to change
      }
      boolean directory = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
      if (perms.stream().noneMatch(GROUP_OR_OTHERS::contains)) {
        continue;
      }
      Set<PosixFilePermission> target = EnumSet.copyOf(perms);
      target.removeAll(GROUP_OR_OTHERS);
      try {
        Files.setPosixFilePermissions(p, target);
      } catch (IOException e) {
        throw new IOException(p + " is accessible by group or others (mode " + PosixFilePermissions.toString(perms)
            + ") and cannot be restricted (" + e.getMessage() + "); run chmod " + (directory ? "700 " : "600 ") + p
            + " as its owner", e);
      }
      if (reachable) {
        warn.accept(p + " was accessible by group or others (mode " + PosixFilePermissions.toString(perms)
            + "); restricted to " + PosixFilePermissions.toString(target));
      }
    }
  }

  /**
   * Writes {@code content} to {@code file} with mode 0600, atomically: a fresh temporary file in the
   * same directory, created with mode 0600 (never looser, not even for an instant), written,
   * flushed to disk, then renamed over {@code file}. A crash never leaves a half-written secret.
   */
  public static void writeSecret(Path file, byte[] content) throws IOException {
    writeSecret(file, out -> out.write(content));
  }

  /** Something that writes a secret's content to a stream. */
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  /** Like {@link #writeSecret(Path, byte[])}, the content written by {@code content}. */
  public static void writeSecret(Path file, Content content) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    ensureDirectory(parent);
    Path tmp = parent.resolve("." + file.getFileName() + "." + HexFormat.of().formatHex(randomBytes()) + ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
          posix(OWNER_RW))) {
        OutputStream out = Channels.newOutputStream(ch);
        content.writeTo(out);
        out.flush();
        ch.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Like {@link #writeSecret} but fails if the file exists (first writer wins). */
  public static void createSecret(Path file, byte[] content) throws IOException {
    if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
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

  private static byte[] randomBytes() {
    byte[] b = new byte[8];
    RANDOM.nextBytes(b);
    return b;
  }

  private static boolean isPosix(Path p) {
    return p.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  private static FileAttribute<?>[] posix(Set<PosixFilePermission> perms) {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(perms)}
        : new FileAttribute<?>[0];
  }
}

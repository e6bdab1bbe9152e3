package org.mcxkms.kms.client.profile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.crypto.SecretBytes;
import org.mcxkms.kms.client.error.ProfileException.Reason;
import org.mcxkms.kms.client.error.ProfileException;
import org.mcxkms.kms.client.internal.BinaryReader;
import org.mcxkms.kms.client.internal.BinaryWriter;

/**
 * The sealed profile file ({@value #FILE_NAME}) and its crash-safe writes.
 *
 * <pre>
 *   header (clear, all of it the AES-GCM associated data):
 *     "MCXKMSPF"                 8   magic: what this file is
 *     format version             2   = 2 (1 is read too: it lacks the header check)
 *     key source                 1   1 = Argon2id passphrase, 2 = PKCS#12 keystore entry
 *       1: memory KiB 4, iterations 4, lanes 1, salt length 1 (16), salt
 *       2: alias length 2, alias (UTF-8)
 *     profile ID                16   random, fixed for the life of the profile
 *     generation                 8   +1 on every write
 *     key check                 16   HMAC-SHA256(K_check, profile ID), truncated
 *     nonce                     12   fresh random for every write
 *     ciphertext length          4
 *     header check              16   SHA-256 of all header octets before it, truncated (version 2)
 *   ciphertext                   n   AES-256-GCM(K_enc, nonce, payload, AAD = header), 16-octet tag
 * </pre>
 *
 * K_enc and K_check are HMAC-SHA256 of the master key (from {@link ProfileKey}) over distinct labels.
 * The header check is verified before anything in the header is used, so a damaged header (a
 * flipped bit in the KDF parameters, salt, profile ID or key check) is reported as damage, not as a
 * wrong passphrase, and costs no key derivation; Argon2 parameters beyond {@link ProfileKey.Argon2Params}'s
 * bounds are refused before deriving. Then the key check tells a wrong passphrase apart from a
 * damaged file without weakening anything (the GCM tag is an equal oracle, and Argon2 dominates the
 * cost of a guess). The header in the AAD binds
 * the profile's identity and version: a header edited, spliced from another profile or rolled to
 * another generation fails authentication. A file shorter than its header announces is reported as
 * truncated; one longer as corrupt. Not detected: replacing the whole file with an older complete
 * copy of the same profile (that needs a monotonic counter outside the file, such as a secure element).
 *
 * <p>Writes go to a fresh temporary file in the same directory, are forced to disk, renamed over
 * the profile atomically, and the directory is forced too; a crash leaves the old or the new
 * profile, never a torn one. {@link ProfileDirectory} holds the lock that serialises writers and
 * the directory's other files.
 */
final class ProfileFile {
  static final String FILE_NAME = "profile.mcxkms";
  static final String LOCK_NAME = "profile.lock";
  static final int FORMAT_VERSION = 2;
  static final String BINDING_NAME = "profile.id";
  static final int MAX_CIPHERTEXT = 64 << 20;

  private static final byte[] MAGIC = "MCXKMSPF".getBytes(StandardCharsets.US_ASCII);
  private static final int KDF_ARGON2ID = 1;
  private static final int KDF_PKCS12 = 2;
  private static final int SALT = 16;
  private static final int ID = 16;
  private static final int CHECK = 16;
  private static final int NONCE = 12;
  private static final int TAG = 16;
  private static final int HEADER_CHECK = 16;
  static final String TEMP_PREFIX = "." + FILE_NAME + ".tmp-";

  private final Path dir;
  private final byte[] kdfDescriptor; // key source byte and its parameters, as in the header
  private final byte[] profileId;
  private final SecretBytes encKey;
  private final byte[] keyCheck;
  private final SecureRandom random;
  private long generation;

  private ProfileFile(Path dir, byte[] kdfDescriptor, byte[] profileId, SecretBytes master, long generation,
      SecureRandom random) {
    this.dir = dir;
    this.kdfDescriptor = kdfDescriptor;
    this.profileId = profileId;
    this.encKey = subkey(master, "mcx-kms profile v1 encryption");
    SecretBytes checkKey = subkey(master, "mcx-kms profile v1 key check");
    this.keyCheck = Arrays.copyOf(hmac(checkKey, profileId), CHECK);
    checkKey.destroy();
    this.generation = generation;
    this.random = random;
  }

  /** The identity string of this profile for {@value #BINDING_NAME}: its random ID. */
  String bindingId() {
    return HexFormat.of().formatHex(profileId);
  }

  static Path path(Path dir) {
    return dir.resolve(FILE_NAME);
  }

  static boolean exists(Path dir) {
    return Files.isRegularFile(path(dir));
  }

  /** A new profile's file handle (nothing is written yet). */
  static ProfileFile create(Path dir, ProfileKey key, SecureRandom random) throws ProfileException {
    if (exists(dir)) {
      throw new ProfileException(Reason.ALREADY_EXISTS, "a profile already exists in " + dir);
    }
    byte[] id = new byte[ID];
    random.nextBytes(id);
    BinaryWriter kdf = new BinaryWriter();
    SecretBytes master;
    if (key.kind() == ProfileKey.Kind.PASSPHRASE) {
      byte[] salt = new byte[SALT];
      random.nextBytes(salt);
      ProfileKey.Argon2Params p = key.argon2Params();
      kdf.u8(KDF_ARGON2ID).u32(p.memoryKiB()).u32(p.iterations()).u8(p.parallelism()).u8(SALT).raw(salt);
      master = key.deriveFromPassphrase(salt, p);
    } else {
      kdf.u8(KDF_PKCS12).string(key.alias());
      master = key.keystoreKey(key.alias(), true, random);
    }
    try {
      ensureDirectory(dir);
      return new ProfileFile(dir, kdf.toByteArray(), id, master, 0, random);
    } finally {
      master.destroy();
    }
  }

  /** The opened profile: its file handle and the decrypted payload (erase it after parsing). */
  record Opened(ProfileFile file, byte[] payload) {}

  /** A parsed header; {@code end} is the offset of the ciphertext. */
  private record Header(int version, byte[] kdfDescriptor, int kdf, ProfileKey.Argon2Params params, byte[] salt, String alias,
      byte[] id, long generation, byte[] check, byte[] nonce, int length, int end) {}

  private static byte[] readAll(Path dir) throws ProfileException {
    try {
      long size = Files.size(path(dir));
      if (size > MAX_CIPHERTEXT + 4096) {
        throw new ProfileException(Reason.CORRUPT, path(dir) + " is too large to be a profile (" + size + " octets)");
      }
      return Files.readAllBytes(path(dir));
    } catch (NoSuchFileException e) {
      throw new ProfileException(Reason.NOT_FOUND, "no profile in " + dir + " (create one with init)");
    } catch (IOException e) {
      throw new ProfileException(Reason.IO, "cannot read " + path(dir) + ": " + e.getMessage(), e);
    }
  }

  private static Header parse(Path dir, byte[] all) throws ProfileException {
    BinaryReader r = new BinaryReader(all);
    try {
      if (all.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(all, MAGIC.length), MAGIC)) {
        throw new ProfileException(all.length < MAGIC.length ? Reason.TRUNCATED : Reason.CORRUPT, path(dir)
            + (all.length < MAGIC.length ? " is truncated (" + all.length + " octets)" : " is not an mcx-kms profile (bad magic)"));
      }
      r.raw(MAGIC.length, "magic");
      int version = r.u16("format version");
      if (version != 1 && version != FORMAT_VERSION) {
        throw new ProfileException(Reason.UNSUPPORTED_VERSION, path(dir) + " has profile format version " + version
            + "; this library reads versions 1 and " + FORMAT_VERSION);
      }
      int kdfStart = r.position();
      int kdf = r.u8("key source");
      long mem = 0;
      long it = 0;
      int lanes = 0;
      byte[] salt = null;
      String alias = null;
      int saltLen = SALT;
      if (kdf == KDF_ARGON2ID) {
        mem = r.u32("Argon2 memory");
        it = r.u32("Argon2 iterations");
        lanes = r.u8("Argon2 lanes");
        saltLen = r.u8("salt length");
        salt = r.raw(saltLen, "salt");
      } else if (kdf == KDF_PKCS12) {
        alias = r.string("keystore alias");
      } else if (version == 1) {
        throw new ProfileException(Reason.CORRUPT, path(dir) + " names an unknown key source " + kdf);
      } else {
        throw damaged(dir, "an unknown key source " + kdf);
      }
      byte[] kdfDescriptor = Arrays.copyOfRange(all, kdfStart, r.position());
      byte[] id = r.raw(ID, "profile ID");
      long generation = r.i64("generation");
      byte[] check = r.raw(CHECK, "key check");
      byte[] nonce = r.raw(NONCE, "nonce");
      long length = r.u32("ciphertext length");
      if (length < TAG || length > MAX_CIPHERTEXT) {
        throw new ProfileException(Reason.CORRUPT, path(dir) + " announces an impossible ciphertext length " + length);
      }
      if (version >= 2) {
        byte[] expected = headerCheck(all, r.position());
        if (!MessageDigest.isEqual(expected, r.raw(HEADER_CHECK, "header check"))) {
          throw damaged(dir, "a header that fails its check");
        }
      }
      // Only now, with the header known to be intact, are its values interpreted.
      ProfileKey.Argon2Params params = null;
      if (kdf == KDF_ARGON2ID) {
        if (saltLen != SALT) {
          throw new ProfileException(Reason.CORRUPT, path(dir) + " has a salt of " + saltLen + " octets");
        }
        try {
          params = new ProfileKey.Argon2Params((int) Math.min(mem, Integer.MAX_VALUE), (int) Math.min(it, 1000), lanes);
        } catch (IllegalArgumentException e) {
          throw new ProfileException(Reason.CORRUPT, path(dir) + " asks for Argon2 cost " + mem + " KiB, " + it
              + " passes, " + lanes + " lanes, beyond what this client accepts (" + e.getMessage()
              + "): refused without deriving a key");
        }
      }
      if (r.remaining() < length) {
        throw new ProfileException(Reason.TRUNCATED, path(dir) + " is truncated: the header announces " + length
            + " octets of sealed data, " + r.remaining() + " are present");
      }
      if (r.remaining() > length) {
        throw new ProfileException(Reason.CORRUPT, path(dir) + " has " + (r.remaining() - length)
            + " octets after the sealed data");
      }
      return new Header(version, kdfDescriptor, kdf, params, salt, alias, id, generation, check, nonce, (int) length,
          r.position());
    } catch (BinaryReader.FormatException e) {
      throw new ProfileException(Reason.TRUNCATED, path(dir) + " is truncated or malformed in its header: "
          + e.getMessage());
    }
  }

  private static ProfileException damaged(Path dir, String what) {
    return new ProfileException(Reason.CORRUPT, path(dir) + " is damaged: it has " + what
        + " (not a wrong passphrase); restore it from a backup or create the profile again");
  }

  private static byte[] headerCheck(byte[] all, int end) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(all, 0, end);
      return Arrays.copyOf(sha.digest(), HEADER_CHECK);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  static Opened open(Path dir, ProfileKey key, SecureRandom random) throws ProfileException {
    ProfileDirectory.cleanStaleTempsIfFree(dir);
    byte[] all = readAll(dir);
    Header h = parse(dir, all);
    SecretBytes master = h.kdf() == KDF_ARGON2ID ? key.deriveFromPassphrase(h.salt(), h.params())
        : key.keystoreKey(h.alias(), false, random);
    ProfileFile file;
    try {
      file = new ProfileFile(dir, h.kdfDescriptor(), h.id(), master, h.generation(), random);
    } finally {
      master.destroy();
    }
    if (!MessageDigest.isEqual(file.keyCheck, h.check())) {
      file.close();
      throw new ProfileException(Reason.WRONG_KEY, "the passphrase or keystore key does not open the profile in " + dir
          + (h.version() < 2 ? " (or its header is damaged: a version 1 file cannot tell)" : ""));
    }
    try {
      return new Opened(file, file.decrypt(all, h));
    } catch (ProfileException e) {
      file.close();
      throw e;
    }
  }

  /**
   * Reads the file again with the key already derived (after another process wrote it).
   *
   * @throws ProfileException if it is no longer this profile or fails as {@link #open} would
   */
  byte[] reread() throws ProfileException {
    byte[] all = readAll(dir);
    Header h = parse(dir, all);
    if (!MessageDigest.isEqual(h.id(), profileId) || !Arrays.equals(h.kdfDescriptor(), kdfDescriptor)
        || !MessageDigest.isEqual(h.check(), keyCheck)) {
      throw new ProfileException(Reason.TAMPERED, path(dir) + " was replaced by another profile");
    }
    byte[] payload = decrypt(all, h);
    generation = h.generation();
    return payload;
  }

  private byte[] decrypt(byte[] all, Header h) throws ProfileException {
    try {
      return crypt(Cipher.DECRYPT_MODE, h.nonce(), Arrays.copyOf(all, h.end()), all, h.end(), h.length());
    } catch (GeneralSecurityException e) {
      throw new ProfileException(Reason.TAMPERED, path(dir) + " fails authentication: it was altered or"
          + " assembled from different files");
    }
  }

  private byte[] header(long gen, byte[] nonce, int ciphertextLength) {
    byte[] h = new BinaryWriter().raw(MAGIC).u16(FORMAT_VERSION).raw(kdfDescriptor).raw(profileId).i64(gen)
        .raw(keyCheck).raw(nonce).u32(ciphertextLength).toByteArray();
    byte[] check = headerCheck(h, h.length);
    byte[] out = Arrays.copyOf(h, h.length + HEADER_CHECK);
    System.arraycopy(check, 0, out, h.length, HEADER_CHECK);
    return out;
  }

  private byte[] crypt(int mode, byte[] nonce, byte[] aad, byte[] in, int off, int len) throws GeneralSecurityException {
    byte[] k = encKey.toByteArray(SecretAccess.get());
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(mode, new SecretKeySpec(k, "AES"), new GCMParameterSpec(TAG * 8, nonce));
      c.updateAAD(aad);
      return c.doFinal(in, off, len);
    } finally {
      Arrays.fill(k, (byte) 0);
    }
  }

  /** Seals {@code payload} as the next generation and replaces the file atomically. */
  void write(byte[] payload) throws ProfileException {
    long next = generation + 1;
    byte[] nonce = new byte[NONCE];
    random.nextBytes(nonce);
    byte[] header = header(next, nonce, payload.length + TAG);
    byte[] sealed;
    try {
      sealed = crypt(Cipher.ENCRYPT_MODE, nonce, header, payload, 0, payload.length);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM failed", e);
    }
    Path target = path(dir);
    Path tmp = dir.resolve(TEMP_PREFIX + HexFormat.of().formatHex(nonce, 0, 6));
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        restrict(tmp);
        writeFully(ch, ByteBuffer.wrap(header));
        writeFully(ch, ByteBuffer.wrap(sealed));
        ch.force(true);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("the file system cannot rename atomically; a profile needs it", e);
      }
      forceDirectory(dir);
      generation = next;
    } catch (IOException e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // the temporary file is left behind; it is never read
      }
      throw new ProfileException(Reason.IO, "cannot write " + target + ": " + e.getMessage(), e);
    }
  }

  private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      ch.write(b);
    }
  }

  static void restrict(Path p) {
    try {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException | IOException e) {
      // not a POSIX file system; the content is encrypted anyway
    }
  }

  private static void forceDirectory(Path dir) {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      // some platforms cannot open directories; the rename itself is atomic
    }
  }

  static void ensureDirectory(Path dir) throws ProfileException {
    try {
      if (!Files.isDirectory(dir)) {
        try {
          Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException e) {
          Files.createDirectories(dir);
        } catch (FileAlreadyExistsException e) {
          throw new IOException(dir + " exists and is not a directory");
        }
      }
    } catch (IOException e) {
      throw new ProfileException(Reason.IO, "cannot create the profile directory " + dir + ": " + e.getMessage(), e);
    }
  }

  long generation() {
    return generation;
  }

  /** Reads just the generation of the file on disk (to notice writes by another process), or -1. */
  static long generationOnDisk(Path dir) {
    try {
      byte[] all = Files.readAllBytes(path(dir));
      BinaryReader r = new BinaryReader(all);
      r.raw(MAGIC.length, "magic");
      r.u16("version");
      int kdf = r.u8("kdf");
      if (kdf == KDF_ARGON2ID) {
        r.raw(4 + 4 + 1, "argon2");
        r.raw(r.u8("salt length"), "salt");
      } else {
        r.string("alias");
      }
      r.raw(ID, "id");
      return r.i64("generation");
    } catch (IOException | BinaryReader.FormatException e) {
      return -1;
    }
  }

  void close() {
    encKey.destroy();
  }

  private static SecretBytes subkey(SecretBytes master, String label) {
    byte[] out = hmac(master, label.getBytes(StandardCharsets.US_ASCII));
    try {
      return SecretBytes.copyOf(out, SecretAccess.get());
    } finally {
      Arrays.fill(out, (byte) 0);
    }
  }

  private static byte[] hmac(SecretBytes key, byte[] data) {
    byte[] k = key.toByteArray(SecretAccess.get());
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(k, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 unavailable", e);
    } finally {
      Arrays.fill(k, (byte) 0);
    }
  }
}

package org.mcxkms.mcx.gms;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.crypto.SecretBytes;

/**
 * The GMS's state (groups, members, GMKs and MKFCs) in one file, encrypted and authenticated with
 * AES-256-GCM under a 32-octet state key the operator supplies:
 * <pre>
 * "MCXGMS1" (7) | nonce (12) | ciphertext || tag (16)      AAD = "MCXGMS1" | file name
 * </pre>
 * The file name is bound in so that a state file copied over another GMS's fails to open. Writes
 * go to a temporary file that is forced to disk and then moved over the old one atomically, so a
 * crash leaves either the old or the new state, never a torn one.
 */
public final class GmsStateStore {
  private static final byte[] MAGIC = "MCXGMS1".getBytes(StandardCharsets.US_ASCII);
  private static final int NONCE = 12;
  private static final int TAG_BITS = 128;
  private static final int MAX_FILE = 64 * 1024 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final Path file;
  private final SecretBytes key;
  private final SecureRandom random;

  public GmsStateStore(Path file, SecretBytes key, SecureRandom random) {
    if (key.length() != 32) {
      throw new IllegalArgumentException("the GMS state key has 32 octets (AES-256)");
    }
    this.file = file;
    this.key = key;
    this.random = random;
  }

  /** The stored state, or empty if none was saved yet. */
  public Optional<State> load() throws IOException {
    byte[] all;
    try {
      if (Files.size(file) > MAX_FILE) {
        throw new IOException(file + ": larger than " + MAX_FILE + " octets");
      }
      all = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    if (all.length < MAGIC.length + NONCE + 16 || !Arrays.equals(Arrays.copyOf(all, MAGIC.length), MAGIC)) {
      throw new IOException(file + ": not a GMS state file");
    }
    byte[] plain = null;
    try {
      Cipher c = cipher(Cipher.DECRYPT_MODE, Arrays.copyOfRange(all, MAGIC.length, MAGIC.length + NONCE));
      plain = c.doFinal(all, MAGIC.length + NONCE, all.length - MAGIC.length - NONCE);
      return Optional.of(JSON.readValue(plain, State.class));
    } catch (GeneralSecurityException e) {
      throw new IOException(file + ": the GMS state does not authenticate under this state key (wrong key, "
          + "tampered or moved file)");
    } finally {
      if (plain != null) {
        Arrays.fill(plain, (byte) 0);
      }
    }
  }

  /** Encrypts and writes {@code state} atomically. */
  public synchronized void save(State state) throws IOException {
    byte[] plain = JSON.writeValueAsBytes(state);
    byte[] nonce = new byte[NONCE];
    random.nextBytes(nonce);
    byte[] ct;
    try {
      ct = cipher(Cipher.ENCRYPT_MODE, nonce).doFinal(plain);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM unavailable", e);
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path tmp = parent.resolve(file.getFileName() + ".tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(MAGIC));
      ch.write(ByteBuffer.wrap(nonce));
      ch.write(ByteBuffer.wrap(ct));
      ch.force(true);
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private Cipher cipher(int mode, byte[] nonce) throws GeneralSecurityException {
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    byte[] k = key.toByteArray(SecretAccess.get());
    try {
      c.init(mode, new SecretKeySpec(k, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
    } finally {
      Arrays.fill(k, (byte) 0);
    }
    c.updateAAD(MAGIC);
    c.updateAAD(file.getFileName().toString().getBytes(StandardCharsets.UTF_8));
    return c;
  }

  /** Everything the GMS persists. */
  public record State(List<StoredGroup> groups) {
    public State {
      groups = groups == null ? List.of() : List.copyOf(groups);
    }
  }

  /** A group as persisted; keys are only ever in the encrypted file. */
  public record StoredGroup(String groupId, String name, List<String> members, boolean serverInContext,
      String mcxServer, List<String> serviceGroupIds, List<StoredKey> gmks, StoredKey mkfc, long rekeySeconds,
      String ownRecord) {
    public StoredGroup {
      members = List.copyOf(members);
      serviceGroupIds = serviceGroupIds == null ? List.of() : List.copyOf(serviceGroupIds);
      gmks = gmks == null ? List.of() : List.copyOf(gmks);
    }

    @Override
    public String toString() {
      return "StoredGroup[" + groupId + ", " + members.size() + " members, " + gmks.size() + " GMKs]";
    }
  }

  /**
   * A GMK or MKFC as persisted (activation/expiry in Unix seconds). {@code rand} is the RAND sent
   * to every member with this key: the SRTP master key of a group derives from it (TS 33.180 7.4),
   * so all members must receive the same one.
   */
  public record StoredKey(int keyId, byte[] key, byte[] rand, long activation, long expiry, boolean revoked) {
    @Override
    public String toString() {
      return "StoredKey[" + String.format("%08x", keyId) + ", key=redacted]";
    }
  }
}

package org.mcxkms.kms.client.profile;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.crypto.SecretBytes;
import org.mcxkms.kms.client.error.ProfileException;

/**
 * Where the key that seals a profile comes from:
 *
 * <ul>
 *   <li>{@link #passphrase(char[])}: a passphrase stretched with Argon2id (RFC 9106) under a random
 *       salt kept in the profile header with the cost parameters (default 64 MiB, 3 passes, 1 lane);
 *   <li>{@link #pkcs12(Path, char[], String)}: a 256-bit AES key held in a PKCS#12 keystore entry
 *       (for example one the platform provisions, or a hardware-backed store exported as PKCS#12);
 *       the entry is generated when a profile is created and the alias holds none.
 * </ul>
 *
 * The passphrase array is copied; erase your own copy. Never printed.
 */
public final class ProfileKey {
  /** Argon2id cost parameters. */
  public record Argon2Params(int memoryKiB, int iterations, int parallelism) {
    /** 64 MiB, 3 passes, 1 lane. */
    public static final Argon2Params DEFAULT = new Argon2Params(64 * 1024, 3, 1);
    /** The most memory a profile may ask for: a damaged or hostile header must not cost more. */
    public static final int MAX_MEMORY_KIB = 256 * 1024;
    /** The most passes a profile may ask for. */
    public static final int MAX_ITERATIONS = 10;

    public Argon2Params {
      // Bounded because they are read from the (not yet authenticated) profile header.
      if (memoryKiB < 8 || memoryKiB > MAX_MEMORY_KIB) {
        throw new IllegalArgumentException("Argon2 memory must be in [8 KiB, 256 MiB]");
      }
      if (iterations < 1 || iterations > MAX_ITERATIONS) {
        throw new IllegalArgumentException("Argon2 iterations must be in [1, 10]");
      }
      if (parallelism < 1 || parallelism > 16 || memoryKiB < 8 * parallelism) {
        throw new IllegalArgumentException("Argon2 parallelism must be in [1, 16] and memory at least 8 KiB per lane");
      }
    }
  }

  enum Kind {
    PASSPHRASE,
    PKCS12
  }

  private final Kind kind;
  private final char[] passphrase;
  private final Argon2Params params;
  private final Path keystore;
  private final char[] keystorePassword;
  private final String alias;

  private ProfileKey(Kind kind, char[] passphrase, Argon2Params params, Path keystore, char[] keystorePassword,
      String alias) {
    this.kind = kind;
    this.passphrase = passphrase;
    this.params = params;
    this.keystore = keystore;
    this.keystorePassword = keystorePassword;
    this.alias = alias;
  }

  /** A passphrase; new profiles use {@link Argon2Params#DEFAULT}. */
  public static ProfileKey passphrase(char[] passphrase) {
    return passphrase(passphrase, Argon2Params.DEFAULT);
  }

  /** A passphrase; new profiles use {@code params} (opening uses the header's parameters). */
  public static ProfileKey passphrase(char[] passphrase, Argon2Params params) {
    if (passphrase == null || passphrase.length == 0) {
      throw new IllegalArgumentException("the profile passphrase must not be empty");
    }
    return new ProfileKey(Kind.PASSPHRASE, passphrase.clone(), Objects.requireNonNull(params), null, null, null);
  }

  /** An AES-256 key in entry {@code alias} of the PKCS#12 keystore {@code file}. */
  public static ProfileKey pkcs12(Path file, char[] password, String alias) {
    if (alias == null || alias.isEmpty() || alias.length() > 200) {
      throw new IllegalArgumentException("a keystore alias of 1 to 200 characters is required");
    }
    return new ProfileKey(Kind.PKCS12, null, null, file, password == null ? new char[0] : password.clone(), alias);
  }

  Kind kind() {
    return kind;
  }

  Argon2Params argon2Params() {
    return params;
  }

  String alias() {
    return alias;
  }

  /** Argon2id(passphrase, salt) with the given parameters: 32 octets. */
  SecretBytes deriveFromPassphrase(byte[] salt, Argon2Params p) throws ProfileException {
    if (kind != Kind.PASSPHRASE) {
      throw new ProfileException(ProfileException.Reason.WRONG_KEY,
          "this profile is sealed with a passphrase, but a keystore key was given");
    }
    byte[] pw = toUtf8(passphrase);
    byte[] out = new byte[32];
    try {
      Argon2BytesGenerator g = new Argon2BytesGenerator();
      g.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
          .withVersion(Argon2Parameters.ARGON2_VERSION_13)
          .withSalt(salt)
          .withMemoryAsKB(p.memoryKiB())
          .withIterations(p.iterations())
          .withParallelism(p.parallelism())
          .build());
      g.generateBytes(pw, out);
      return SecretBytes.copyOf(out, SecretAccess.get());
    } finally {
      Arrays.fill(pw, (byte) 0);
      Arrays.fill(out, (byte) 0);
    }
  }

  private static byte[] toUtf8(char[] chars) {
    ByteBuffer bb = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
    byte[] b = new byte[bb.remaining()];
    bb.get(b);
    if (bb.hasArray()) {
      Arrays.fill(bb.array(), (byte) 0);
    }
    return b;
  }

  /** The keystore key for {@code expectedAlias}; generated (and the keystore written) if {@code create}. */
  SecretBytes keystoreKey(String expectedAlias, boolean create, SecureRandom random) throws ProfileException {
    if (kind != Kind.PKCS12) {
      throw new ProfileException(ProfileException.Reason.WRONG_KEY,
          "this profile is sealed with a keystore key (alias '" + expectedAlias + "'), but a passphrase was given");
    }
    if (!alias.equals(expectedAlias)) {
      throw new ProfileException(ProfileException.Reason.WRONG_KEY, "this profile is sealed with the keystore entry '"
          + expectedAlias + "', not '" + alias + "'");
    }
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      if (Files.exists(keystore)) {
        try (InputStream in = Files.newInputStream(keystore)) {
          ks.load(in, keystorePassword);
        }
      } else if (create) {
        ks.load(null, null);
      } else {
        throw new ProfileException(ProfileException.Reason.WRONG_KEY, "the keystore " + keystore + " does not exist");
      }
      Key k = ks.containsAlias(alias) ? ks.getKey(alias, keystorePassword) : null;
      if (k == null) {
        if (!create) {
          throw new ProfileException(ProfileException.Reason.WRONG_KEY, "the keystore " + keystore
              + " has no key entry '" + alias + "'");
        }
        KeyGenerator kg = KeyGenerator.getInstance("AES");
        kg.init(256, random);
        SecretKey generated = kg.generateKey();
        ks.setEntry(alias, new KeyStore.SecretKeyEntry(generated), new KeyStore.PasswordProtection(keystorePassword));
        Path tmp = keystore.resolveSibling(keystore.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
          ks.store(out, keystorePassword);
        }
        Files.move(tmp, keystore, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        k = generated;
      }
      byte[] enc = k.getEncoded();
      try {
        if (!"AES".equalsIgnoreCase(k.getAlgorithm()) || enc == null || enc.length != 32) {
          throw new ProfileException(ProfileException.Reason.INVALID_ARGUMENT, "the keystore entry '" + alias
              + "' is not an AES-256 key");
        }
        return SecretBytes.copyOf(enc, SecretAccess.get());
      } finally {
        if (enc != null) {
          Arrays.fill(enc, (byte) 0);
        }
      }
    } catch (IOException e) {
      // A wrong keystore password surfaces as an IOException with an UnrecoverableKeyException cause.
      throw new ProfileException(ProfileException.Reason.WRONG_KEY, "cannot read the keystore " + keystore + ": "
          + e.getMessage(), e);
    } catch (GeneralSecurityException e) {
      throw new ProfileException(ProfileException.Reason.WRONG_KEY, "cannot use the keystore entry '" + alias + "' of "
          + keystore + ": " + e.getMessage(), e);
    }
  }

  /** Zeroes the passphrase or keystore password held here. */
  public void destroy() {
    if (passphrase != null) {
      Arrays.fill(passphrase, '\0');
    }
    if (keystorePassword != null) {
      Arrays.fill(keystorePassword, '\0');
    }
  }

  @Override
  public String toString() {
    return kind == Kind.PASSPHRASE ? "ProfileKey[passphrase, redacted]" : "ProfileKey[PKCS#12 " + keystore + " alias " + alias + "]";
  }
}

package org.mcxkms.kms.server.seal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.function.Consumer;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.crypto.SecretBytes;
import org.mcxkms.kms.server.config.ConfigException;
import org.mcxkms.kms.server.config.KmsConfig;
import org.mcxkms.kms.server.config.SecureFiles;
import org.mcxkms.kms.server.store.DomainRecord;

/**
 * Finds the key-encryption key the configuration names: a passphrase ({@code seal.passphrase},
 * {@code seal.passphrase.file}) through Argon2id, or a key file ({@code seal.key.file}, by default
 * {@code data.dir/seal.key}, generated on first start with mode 0600).
 */
public final class KekResolver {
  public static final String KIND_PASSPHRASE = "passphrase";
  public static final String KIND_KEYFILE = "keyfile";

  private KekResolver() {}

  /** A KEK for a new domain, with what must be stored about it. */
  public record NewKek(Kek kek, String kind, String params) {}

  public static NewKek forNewDomain(KmsConfig config, SecureRandom random, Consumer<String> warn)
      throws SealException {
    char[] pass = passphrase(config);
    if (pass != null) {
      byte[] salt = new byte[16];
      random.nextBytes(salt);
      KdfParams params = new KdfParams(config.argon2MemoryKib(), config.argon2Iterations(), 1, salt);
      try {
        return new NewKek(Kek.fromPassphrase(pass, params), KIND_PASSPHRASE, params.encode());
      } finally {
        Arrays.fill(pass, '\0');
      }
    }
    Path file = config.sealKeyFile();
    if (!Files.exists(file)) {
      if (config.sealKeyFileConfigured()) {
        throw new SealException("seal key file " + file + " does not exist");
      }
      byte[] key = new byte[Kek.LENGTH];
      random.nextBytes(key);
      try {
        SecureFiles.createSecret(file, (HexFormat.of().formatHex(key) + "\n").getBytes(StandardCharsets.US_ASCII));
      } catch (IOException e) {
        throw new SealException("cannot create the seal key file " + file + ": " + e.getMessage());
      } finally {
        Arrays.fill(key, (byte) 0);
      }
      warn.accept("generated the seal key file " + file + " (mode 0600). It sits next to the data it"
          + " protects: in production seal with a passphrase (MCX_KMS_SEAL_PASSPHRASE) or a key file kept"
          + " elsewhere (seal.key.file).");
    }
    return new NewKek(readKeyFile(file), KIND_KEYFILE, KIND_KEYFILE);
  }

  /** The KEK for an existing domain; checks it against the domain's check value. */
  public static Kek forDomain(KmsConfig config, DomainRecord domain) throws SealException {
    char[] pass = passphrase(config);
    Kek kek;
    if (KIND_PASSPHRASE.equals(domain.kekKind())) {
      if (pass == null) {
        throw new SealException("the master secrets are sealed with a passphrase, but none is configured"
            + " (set MCX_KMS_SEAL_PASSPHRASE or seal.passphrase.file)");
      }
      try {
        kek = Kek.fromPassphrase(pass, KdfParams.decode(domain.kekParams()));
      } catch (IllegalArgumentException e) {
        throw new SealException("the stored KDF parameters are damaged: " + e.getMessage());
      } finally {
        Arrays.fill(pass, '\0');
      }
    } else if (KIND_KEYFILE.equals(domain.kekKind())) {
      if (pass != null) {
        Arrays.fill(pass, '\0');
        throw new SealException("the master secrets are sealed with a key file, but a passphrase is"
            + " configured; remove the passphrase setting or point seal.key.file at the key file");
      }
      Path file = config.sealKeyFile();
      if (!Files.exists(file)) {
        throw new SealException("the master secrets are sealed with a key file, but " + file + " does not exist");
      }
      kek = readKeyFile(file);
    } else {
      throw new SealException("unknown seal kind '" + domain.kekKind() + "' in the domain record");
    }
    if (!kek.matches(domain.domainId(), domain.kekCheck())) {
      kek.destroy();
      throw new SealException(KIND_PASSPHRASE.equals(domain.kekKind())
          ? "wrong seal passphrase: it does not open this domain's master secrets"
          : "wrong seal key file " + config.sealKeyFile() + ": it does not open this domain's master secrets");
    }
    return kek;
  }

  private static char[] passphrase(KmsConfig config) throws SealException {
    String direct = config.sealPassphrase();
    String file = config.sealPassphraseFile();
    if (!direct.isEmpty() && !file.isEmpty()) {
      throw new ConfigException("set either seal.passphrase or seal.passphrase.file, not both");
    }
    if (!direct.isEmpty()) {
      return direct.toCharArray();
    }
    if (!file.isEmpty()) {
      try {
        String s = new String(SecureFiles.readSecret(Path.of(file)), StandardCharsets.UTF_8);
        int nl = s.indexOf('\n');
        String line = (nl < 0 ? s : s.substring(0, nl)).replace("\r", "");
        if (line.isEmpty()) {
          throw new SealException("the seal passphrase file " + file + " is empty");
        }
        return line.toCharArray();
      } catch (IOException e) {
        throw new SealException("cannot read the seal passphrase file: " + e.getMessage());
      }
    }
    return null;
  }

  private static Kek readKeyFile(Path file) throws SealException {
    byte[] raw;
    try {
      raw = SecureFiles.readSecret(file);
    } catch (IOException e) {
      throw new SealException("cannot read the seal key file: " + e.getMessage());
    }
    String hex = new String(raw, StandardCharsets.US_ASCII).trim();
    Arrays.fill(raw, (byte) 0);
    if (hex.length() != 2 * Kek.LENGTH || !hex.matches("[0-9a-fA-F]+")) {
      throw new SealException("the seal key file " + file + " must hold " + Kek.LENGTH + " octets as "
          + (2 * Kek.LENGTH) + " hex digits");
    }
    byte[] key = HexFormat.of().parseHex(hex);
    try {
      return Kek.of(SecretBytes.copyOf(key, SecretAccess.get()));
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }
}

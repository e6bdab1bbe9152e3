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
 * {@code seal.passphrase.file}) through Argon2id, a key in a PKCS#11 token
 * ({@code seal.pkcs11.key.label}), or a key file ({@code seal.key.file}, by default
 * {@code data.dir/seal.key}, generated on first start with mode 0600). The domain records which
 * kind sealed it ({@code kek_kind}, and for a token the key label in {@code kek_params}); a start
 * whose configuration names another KEK is refused.
 */
public final class KekResolver {
  public static final String KIND_PASSPHRASE = "passphrase";
  public static final String KIND_KEYFILE = "keyfile";
  public static final String KIND_PKCS11 = "pkcs11";
  private static final String LABEL_PARAM = "pkcs11;label=";

  private KekResolver() {}

  /** A KEK for a new domain, with what must be stored about it. */
  public record NewKek(Kek kek, String kind, String params) {}

  public static NewKek forNewDomain(KmsConfig config, SecureRandom random, Consumer<String> warn)
      throws SealException {
    char[] pass = passphrase(config);
    String label = config.sealPkcs11KeyLabel();
    if (!label.isEmpty()) {
      if (pass != null) {
        Arrays.fill(pass, '\0');
        throw new ConfigException("set either a seal passphrase or seal.pkcs11.key.label, not both");
      }
      return new NewKek(Pkcs11Token.open(config).kek(label), KIND_PKCS11, LABEL_PARAM + label);
    }
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

  /**
   * The KEK for an existing domain at start: the configuration must name the KEK that sealed it
   * (same kind; for a token, the same key label), and the KEK must match the domain's check value.
   */
  public static Kek forDomain(KmsConfig config, DomainRecord domain) throws SealException {
    String mismatch = mismatch(config, domain);
    if (mismatch != null) {
      throw new SealException(mismatch);
    }
    return open(config, domain);
  }

  /**
   * The KEK for a domain whose seal another node has just moved ({@code admin rotate-kek}): found
   * from what the domain records (kind, token key label) with the means this node has (token
   * settings and PIN, key file, passphrase), without requiring the configuration to name it yet.
   */
  public static Kek forRotatedDomain(KmsConfig config, DomainRecord domain) throws SealException {
    return open(config, domain);
  }

  /** Whether this node's configuration names the KEK that sealed {@code domain} (else the next start is refused). */
  public static boolean configuredFor(KmsConfig config, DomainRecord domain) {
    return mismatch(config, domain) == null;
  }

  /** Why the configuration does not name the KEK that sealed {@code domain}, or null if it does. */
  private static String mismatch(KmsConfig config, DomainRecord domain) {
    String label = config.sealPkcs11KeyLabel();
    boolean passphrase = !config.sealPassphrase().isEmpty() || !config.sealPassphraseFile().isEmpty();
    String notInToken = ", but seal.pkcs11.key.label is set; remove it, or move the seal into the token with"
        + " 'admin rotate-kek'";
    return switch (domain.kekKind()) {
      case KIND_PASSPHRASE -> !label.isEmpty() ? "the master secrets are sealed with a passphrase" + notInToken
          : !passphrase ? "the master secrets are sealed with a passphrase, but none is configured"
              + " (set MCX_KMS_SEAL_PASSPHRASE or seal.passphrase.file)"
          : null;
      case KIND_KEYFILE -> passphrase ? "the master secrets are sealed with a key file, but a passphrase is"
              + " configured; remove the passphrase setting or point seal.key.file at the key file"
          : !label.isEmpty() ? "the master secrets are sealed with a key file" + notInToken
          : null;
      case KIND_PKCS11 -> {
        String sealedBy = tokenLabel(domain);
        if (passphrase || label.isEmpty()) {
          yield "the master secrets are sealed by key '" + sealedBy + "' in a PKCS#11 token, but the configuration"
              + " names " + (passphrase ? "a passphrase" : "a key file") + "; set seal.pkcs11.key.label=" + sealedBy
              + " with seal.pkcs11.library, the slot and the PIN";
        }
        yield label.equals(sealedBy) ? null : "the master secrets are sealed by key '" + sealedBy + "' in the token,"
            + " but seal.pkcs11.key.label is '" + label + "'; set it to '" + sealedBy + "'";
      }
      default -> "unknown seal kind '" + domain.kekKind() + "' in the domain record";
    };
  }

  private static Kek open(KmsConfig config, DomainRecord domain) throws SealException {
    Kek kek;
    switch (domain.kekKind()) {
      case KIND_PASSPHRASE -> {
        char[] pass = passphrase(config);
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
      }
      case KIND_KEYFILE -> {
        Path file = config.sealKeyFile();
        if (!Files.exists(file)) {
          throw new SealException("the master secrets are sealed with a key file, but " + file + " does not exist");
        }
        kek = readKeyFile(file);
      }
      case KIND_PKCS11 -> kek = Pkcs11Token.open(config).kek(tokenLabel(domain));
      default -> throw new SealException("unknown seal kind '" + domain.kekKind() + "' in the domain record");
    }
    if (!kek.matches(domain.domainId(), domain.kekCheck())) {
      kek.destroy();
      throw new SealException(switch (domain.kekKind()) {
        case KIND_PASSPHRASE -> "wrong seal passphrase: it does not open this domain's master secrets";
        case KIND_PKCS11 -> "the key '" + kek.label() + "' in the token does not open this domain's master secrets"
            + " (another key under the same label, or another token?)";
        default -> "wrong seal key file " + config.sealKeyFile() + ": it does not open this domain's master secrets";
      });
    }
    return kek;
  }

  /**
   * A new KEK for {@code admin rotate-kek}: a key in the configured token (generated there first if
   * asked) or a key file (generated if absent).
   */
  public static NewKek forRotation(KmsConfig config, KekTarget target, SecureRandom random) throws SealException {
    if (target instanceof KekTarget.InToken t) {
      Pkcs11Token token = Pkcs11Token.open(config);
      return new NewKek(t.generate() ? token.generate(t.label()) : token.kek(t.label()), KIND_PKCS11,
          LABEL_PARAM + t.label());
    }
    Path file = ((KekTarget.KeyFile) target).file();
    if (!Files.exists(file)) {
      byte[] key = new byte[Kek.LENGTH];
      random.nextBytes(key);
      try {
        SecureFiles.createSecret(file, (HexFormat.of().formatHex(key) + "\n").getBytes(StandardCharsets.US_ASCII));
      } catch (IOException e) {
        throw new SealException("cannot create the seal key file " + file + ": " + e.getMessage());
      } finally {
        Arrays.fill(key, (byte) 0);
      }
    }
    return new NewKek(readKeyFile(file), KIND_KEYFILE, KIND_KEYFILE);
  }

  /** The label of the token key that sealed a {@value #KIND_PKCS11} domain. */
  public static String tokenLabel(DomainRecord domain) {
    String p = domain.kekParams();
    return p.startsWith(LABEL_PARAM) ? p.substring(LABEL_PARAM.length()) : "";
  }

  /** What sealed the domain, for the operator: kind, and the key label for a token. */
  public static String describe(DomainRecord domain) {
    return KIND_PKCS11.equals(domain.kekKind()) ? "key '" + tokenLabel(domain) + "' in a PKCS#11 token" : domain.kekKind();
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

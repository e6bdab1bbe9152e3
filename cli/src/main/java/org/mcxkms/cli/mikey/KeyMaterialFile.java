package org.mcxkms.cli.mikey;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Properties;
import java.util.TreeSet;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.crypto.SecretBytes;
import org.mcxkms.crypto.eccsi.Kpak;
import org.mcxkms.crypto.eccsi.Pvt;
import org.mcxkms.crypto.eccsi.Ssk;
import org.mcxkms.crypto.sakke.Rsk;
import org.mcxkms.crypto.sakke.SakkePublicKey;
import org.mcxkms.crypto.uid.KeyPeriodPolicy;
import org.mcxkms.kms.server.config.SecureFiles;
import org.mcxkms.mikey.KmsParameters;
import org.mcxkms.mikey.StaticKeyRing;

/**
 * Explicit key material for {@code mcx-kms mikey}, until client profiles exist: a Java properties
 * file (hex for every key), for example
 *
 * <pre>
 * # the KMS certificate (public)
 * kms.uri=kms.example.org
 * kms.period=2592000
 * kms.offset=0
 * kms.kpak=04...          (PubAuthKey, 65 octets)
 * kms.z=04...             (PubEncKey, 257 octets)
 * # the user (omit for a KMS-only file)
 * user.uri=sip:alice@example.org
 * key.1388.ssk=...        (UserSigningKeySSK of key period 1388, 32 octets)
 * key.1388.pvt=04...      (UserPubTokenPVT, 65 octets)
 * key.1388.rsk=04...      (UserDecryptKey, 257 octets)
 * </pre>
 *
 * Every key is validated on load (RFC 6507 5.1.2, RFC 6508 6.1.2) against the UID of the user for
 * that period. Such a file holds secrets: keep it private.
 */
public final class KeyMaterialFile {
  private static final HexFormat HEX = HexFormat.of();

  private final Properties props;
  private final Path path;

  private KeyMaterialFile(Path path, Properties props) {
    this.path = path;
    this.props = props;
  }

  public static KeyMaterialFile load(Path path) throws IOException {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      p.load(r);
    }
    return new KeyMaterialFile(path, p);
  }

  private String required(String key) {
    String v = props.getProperty(key);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException(path + ": missing " + key);
    }
    return v.strip();
  }

  private byte[] hex(String key) {
    try {
      return HEX.parseHex(required(key).replace(" ", ""));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(path + ": " + key + " is not hex");
    }
  }

  public KmsParameters kms() {
    try {
      return new KmsParameters(
          required("kms.uri"),
          KeyPeriodPolicy.of(Long.parseLong(required("kms.period")), Long.parseLong(props.getProperty("kms.offset", "0").strip())),
          Kpak.decode(hex("kms.kpak")),
          SakkePublicKey.decode(hex("kms.z")));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
    }
  }

  public boolean hasUser() {
    return props.getProperty("user.uri") != null;
  }

  /** The user's key ring; RSKs are validated (one pairing each) only if {@code withRsk}. */
  public StaticKeyRing keyRing(boolean withRsk) {
    KmsParameters kms = kms();
    StaticKeyRing.Builder b = StaticKeyRing.builder(required("user.uri"), kms);
    TreeSet<Long> periods = new TreeSet<>();
    for (String name : props.stringPropertyNames()) {
      if (name.startsWith("key.")) {
        String[] parts = name.split("\\.");
        if (parts.length != 3) {
          throw new IllegalArgumentException(path + ": unexpected key " + name);
        }
        periods.add(Long.parseLong(parts[1]));
      }
    }
    for (long n : periods) {
      try {
        if (props.getProperty("key." + n + ".ssk") != null) {
          b.signingKey(n, Ssk.decode(secret("key." + n + ".ssk")), Pvt.decode(hex("key." + n + ".pvt")));
        }
        if (withRsk && props.getProperty("key." + n + ".rsk") != null) {
          b.receiverKey(n, Rsk.decode(secret("key." + n + ".rsk")));
        }
      } catch (java.security.GeneralSecurityException e) {
        throw new IllegalArgumentException(path + ": key period " + n + ": " + e.getMessage(), e);
      }
    }
    return b.build();
  }

  private SecretBytes secret(String key) {
    byte[] b = hex(key);
    try {
      return SecretBytes.copyOf(b, SecretAccess.get());
    } finally {
      java.util.Arrays.fill(b, (byte) 0);
    }
  }

  /** Writes a key material file: mode 0600 from its first instant, replaced atomically. */
  public static void write(Path path, Properties p, String comment) throws IOException {
    SecureFiles.writeSecret(path, out -> {
      Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
      p.store(w, comment);
      w.flush();
    });
  }

}

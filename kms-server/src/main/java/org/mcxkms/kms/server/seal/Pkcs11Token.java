package org.mcxkms.kms.server.seal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.Provider;
import java.security.ProviderException;
import java.security.Security;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import org.mcxkms.kms.server.config.KmsConfig;
import org.mcxkms.kms.server.config.SecureFiles;

/**
 * A PKCS#11 token (an HSM, or SoftHSM for trying it) reached through the JDK's SunPKCS11 provider,
 * logged in as the user: it finds the seal key by its label, or generates one that never leaves
 * the token (CKA_TOKEN, CKA_SENSITIVE true, CKA_EXTRACTABLE false; PKCS#11 v2.40 4.7, 4.9).
 *
 * <p>The provider is configured at run time for one slot, chosen by slot ID or by index in the
 * module's slot list (SunPKCS11 cannot select a slot by token label). The PIN comes from a file or
 * the environment, never from the command line or the properties file. PKCS#11 keeps the login
 * state per process and token: once one login succeeded, a later login in the same process is
 * accepted whatever PIN it gives. So one logged-in token per module and slot is kept for the
 * process and shared (a rotation, or following one made by another node, configures no second
 * provider).
 */
public final class Pkcs11Token {
  private static final Map<String, Pkcs11Token> OPEN = new ConcurrentHashMap<>();

  private final Provider provider;
  private final KeyStore keys;
  private final String where;

  private Pkcs11Token(Provider provider, KeyStore keys, String where) {
    this.provider = provider;
    this.keys = keys;
    this.where = where;
  }

  /** The token the configuration names ({@code seal.pkcs11.*}), logged in with its PIN. */
  public static Pkcs11Token open(KmsConfig config) throws TokenException {
    String library = config.sealPkcs11Library();
    if (library.isEmpty()) {
      throw new TokenException(TokenException.Reason.LIBRARY_MISSING,
          "no PKCS#11 module configured (set seal.pkcs11.library to the HSM's PKCS#11 library)");
    }
    long slot = config.sealPkcs11Slot();
    String where = (slot >= 0 ? "slot " + slot : "slot index " + config.sealPkcs11SlotIndex()) + " of " + library;
    if (!Files.isRegularFile(Path.of(library))) {
      throw new TokenException(TokenException.Reason.LIBRARY_MISSING,
          "the PKCS#11 module " + library + " does not exist (seal.pkcs11.library)");
    }
    if (library.contains("\"") || library.contains("\n")) {
      throw new TokenException(TokenException.Reason.LIBRARY_MISSING, "seal.pkcs11.library holds a quote or a line break");
    }
    char[] pin = pin(config);
    String key = library + "\n" + (slot >= 0 ? "slot " + slot : "index " + config.sealPkcs11SlotIndex());
    Pkcs11Token open = OPEN.get(key);
    if (open != null) {
      Arrays.fill(pin, '\0');
      return open;
    }
    String settings = "--name = mcx-kms-seal\n"
        + "library = \"" + library + "\"\n"
        + (slot >= 0 ? "slot = " + slot : "slotListIndex = " + config.sealPkcs11SlotIndex()) + "\n"
        // Keys generated through this provider are born sensitive and non-extractable; storing one
        // under a label copies it into a token object, and a copy cannot become extractable.
        + "attributes(generate, CKO_SECRET_KEY, CKK_AES) = {\n"
        + "  CKA_SENSITIVE = true\n"
        + "  CKA_EXTRACTABLE = false\n"
        + "}\n";
    Provider provider;
    try {
      provider = Security.getProvider("SunPKCS11").configure(settings);
    } catch (ProviderException | IllegalArgumentException e) {
      Arrays.fill(pin, '\0');
      throw failure("cannot use " + where, e);
    }
    try {
      KeyStore keys = KeyStore.getInstance("PKCS11", provider);
      keys.load(null, pin);
      Pkcs11Token token = new Pkcs11Token(provider, keys, where);
      Pkcs11Token first = OPEN.putIfAbsent(key, token);
      return first != null ? first : token;
    } catch (IOException | GeneralSecurityException | ProviderException e) {
      throw failure("cannot log in to the token in " + where, e);
    } finally {
      Arrays.fill(pin, '\0');
    }
  }

  private static char[] pin(KmsConfig config) throws TokenException {
    String direct = config.sealPkcs11Pin();
    String file = config.sealPkcs11PinFile();
    if (!direct.isEmpty() && !file.isEmpty()) {
      throw new TokenException(TokenException.Reason.PIN_MISSING,
          "set either MCX_KMS_SEAL_PKCS11_PIN or seal.pkcs11.pin.file, not both");
    }
    if (!direct.isEmpty()) {
      return direct.toCharArray();
    }
    if (file.isEmpty()) {
      throw new TokenException(TokenException.Reason.PIN_MISSING,
          "no PIN for the seal token (set seal.pkcs11.pin.file or the environment variable MCX_KMS_SEAL_PKCS11_PIN)");
    }
    byte[] raw;
    try {
      raw = SecureFiles.readSecret(Path.of(file));
    } catch (IOException e) {
      throw new TokenException(TokenException.Reason.PIN_MISSING, "cannot read the PIN file: " + e.getMessage());
    }
    String s = new String(raw, StandardCharsets.UTF_8);
    Arrays.fill(raw, (byte) 0);
    int nl = s.indexOf('\n');
    String line = (nl < 0 ? s : s.substring(0, nl)).replace("\r", "");
    if (line.isEmpty()) {
      throw new TokenException(TokenException.Reason.PIN_MISSING, "the PIN file " + file + " is empty");
    }
    return line.toCharArray();
  }

  /**
   * Names the failure from the PKCS#11 return value the provider reports (PKCS#11 v2.40 5.1):
   * a wrong or locked PIN, a slot without a token, or something else, in one line.
   */
  private static TokenException failure(String context, Throwable e) {
    String ckr = null;
    String first = e.getMessage();
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = t.getMessage();
      if (m != null && m.contains("CKR_") && ckr == null) {
        ckr = m.substring(m.indexOf("CKR_")).split("[\\s:,]")[0];
      }
      if (m != null && m.startsWith("slotListIndex")) {
        first = m;
        ckr = "CKR_SLOT_ID_INVALID";
      }
    }
    if (ckr == null) {
      return new TokenException(TokenException.Reason.TOKEN_FAILED, context + ": " + first);
    }
    return switch (ckr) {
      case "CKR_PIN_INCORRECT", "CKR_PIN_INVALID", "CKR_PIN_LEN_RANGE" ->
          new TokenException(TokenException.Reason.WRONG_PIN, context + ": wrong PIN (" + ckr + ")");
      case "CKR_PIN_LOCKED", "CKR_PIN_EXPIRED" ->
          new TokenException(TokenException.Reason.PIN_LOCKED, context + ": the user PIN is locked or expired (" + ckr
              + "); the security officer must reset it");
      case "CKR_SLOT_ID_INVALID", "CKR_TOKEN_NOT_PRESENT", "CKR_TOKEN_NOT_RECOGNIZED", "CKR_DEVICE_REMOVED" ->
          new TokenException(TokenException.Reason.NO_TOKEN, context + ": no usable token there (" + ckr
              + "); check seal.pkcs11.slot or seal.pkcs11.slot.index");
      default -> new TokenException(TokenException.Reason.TOKEN_FAILED, context + ": " + ckr);
    };
  }

  /** The seal key labelled {@code label}; refused if absent, not AES, or extractable in clear. */
  public synchronized Kek kek(String label) throws TokenException {
    Key k;
    try {
      k = keys.getKey(label, null);
      if (k == null) {
        // SunPKCS11's key store lists the token's objects as of its last load: a key generated
        // since, with the vendor's tool, is found once they are listed again (already logged
        // in, so no PIN).
        keys.load(null, null);
        k = keys.getKey(label, null);
      }
    } catch (IOException | GeneralSecurityException | ProviderException e) {
      throw failure("cannot read key '" + label + "' in " + where, e);
    }
    if (k == null) {
      throw new TokenException(TokenException.Reason.KEY_MISSING, "the token in " + where + " has no key labelled '"
          + label + "' (seal.pkcs11.key.label)");
    }
    if (!(k instanceof SecretKey sk) || !"AES".equalsIgnoreCase(k.getAlgorithm())) {
      throw new TokenException(TokenException.Reason.KEY_UNSUITABLE, "the object labelled '" + label + "' in " + where
          + " is not an AES secret key");
    }
    // SunPKCS11 shows CKA_SENSITIVE and CKA_EXTRACTABLE only in the key's description
    // ("sensitive"/"not sensitive", "extractable"/"unextractable"); getEncoded() is null as soon
    // as either forbids reading the value, so it alone cannot tell.
    String d = k.toString();
    if (k.getEncoded() != null || d.contains("not sensitive") || d.contains(", extractable")) {
      throw new TokenException(TokenException.Reason.KEY_UNSUITABLE, "the key labelled '" + label + "' in " + where
          + " can leave the token (" + (d.contains("not sensitive") ? "CKA_SENSITIVE false" : "CKA_EXTRACTABLE true")
          + "); generate the seal key with CKA_SENSITIVE=true and CKA_EXTRACTABLE=false");
    }
    return Kek.inToken(sk, provider, label);
  }

  /**
   * Generates a new AES-256 seal key in the token under {@code label}: a token object, sensitive
   * and non-extractable, generated inside the token. Refused if the label is taken.
   */
  public synchronized Kek generate(String label) throws TokenException {
    try {
      if (keys.containsAlias(label)) {
        throw new TokenException(TokenException.Reason.KEY_UNSUITABLE, "the token in " + where
            + " already holds an object labelled '" + label + "'");
      }
      KeyGenerator gen = KeyGenerator.getInstance("AES", provider);
      gen.init(256);
      SecretKey session = gen.generateKey();
      keys.setEntry(label, new KeyStore.SecretKeyEntry(session), null);
    } catch (GeneralSecurityException | ProviderException e) {
      throw failure("cannot generate key '" + label + "' in " + where, e);
    }
    return kek(label);
  }

  @Override
  public String toString() {
    return "Pkcs11Token[" + where + "]";
  }
}

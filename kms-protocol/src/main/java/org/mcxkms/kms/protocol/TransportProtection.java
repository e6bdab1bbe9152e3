package org.mcxkms.kms.protocol;

import static org.mcxkms.kms.protocol.SafeText.clip;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.mcxkms.crypto.SecretBytes;
import org.mcxkms.kms.protocol.KmsProtocolException.Reason;
import org.mcxkms.kms.protocol.security.KeyWrapAlgorithm;
import org.mcxkms.kms.protocol.security.ProtectionKey;
import org.mcxkms.kms.protocol.security.ProtectionKeyResolver;

/**
 * Confidentiality of key material under the transport key TrK (TS 33.180 D.1, D.3): the three
 * key elements of a {@code KmsKeySet} and {@code NewTransportKey}/{@code NewIntegrityKey} travel as
 * {@code xenc:EncryptedKey} with the TrK's ID in {@code ds:KeyInfo/ds:KeyName}. Thread-safe.
 *
 * <p><b>Algorithm (UNCONFIRMED: the Annex D schema carries an {@code xenc:EncryptedKey} but fixes
 * no {@code EncryptionMethod}).</b> We encrypt with RFC 5649 AES-256 key wrap with padding,
 * {@value KeyWrapAlgorithm#KW_AES256_PAD}: it is the XML Encryption 1.1 algorithm meant for
 * {@code EncryptedKey}; unlike RFC 3394 key wrap it takes the
 * 257-octet RSK and the 65-octet PVT; it is authenticated and needs no IV, so nothing can go wrong
 * with nonce handling in a secure element. AES-256-GCM ({@code xmlenc11#aes256-gcm}) is accepted
 * too and can be chosen for encryption with {@link #using}. Any other URI is refused with
 * {@link Reason#UNSUPPORTED_ALGORITHM}. New algorithms plug in as {@link KeyWrapAlgorithm}s.
 *
 * <p><b>Rotation.</b> A new TrK or InK is encrypted under the <em>current</em> TrK (UNCONFIRMED;
 * the schema only says it is an {@code EncKeyContentType}); its own ID travels in
 * {@code xenc:CarriedKeyName}, the XML Encryption element for naming the carried key.
 */
public final class TransportProtection {
  /** Characters of peer-supplied text quoted in an error message. */
  private static final int QUOTE = 80;

  private final KeyWrapAlgorithm encryptWith;
  private final Map<String, KeyWrapAlgorithm> accepted;
  private final SecureRandom random;

  private TransportProtection(KeyWrapAlgorithm encryptWith, List<KeyWrapAlgorithm> alsoAccepted, SecureRandom random) {
    this.encryptWith = Objects.requireNonNull(encryptWith);
    Map<String, KeyWrapAlgorithm> m = new LinkedHashMap<>();
    m.put(encryptWith.uri(), encryptWith);
    for (KeyWrapAlgorithm a : alsoAccepted) {
      m.putIfAbsent(a.uri(), a);
    }
    this.accepted = Map.copyOf(m);
    this.random = Objects.requireNonNull(random);
  }

  /** Encrypts with AES-256 key wrap with padding; decrypts that and AES-256-GCM. */
  public static TransportProtection standard() {
    return new TransportProtection(KeyWrapAlgorithm.aes256KeyWrapPad(),
        List.of(KeyWrapAlgorithm.aes256Gcm()), new SecureRandom());
  }

  /** Encrypts with {@code encryptWith}; decrypts that and every algorithm in {@code alsoAccepted}. */
  public static TransportProtection using(KeyWrapAlgorithm encryptWith, List<KeyWrapAlgorithm> alsoAccepted,
      SecureRandom random) {
    return new TransportProtection(encryptWith, alsoAccepted, random);
  }

  /** The URI used for encryption. */
  public String algorithm() {
    return encryptWith.uri();
  }

  // ---------------------------------------------------------------- encryption (KMS side)

  /** Encrypts key octets under {@code trk}, naming it in ds:KeyName. */
  public EncryptedKey encrypt(SecretBytes keyMaterial, ProtectionKey trk) {
    requireTransport(trk);
    return EncryptedKey.of(encryptWith.uri(), trk.id(), null, encryptWith.encrypt(trk.secret(), keyMaterial, random));
  }

  /**
   * The key set with its clear key elements encrypted under {@code trk} (empty elements of a
   * revoked key set stay empty).
   */
  public KmsKeySet encrypt(KmsKeySet keySet, ProtectionKey trk) {
    return keySet.toBuilder()
        .userDecryptKey(encrypt(keySet.userDecryptKey(), trk))
        .userSigningKeySsk(encrypt(keySet.userSigningKeySsk(), trk))
        .userPubTokenPvt(encrypt(keySet.userPubTokenPvt(), trk))
        .build();
  }

  /** Clear content is encrypted; the empty content of a revoked key set has nothing to hide. */
  private KeyContent encrypt(KeyContent c, ProtectionKey trk) {
    if (c.isEncrypted() || c.plain().length() == 0) {
      return c;
    }
    return KeyContent.encrypted(encrypt(c.plain(), trk));
  }

  /** A {@code NewTransportKey}/{@code NewIntegrityKey}: {@code newKey} encrypted under {@code currentTrk}. */
  public EncryptedKey wrapNewKey(ProtectionKey newKey, ProtectionKey currentTrk) {
    requireTransport(currentTrk);
    return EncryptedKey.of(encryptWith.uri(), currentTrk.id(), newKey.id(),
        encryptWith.encrypt(currentTrk.secret(), newKey.secret(), random));
  }

  /**
   * A {@code KeyProv} message with every key set encrypted under {@code trk}; the caller sets
   * {@code TrK-ID} on the response.
   */
  public KmsKeyProv encrypt(KmsKeyProv message, ProtectionKey trk) {
    List<KmsKeySet> sets = new ArrayList<>();
    for (KmsKeySet k : message.keySets()) {
      sets.add(encrypt(k, trk));
    }
    return message.withKeySets(sets);
  }

  private static void requireTransport(ProtectionKey k) {
    if (k.kind() != ProtectionKey.Kind.TRANSPORT) {
      throw new IllegalArgumentException("key material is encrypted under a TrK; '" + k.id() + "' is an InK");
    }
  }

  // ---------------------------------------------------------------- decryption (client side)

  /**
   * Decrypts an {@code xenc:EncryptedKey} with the TrK named by its ds:KeyName.
   *
   * @throws KmsProtocolException UNSUPPORTED_ALGORITHM, UNKNOWN_KEY (no KeyName, unknown ID or not
   *     a TrK) or DECRYPTION_FAILED (wrong key or altered ciphertext)
   */
  public SecretBytes decrypt(EncryptedKey encrypted, ProtectionKeyResolver trks) throws KmsProtocolException {
    return decrypt(encrypted, trks, null, "xenc:EncryptedKey");
  }

  /**
   * The key set with its encrypted key elements decrypted (clear ones are kept), each checked for
   * the length of its key (257, 32, 65 octets).
   */
  public KmsKeySet decrypt(KmsKeySet keySet, ProtectionKeyResolver trks) throws KmsProtocolException {
    return decrypt(keySet, trks, null, "KmsKeySet");
  }

  /**
   * The response with every key set decrypted. An {@code EncryptedKey} without ds:KeyName is
   * decrypted with the TrK named by the response's {@code TrK-ID}. {@code NewTransportKey} and
   * {@code NewIntegrityKey} stay encrypted: take them with {@link #newTransportKeys} and
   * {@link #newIntegrityKeys}.
   */
  public KmsResponse decrypt(KmsResponse response, ProtectionKeyResolver trks) throws KmsProtocolException {
    Optional<KmsKeyProv> kp = response.keyProv();
    if (kp.isEmpty()) {
      return response;
    }
    String fallback = response.trkId().orElse(null);
    List<KmsKeySet> sets = new ArrayList<>();
    int i = 1;
    for (KmsKeySet k : kp.get().keySets()) {
      sets.add(decrypt(k, trks, fallback, "KmsResponse/KmsMessage/KmsKeyProv/KmsKeySet[" + i++ + "]"));
    }
    return response.toBuilder().message(kp.get().withKeySets(sets)).build();
  }

  /** The new TrKs of an init or keyprov response, decrypted under the current TrK. */
  public List<ProtectionKey> newTransportKeys(KmsResponse response, ProtectionKeyResolver trks) throws KmsProtocolException {
    return newKeys(response, trks, ProtectionKey.Kind.TRANSPORT);
  }

  /** The new InKs of an init or keyprov response, decrypted under the current TrK. */
  public List<ProtectionKey> newIntegrityKeys(KmsResponse response, ProtectionKeyResolver trks) throws KmsProtocolException {
    return newKeys(response, trks, ProtectionKey.Kind.INTEGRITY);
  }

  /**
   * Decrypts one {@code NewTransportKey}/{@code NewIntegrityKey}; its ID comes from
   * {@code xenc:CarriedKeyName}, which is required.
   */
  public ProtectionKey unwrapNewKey(EncryptedKey encrypted, ProtectionKey.Kind kind, ProtectionKeyResolver trks)
      throws KmsProtocolException {
    return unwrapNewKey(encrypted, kind, trks, null, kind == ProtectionKey.Kind.TRANSPORT ? "NewTransportKey" : "NewIntegrityKey");
  }

  private List<ProtectionKey> newKeys(KmsResponse response, ProtectionKeyResolver trks, ProtectionKey.Kind kind)
      throws KmsProtocolException {
    KmsMessage m = response.message().orElse(null);
    List<EncryptedKey> wrapped;
    String path;
    if (m instanceof KmsInit init) {
      wrapped = kind == ProtectionKey.Kind.TRANSPORT ? init.newTransportKeys() : init.newIntegrityKeys();
      path = "KmsResponse/KmsMessage/KmsInit/";
    } else if (m instanceof KmsKeyProv kp) {
      wrapped = kind == ProtectionKey.Kind.TRANSPORT ? kp.newTransportKeys() : kp.newIntegrityKeys();
      path = "KmsResponse/KmsMessage/KmsKeyProv/";
    } else {
      return List.of();
    }
    path += kind == ProtectionKey.Kind.TRANSPORT ? "NewTransportKey" : "NewIntegrityKey";
    List<ProtectionKey> out = new ArrayList<>();
    for (int i = 0; i < wrapped.size(); i++) {
      out.add(unwrapNewKey(wrapped.get(i), kind, trks, response.trkId().orElse(null), path + "[" + (i + 1) + "]"));
    }
    return out;
  }

  private ProtectionKey unwrapNewKey(EncryptedKey e, ProtectionKey.Kind kind, ProtectionKeyResolver trks, String fallback,
      String path) throws KmsProtocolException {
    String id = e.carriedKeyName().orElseThrow(() -> new KmsProtocolException(Reason.MISSING_ELEMENT,
        path + "/xenc:EncryptedKey/xenc:CarriedKeyName", "the ID of the new key is required"));
    SecretBytes key = decrypt(e, trks, fallback, path + "/xenc:EncryptedKey");
    if (key.length() != ProtectionKey.LENGTH) {
      throw new KmsProtocolException(Reason.INVALID_VALUE, path, "a new " + kind.shortName() + " must have "
          + ProtectionKey.LENGTH + " octets, got " + key.length());
    }
    try {
      return ProtectionKey.of(kind, id, key);
    } catch (IllegalArgumentException ex) {
      throw new KmsProtocolException(Reason.INVALID_VALUE, path + "/xenc:EncryptedKey/xenc:CarriedKeyName", ex.getMessage());
    }
  }

  private KmsKeySet decrypt(KmsKeySet k, ProtectionKeyResolver trks, String fallback, String path) throws KmsProtocolException {
    if (!k.isEncrypted()) {
      return k;
    }
    return k.toBuilder()
        .userDecryptKey(decrypt(k.userDecryptKey(), trks, fallback, path + "/UserDecryptKey", KmsKeySet.RSK_LENGTH))
        .userSigningKeySsk(decrypt(k.userSigningKeySsk(), trks, fallback, path + "/UserSigningKeySSK", KmsKeySet.SSK_LENGTH))
        .userPubTokenPvt(decrypt(k.userPubTokenPvt(), trks, fallback, path + "/UserPubTokenPVT", KmsKeySet.PVT_LENGTH))
        .build();
  }

  private KeyContent decrypt(KeyContent c, ProtectionKeyResolver trks, String fallback, String path, int length)
      throws KmsProtocolException {
    if (!c.isEncrypted()) {
      return c;
    }
    SecretBytes clear = decrypt(c.encrypted(), trks, fallback, path + "/xenc:EncryptedKey");
    if (clear.length() != length) {
      clear.destroy();
      throw new KmsProtocolException(Reason.INVALID_VALUE, path, "decrypts to " + clear.length() + " octets, "
          + length + " expected");
    }
    return KeyContent.plain(clear);
  }

  private SecretBytes decrypt(EncryptedKey e, ProtectionKeyResolver trks, String fallback, String path)
      throws KmsProtocolException {
    KeyWrapAlgorithm alg = accepted.get(e.algorithm());
    if (alg == null) {
      throw new KmsProtocolException(Reason.UNSUPPORTED_ALGORITHM, path + "/xenc:EncryptionMethod/@Algorithm",
          "'" + clip(e.algorithm(), QUOTE) + "' is not supported; supported: " + String.join(", ", accepted.keySet()));
    }
    String keyId = e.keyName().orElse(fallback);
    if (keyId == null) {
      throw new KmsProtocolException(Reason.UNKNOWN_KEY, path + "/ds:KeyInfo/ds:KeyName",
          "names no TrK and the response has no TrK-ID");
    }
    ProtectionKey trk = trks.find(keyId).orElseThrow(() -> new KmsProtocolException(Reason.UNKNOWN_KEY,
        path + "/ds:KeyInfo/ds:KeyName", "no TrK with the ID '" + clip(keyId, QUOTE) + "'"));
    if (trk.kind() != ProtectionKey.Kind.TRANSPORT) {
      throw new KmsProtocolException(Reason.UNKNOWN_KEY, path + "/ds:KeyInfo/ds:KeyName",
          "'" + clip(keyId, QUOTE) + "' is an InK; key material is encrypted under a TrK");
    }
    try {
      return alg.decrypt(trk.secret(), e.cipherValue());
    } catch (GeneralSecurityException ex) {
      throw new KmsProtocolException(Reason.DECRYPTION_FAILED, path,
          "does not decrypt under TrK '" + clip(keyId, QUOTE) + "' (wrong key or altered ciphertext)");
    }
  }

}

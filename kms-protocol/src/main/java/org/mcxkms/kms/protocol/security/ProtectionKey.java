package org.mcxkms.kms.protocol.security;

import java.security.SecureRandom;
import java.util.Objects;
import org.mcxkms.crypto.SecretBytes;

/**
 * A key of the Annex D security extension (TS 33.180 D.1) with its ID: the transport key TrK
 * (encrypts key material, may sign) or the integrity key InK (signs requests and responses).
 * Both are 256-bit keys (the TrK length follows the Kapsch implementation; the TS value is
 * UNCONFIRMED) provisioned out of band or delivered as {@code NewTransportKey}/{@code NewIntegrityKey}.
 * The ID travels as {@code TrK-ID}, {@code Signature-ID}, {@code ds:KeyName} and
 * {@code xenc:CarriedKeyName}. Immutable; the key never appears in {@link #toString()}.
 */
public final class ProtectionKey {
  /** Length of a TrK or InK in octets. */
  public static final int LENGTH = 32;
  /** Longest key ID accepted (IDs are written into XML and logs). */
  public static final int MAX_ID_LENGTH = 256;

  /** Which role the key has. */
  public enum Kind {
    /** TrK: encrypts key material under the security extension; may also sign. */
    TRANSPORT("TrK"),
    /** InK: signs requests and responses (preferred over the TrK for signing when it exists). */
    INTEGRITY("InK");

    private final String shortName;

    Kind(String shortName) {
      this.shortName = shortName;
    }

    /** "TrK" or "InK". */
    public String shortName() {
      return shortName;
    }
  }

  private final Kind kind;
  private final String id;
  private final SecretBytes key;

  private ProtectionKey(Kind kind, String id, SecretBytes key) {
    this.kind = Objects.requireNonNull(kind, "kind");
    this.id = checkId(id);
    Objects.requireNonNull(key, "key");
    if (key.length() != LENGTH) {
      throw new IllegalArgumentException(kind.shortName + " must have " + LENGTH + " octets, got " + key.length());
    }
    this.key = key;
  }

  static String checkId(String id) {
    if (id == null || id.isEmpty() || id.length() > MAX_ID_LENGTH || !id.strip().equals(id)) {
      throw new IllegalArgumentException("a key ID must have 1 to " + MAX_ID_LENGTH + " characters without surrounding spaces");
    }
    for (int i = 0; i < id.length(); i++) {
      if (Character.isISOControl(id.charAt(i))) {
        throw new IllegalArgumentException("a key ID must not contain control characters");
      }
    }
    return id;
  }

  public static ProtectionKey of(Kind kind, String id, SecretBytes key) {
    return new ProtectionKey(kind, id, key);
  }

  /** A TrK with its ID. */
  public static ProtectionKey transport(String id, SecretBytes key) {
    return new ProtectionKey(Kind.TRANSPORT, id, key);
  }

  /** An InK with its ID. */
  public static ProtectionKey integrity(String id, SecretBytes key) {
    return new ProtectionKey(Kind.INTEGRITY, id, key);
  }

  /** A fresh random key (for provisioning or rotation). */
  public static ProtectionKey generate(Kind kind, String id, SecureRandom random) {
    return new ProtectionKey(kind, id, SecretBytes.random(LENGTH, random));
  }

  public Kind kind() {
    return kind;
  }

  public String id() {
    return id;
  }

  /** The 32 key octets. */
  public SecretBytes secret() {
    return key;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ProtectionKey k && k.kind == kind && k.id.equals(id) && k.key.equalsSecretBytes(key);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, id);
  }

  @Override
  public String toString() {
    return kind.shortName + "[" + id + ", redacted]";
  }
}

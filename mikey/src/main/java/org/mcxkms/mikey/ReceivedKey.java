package org.mcxkms.mikey;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.mcxkms.crypto.SecretBytes;
import org.mcxkms.crypto.uid.NtpTime;
import org.mcxkms.crypto.uid.Uid;
import org.mcxkms.mikey.kdf.MikeyKdf;
import org.mcxkms.mikey.kdf.SrtpKeyMaterial;
import org.mcxkms.mikey.wire.ByteString;
import org.mcxkms.mikey.wire.CsIdMap;
import org.mcxkms.mikey.wire.KeyParameters;
import org.mcxkms.mikey.wire.SecurityPolicyPayload;

/**
 * A key accepted from an I_MESSAGE: the key itself, its ID and purpose, and everything the media
 * layer needs with it (CSB ID, RAND, CS ID map, policies). The key is secret and never printed.
 *
 * @param keyId the K-ID: PCK-ID, CSK-ID, MuSiK-ID, or for a GMK the GMK-ID recovered from the GUK-ID
 * @param csbId the HDR CSB ID (the GUK-ID for a GMK)
 * @param gukId the GUK-ID, for a GMK
 * @param senderUri the initiator URI when it was known (IDRi or an expected sender), else empty
 * @param period the responder's key period whose RSK opened the key
 * @param keyParameters the decrypted GENERAL EXTENSION 7, if the message had one
 * @param vendorSignatureVariant true if the signature only verified over the octets before the
 *     SIGN header (the old Alea/Softil variant accepted on receipt)
 * @param viaSakkeToSelf true if the key came from GENERAL EXTENSION 6 (another device of the initiator)
 */
public record ReceivedKey(
    KeyPurpose purpose,
    SecretBytes key,
    int keyId,
    int csbId,
    OptionalInt gukId,
    ByteString rand,
    CsIdMap csIdMap,
    List<SecurityPolicyPayload> securityPolicies,
    NtpTime timestamp,
    Uid senderUid,
    Optional<String> senderUri,
    String senderKmsUri,
    long period,
    Optional<KeyParameters> keyParameters,
    boolean vendorSignatureVariant,
    boolean viaSakkeToSelf) {
  public ReceivedKey {
    Objects.requireNonNull(purpose);
    Objects.requireNonNull(key);
    securityPolicies = List.copyOf(securityPolicies);
  }

  /** The SRTP MKI: GMK-ID || GUK-ID for a GMK, otherwise the 32-bit key ID (TS 33.180 7.4). */
  public ByteString mki() {
    return gukId.isPresent() ? MikeyKdf.gmkMki(keyId, gukId.getAsInt()) : MikeyKdf.keyIdMki(keyId);
  }

  /** SRTP/SRTCP master key and salt for crypto session {@code csId} (TS 33.180 7.4). */
  public SrtpKeyMaterial srtpKeyMaterial(int csId) {
    return MikeyKdf.srtp(key, csId, csbId, rand, mki());
  }

  /** The CS-IDs of the GENERIC-ID map, or the purpose's default for an empty or SRTP-ID map. */
  public List<Integer> csIds() {
    if (csIdMap instanceof CsIdMap.GenericId generic) {
      return generic.entries().stream().map(CsIdMap.GenericIdEntry::csId).toList();
    }
    return List.of(purpose.defaultCsId());
  }

  @Override
  public String toString() {
    return "ReceivedKey[" + purpose + " " + String.format("%08x", keyId) + ", csb=" + String.format("%08x", csbId)
        + ", rand=" + rand + ", sender=" + senderUid.toHex() + ", period=" + period + ", key=redacted]";
  }
}

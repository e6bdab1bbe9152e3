package org.mcxkms.media.srtp;

import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.crypto.SecretBytes;
import org.mcxkms.crypto.uid.NtpTime;
import org.mcxkms.crypto.uid.Uid;
import org.mcxkms.mikey.KeyPurpose;
import org.mcxkms.mikey.ReceivedKey;
import org.mcxkms.mikey.wire.ByteString;
import org.mcxkms.mikey.wire.CsIdMap;

/**
 * Received keys for the tests. The GMK values are Etherstack's published vector (the same rows
 * as the mikey module's MikeyKdfTest): one GMK, its RAND and GMK-ID, and per member the GUK-ID
 * and the SRTP master key and salt of CS-ID 4 that Etherstack computed.
 */
final class TestKeys {
  private static final HexFormat H = HexFormat.of();
  static final String ETHERSTACK_GMK = "fcfe65cd967c58d260b603ccb9a887a9";
  static final String ETHERSTACK_RAND = "6819e679461120e10ac458cce67b8024";
  static final int ETHERSTACK_GMK_ID = 0x09bf9d37;
  /** {member URI, GUK-ID, master key, master salt}. */
  static final String[][] ETHERSTACK_MEMBERS = {
    {"sip:p25user01@etherstack.com", "01c8de7b", "64837d2b4d69a266e4489d3807353ad9", "8b2f081ce8e8bdab1f8d9eb8"},
    {"sip:p25user02@etherstack.co.jp", "0abe69d0", "de81b70c4ae0ff3f79364df586c2e0ce", "750ea7422b4d5a8ff475c6d5"},
    {"sip:92100002447@att.com", "0c449727", "f097ac3325f1f784bc8ba4112c5e5f88", "97a154fb24efbfb353a265e2"},
  };

  private TestKeys() {}

  static SecretBytes secret(String hex) {
    return SecretBytes.copyOf(H.parseHex(hex), SecretAccess.get());
  }

  /** The GMK as member {@code i} of the Etherstack vector received it. */
  static ReceivedKey etherstackGmk(int member) {
    int guk = Integer.parseUnsignedInt(ETHERSTACK_MEMBERS[member][1], 16);
    return key(KeyPurpose.GMK, secret(ETHERSTACK_GMK), ETHERSTACK_GMK_ID, guk, OptionalInt.of(guk),
        ByteString.fromHex(ETHERSTACK_RAND));
  }

  static ReceivedKey key(KeyPurpose purpose, SecretBytes key, int keyId, int csbId, OptionalInt gukId, ByteString rand) {
    return new ReceivedKey(purpose, key, keyId, csbId, gukId, rand, new CsIdMap.Empty(), List.of(),
        NtpTime.ofSeconds(3_968_437_672L), Uid.of(new byte[Uid.LENGTH]), Optional.empty(), "kms.example.org", 0,
        Optional.empty(), false, false);
  }

  /** A random-looking key of {@code purpose} with a key ID carrying the purpose tag. */
  static ReceivedKey key(KeyPurpose purpose, String keyHex, int random28) {
    int id = purpose.keyId(random28);
    return key(purpose, secret(keyHex), id, id, OptionalInt.empty(), ByteString.fromHex("00112233445566778899aabbccddeeff"));
  }
}

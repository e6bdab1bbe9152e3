package org.mcxkms.kms.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.crypto.SecretBytes;

/**
 * A KMS marks a revoked key period with a key set whose {@code Revoked} is true and whose key
 * elements are empty hexBinary (valid against the schema), so no revoked material is handed out.
 * Empty keys are accepted only in a revoked set.
 */
class RevokedKeySetTest {
  private static KeyContent empty() {
    return KeyContent.plain(SecretBytes.copyOf(new byte[0], SecretAccess.get()));
  }

  private static KmsKeySet revokedMark() {
    return Fixtures.keySet("sip:alice@example.org", 700).toBuilder()
        .revoked(true)
        .userDecryptKey(empty())
        .userSigningKeySsk(empty())
        .userPubTokenPvt(empty())
        .build();
  }

  @Test
  void revokedSetWithEmptyKeysRoundTrips() throws Exception {
    KmsResponse r = Fixtures.response("keyprov", KmsKeyProv.of(List.of(revokedMark()))).build();
    byte[] xml = KmsXmlWriter.create().write(r);
    String text = new String(xml, StandardCharsets.UTF_8);
    assertThat(text).contains("<Revoked>true</Revoked>");
    assertThat(text).containsPattern("<UserDecryptKey xsi:type=\"KeyContentType\"\\s*(/>|></UserDecryptKey>)");
    KmsKeySet back = KmsXmlReader.create().readResponse(xml).keyProv().orElseThrow().keySets().get(0);
    assertThat(back.revoked()).isTrue();
    assertThat(back.userDecryptKey().plain().length()).isZero();
    assertThat(back.userSigningKeySsk().plain().length()).isZero();
    assertThat(back.userPubTokenPvt().plain().length()).isZero();
  }

  @Test
  void emptyKeysOutsideARevokedSetAreRefused() throws Exception {
    assertThatThrownBy(() -> Fixtures.keySet("sip:alice@example.org", 700).toBuilder()
        .userDecryptKey(empty()).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("UserDecryptKey");
    KmsResponse r = Fixtures.response("keyprov", KmsKeyProv.of(List.of(revokedMark()))).build();
    String text = new String(KmsXmlWriter.create().write(r), StandardCharsets.UTF_8)
        .replace("<Revoked>true</Revoked>", "<Revoked>false</Revoked>");
    assertThatThrownBy(() -> KmsXmlReader.create().readResponse(text.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(KmsProtocolException.class).hasMessageContaining("octets");
  }
}

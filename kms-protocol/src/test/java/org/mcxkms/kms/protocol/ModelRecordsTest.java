package org.mcxkms.kms.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The records of the document model: validation at construction, copies, equality, redaction. */
class ModelRecordsTest {
  private static final EncryptedKey TRK_2 = EncryptedKey.of(KmsXml.KW_AES256_PAD, "trk-1", "trk-2", new byte[] {1, 2});
  private static final EncryptedKey TRK_3 = EncryptedKey.of(KmsXml.KW_AES256_PAD, "trk-1", "trk-3", new byte[] {3, 4});
  private static final EncryptedKey INK_2 = EncryptedKey.of(KmsXml.KW_AES256_PAD, "trk-1", "ink-2", new byte[] {5, 6});

  @Test
  void keySetToStringShowsNoKeyMaterial() {
    String s = Fixtures.keySet("sip:alice@example.org", 1388).toString();
    assertThat(s).contains("sip:alice@example.org").contains("1388").contains("redacted")
        .doesNotContain(Fixtures.SSK_HEX).doesNotContain(Fixtures.SSK_HEX.toLowerCase())
        .doesNotContain(Fixtures.RSK_HEX.substring(0, 40)).doesNotContain(Fixtures.PVT_HEX.substring(0, 40));
    KmsResponse r = Fixtures.response("keyprov", KmsKeyProv.of(List.of(Fixtures.keySet("sip:a@example.org", 1)))).build();
    assertThat(r.toString()).doesNotContain(Fixtures.SSK_HEX).contains("redacted");
  }

  @Test
  void encryptedKeyKeepsItsOwnCopyAndComparesByContent() {
    byte[] cipher = {1, 2, 3};
    EncryptedKey a = EncryptedKey.of(KmsXml.AES256_GCM, null, null, cipher);
    cipher[0] = 9;
    a.cipherValue()[1] = 9;
    assertThat(a.cipherValue()).containsExactly(1, 2, 3);
    EncryptedKey b = EncryptedKey.of(KmsXml.AES256_GCM, null, null, new byte[] {1, 2, 3});
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(EncryptedKey.of(KmsXml.AES256_GCM, null, null, new byte[] {1, 2, 4}));
    assertThat(a.keyName()).isEmpty();
    assertThatThrownBy(() -> EncryptedKey.of("", "k", null, cipher)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EncryptedKey.of(KmsXml.AES256_GCM, "k", null, new byte[0]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CipherValue");
  }

  @Test
  void certificateComparesKeysByContentAndHandsOutCopies() {
    KmsCertificate a = Fixtures.certificate();
    KmsCertificate b = Fixtures.certificate();
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    a.pubAuthKey()[0] = 0;
    a.pubEncKey()[0] = 0;
    assertThat(a.pubAuthKey()[0]).isEqualTo((byte) 0x04);
    assertThat(a.pubEncKey()[0]).isEqualTo((byte) 0x04);
    byte[] kpak = Fixtures.hex(Fixtures.KPAK_HEX);
    kpak[64] ^= 1;
    assertThat(a).isNotEqualTo(a.toBuilder().pubAuthKey(kpak).build());
    assertThat(a.toBuilder().build()).isEqualTo(a);
    assertThat(a.toString()).contains("kms.example.org").contains("KPAK 0450d4670bde75244f...");
  }

  @Test
  void requiredFieldsAreCheckedByTheCanonicalConstructor() {
    Instant t = Instant.parse("2026-03-01T12:00:00Z");
    assertThatThrownBy(() -> new KmsRequest("1.1.0", Optional.empty(), "", "kms", t, Optional.empty(), Optional.empty(),
        "url", Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()))
        .isInstanceOf(IllegalStateException.class).hasMessage("UserUri is required");
    assertThatThrownBy(() -> new KmsRequest("1.1.0", Optional.empty(), "u", "kms", null, Optional.empty(),
        Optional.empty(), "url", Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()))
        .isInstanceOf(IllegalStateException.class).hasMessage("Time is required");
    assertThatThrownBy(() -> new KmsResponse("1.0.0", Optional.empty(), "u", "kms", t, Optional.empty(), "url",
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("KmsMessage or a KmsError");
    assertThatThrownBy(() -> new KmsCertCache("1.0.0", Optional.empty(), Optional.of(-1L), List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CacheNum");
    assertThatThrownBy(() -> Fixtures.keySet("sip:a@example.org", 1).toBuilder().keyPeriodNo(-1).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("KeyPeriodNo");
    assertThatThrownBy(() -> Fixtures.certificate().toBuilder().validTo(Instant.parse("2024-01-01T00:00:00Z")).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("ValidTo");
  }

  @Test
  void aKrrListMustBeTheKrrListElement() throws Exception {
    OpaqueXml other = OpaqueXml.parse("<KrrList xmlns=\"urn:example\"/>");
    assertThatThrownBy(() -> Fixtures.request("redirect").toBuilder().krrList(other).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("KrrList");
    OpaqueXml krr = OpaqueXml.parse("<KrrList xmlns=\"" + KmsXml.NS + "\"/>");
    assertThat(Fixtures.request("redirect").toBuilder().krrList(krr).build().krrList()).contains(krr);
  }

  @Test
  void newKeysAreAddedAfterTheOnesAMessageAlreadyCarries() {
    KmsInit init = KmsInit.of(Fixtures.certificate()).withNewKeys(List.of(TRK_2), List.of());
    KmsInit more = init.withNewKeys(List.of(TRK_3), List.of(INK_2));
    assertThat(more.newTransportKeys()).containsExactly(TRK_2, TRK_3);
    assertThat(more.newIntegrityKeys()).containsExactly(INK_2);
    assertThat(more.certificate()).isEqualTo(init.certificate());
    assertThat(more.version()).isEqualTo(KmsXml.INIT_VERSION);

    KmsKeySet set = Fixtures.keySet("sip:a@example.org", 7);
    KmsKeyProv kp = new KmsKeyProv("1.1.0", Optional.of("kp"), List.of(set), List.of(TRK_2), List.of())
        .withNewKeys(List.of(TRK_3), List.of(INK_2));
    assertThat(kp.keySets()).containsExactly(set);
    assertThat(kp.newTransportKeys()).containsExactly(TRK_2, TRK_3);
    assertThat(kp.newIntegrityKeys()).containsExactly(INK_2);
    assertThat(kp.version()).isEqualTo("1.1.0");
    assertThat(kp.id()).contains("kp");
  }

  @Test
  void listsAreCopiedAtConstruction() {
    List<KmsCertificate> certificates = new ArrayList<>(List.of(Fixtures.certificate()));
    KmsCertCache cache = KmsCertCache.of(4, certificates);
    certificates.clear();
    assertThat(cache.certificates()).hasSize(1);
    assertThatThrownBy(() -> cache.certificates().clear()).isInstanceOf(UnsupportedOperationException.class);
  }
}

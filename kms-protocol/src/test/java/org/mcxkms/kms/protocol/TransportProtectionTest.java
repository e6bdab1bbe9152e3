package org.mcxkms.kms.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.crypto.SecretBytes;
import org.mcxkms.kms.protocol.KmsProtocolException.Reason;
import org.mcxkms.kms.protocol.security.KeyWrapAlgorithm;
import org.mcxkms.kms.protocol.security.ProtectionKey;
import org.mcxkms.kms.protocol.security.ProtectionKeyResolver;
import org.mcxkms.kms.protocol.security.SignaturePolicy;

/** Key material and new TrK/InK encrypted under the TrK as xenc:EncryptedKey. */
class TransportProtectionTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final TransportProtection protection = TransportProtection.standard();
  private final KmsXmlWriter writer = KmsXmlWriter.create();
  private final KmsXmlReader reader = KmsXmlReader.create();
  private final ProtectionKey trk = ProtectionKey.generate(ProtectionKey.Kind.TRANSPORT, "trk-1", RANDOM);
  private final ProtectionKey ink = ProtectionKey.generate(ProtectionKey.Kind.INTEGRITY, "ink-1", RANDOM);

  private KmsResponse encryptedResponse(KmsKeySet... sets) {
    return Fixtures.response("keyprov", protection.encrypt(KmsKeyProv.of(List.of(sets)), trk)).trkId(trk.id()).build();
  }

  private KmsProtocolException decryptFails(KmsResponse r, ProtectionKeyResolver keys) {
    try {
      protection.decrypt(r, keys);
    } catch (KmsProtocolException e) {
      return e;
    }
    throw new AssertionError("decrypted");
  }

  @Test
  void encryptedKeySetsRoundTripThroughXml() throws Exception {
    KmsKeySet clear1 = Fixtures.keySet("sip:alice@example.org", 1388);
    KmsKeySet clear2 = Fixtures.keySet("sip:alice@example.org", 1389);
    KmsResponse sent = encryptedResponse(clear1, clear2);
    KmsKeySet enc = sent.keyProv().orElseThrow().keySets().get(0);
    assertThat(enc.isEncrypted()).isTrue();
    assertThat(enc.userDecryptKey().encrypted().algorithm()).isEqualTo(KmsXml.KW_AES256_PAD);
    assertThat(enc.userDecryptKey().encrypted().keyName()).contains("trk-1");
    assertThat(enc.userDecryptKey().encrypted().cipherValue()).hasSize(272);
    assertThat(enc.userSigningKeySsk().encrypted().cipherValue()).hasSize(40);
    assertThat(enc.userPubTokenPvt().encrypted().cipherValue()).hasSize(80);

    byte[] xml = writer.write(sent);
    String text = new String(xml, StandardCharsets.UTF_8);
    assertThat(text).doesNotContain(Fixtures.SSK_HEX).doesNotContain(Fixtures.PVT_HEX.substring(0, 40))
        .contains("xsi:type=\"EncKeyContentType\"").contains("<TrK-ID>trk-1</TrK-ID>");
    KmsSchema.rel17().validate(xml);

    KmsResponse received = reader.readResponse(xml);
    KmsResponse clear = protection.decrypt(received, ProtectionKeyResolver.of(trk));
    assertThat(clear.keyProv().orElseThrow().keySets()).containsExactly(clear1, clear2);
  }

  @Test
  void wrongTrkIsATypedError() {
    KmsResponse r = encryptedResponse(Fixtures.keySet("sip:alice@example.org", 1388));
    ProtectionKey impostor = ProtectionKey.generate(ProtectionKey.Kind.TRANSPORT, "trk-1", RANDOM);
    KmsProtocolException e = decryptFails(r, ProtectionKeyResolver.of(impostor));
    assertThat(e.reason()).isEqualTo(Reason.DECRYPTION_FAILED);
    assertThat(e.element()).isEqualTo("KmsResponse/KmsMessage/KmsKeyProv/KmsKeySet[1]/UserDecryptKey/xenc:EncryptedKey");

    KmsProtocolException unknown = decryptFails(r, ProtectionKeyResolver.none());
    assertThat(unknown.reason()).isEqualTo(Reason.UNKNOWN_KEY);
    assertThat(unknown.getMessage()).contains("trk-1");

    ProtectionKey inkNamedLikeTrk = ProtectionKey.of(ProtectionKey.Kind.INTEGRITY, "trk-1", trk.secret());
    assertThat(decryptFails(r, ProtectionKeyResolver.of(inkNamedLikeTrk)).reason()).isEqualTo(Reason.UNKNOWN_KEY);
  }

  @Test
  void alteredCiphertextIsATypedError() throws Exception {
    KmsResponse r = encryptedResponse(Fixtures.keySet("sip:alice@example.org", 1388));
    String xml = new String(writer.write(r), StandardCharsets.UTF_8);
    int at = xml.indexOf("<xenc:CipherValue>") + "<xenc:CipherValue>".length() + 5;
    String altered = xml.substring(0, at) + (xml.charAt(at) == 'A' ? 'B' : 'A') + xml.substring(at + 1);
    KmsResponse received = reader.readResponse(altered.getBytes(StandardCharsets.UTF_8));
    assertThat(decryptFails(received, ProtectionKeyResolver.of(trk)).reason()).isEqualTo(Reason.DECRYPTION_FAILED);
  }

  @Test
  void unknownAlgorithmUriIsRefusedPrecisely() throws Exception {
    // RFC 3394 key wrap cannot carry 257 or 65 octets; a KMS using it is refused with the URI named.
    String xml = new String(writer.write(encryptedResponse(Fixtures.keySet("sip:alice@example.org", 1388))),
        StandardCharsets.UTF_8).replace(KmsXml.KW_AES256_PAD, "http://www.w3.org/2001/04/xmlenc#kw-aes256");
    KmsResponse received = reader.readResponse(xml.getBytes(StandardCharsets.UTF_8));
    KmsProtocolException e = decryptFails(received, ProtectionKeyResolver.of(trk));
    assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_ALGORITHM);
    assertThat(e.element()).endsWith("UserDecryptKey/xenc:EncryptedKey/xenc:EncryptionMethod/@Algorithm");
    assertThat(e.getMessage()).contains("http://www.w3.org/2001/04/xmlenc#kw-aes256").contains(KmsXml.KW_AES256_PAD);
  }

  @Test
  void algorithmsArePluggable() throws Exception {
    TransportProtection gcm = TransportProtection.using(KeyWrapAlgorithm.aes256Gcm(), List.of(), RANDOM);
    KmsKeySet clear = Fixtures.keySet("sip:alice@example.org", 1388);
    KmsKeySet enc = gcm.encrypt(clear, trk);
    assertThat(enc.userSigningKeySsk().encrypted().algorithm()).isEqualTo(KmsXml.AES256_GCM);
    assertThat(protection.decrypt(enc, ProtectionKeyResolver.of(trk))).isEqualTo(clear); // standard accepts GCM
    TransportProtection kwpOnly = TransportProtection.using(KeyWrapAlgorithm.aes256KeyWrapPad(), List.of(), RANDOM);
    try {
      kwpOnly.decrypt(enc, ProtectionKeyResolver.of(trk));
      throw new AssertionError("accepted GCM");
    } catch (KmsProtocolException e) {
      assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_ALGORITHM);
    }
  }

  @Test
  void decryptedKeysMustHaveTheirLength() {
    // An SSK element that decrypts to 31 octets (a broken or hostile KMS).
    EncryptedKey shortSsk = protection.encrypt(SecretBytes.copyOf(new byte[31], SecretAccess.get()), trk);
    KmsKeySet k = Fixtures.keySet("sip:alice@example.org", 1388).toBuilder()
        .userSigningKeySsk(KeyContent.encrypted(shortSsk)).build();
    try {
      protection.decrypt(k, ProtectionKeyResolver.of(trk));
      throw new AssertionError("accepted");
    } catch (KmsProtocolException e) {
      assertThat(e.reason()).isEqualTo(Reason.INVALID_VALUE);
      assertThat(e.element()).isEqualTo("KmsKeySet/UserSigningKeySSK");
    }
  }

  @Test
  void missingKeyNameFallsBackToTheResponseTrkId() throws Exception {
    KmsKeySet clear = Fixtures.keySet("sip:alice@example.org", 1388);
    KmsKeySet enc = protection.encrypt(clear, trk);
    KmsKeySet anonymous = enc.toBuilder()
        .userDecryptKey(strip(enc.userDecryptKey()))
        .userSigningKeySsk(strip(enc.userSigningKeySsk()))
        .userPubTokenPvt(strip(enc.userPubTokenPvt())).build();
    KmsResponse withTrkId = Fixtures.response("keyprov", KmsKeyProv.of(List.of(anonymous))).trkId("trk-1").build();
    KmsResponse back = reader.readResponse(writer.write(withTrkId));
    assertThat(protection.decrypt(back, ProtectionKeyResolver.of(trk)).keyProv().orElseThrow().keySets()).containsExactly(clear);
    KmsResponse without = withTrkId.toBuilder().trkId(null).build();
    assertThat(decryptFails(without, ProtectionKeyResolver.of(trk)).reason()).isEqualTo(Reason.UNKNOWN_KEY);
  }

  private static KeyContent strip(KeyContent c) {
    EncryptedKey e = c.encrypted();
    return KeyContent.encrypted(EncryptedKey.of(e.algorithm(), null, null, e.cipherValue()));
  }

  @Test
  void newTransportAndIntegrityKeysRotateUnderTheCurrentTrk() throws Exception {
    ProtectionKey newTrk = ProtectionKey.generate(ProtectionKey.Kind.TRANSPORT, "trk-2", RANDOM);
    ProtectionKey newInk = ProtectionKey.generate(ProtectionKey.Kind.INTEGRITY, "ink-2", RANDOM);
    KmsInit init = KmsInit.of(Fixtures.certificate()).withNewKeys(
        List.of(protection.wrapNewKey(newTrk, trk)), List.of(protection.wrapNewKey(newInk, trk)));
    KmsResponse sent = Fixtures.response("init", init).trkId(trk.id()).build();
    // Signed with the current InK, as a KMS would.
    byte[] xml = writer.writeSigned(sent, ink);
    KmsSchema.rel17().validate(xml);
    assertThat(new String(xml, StandardCharsets.UTF_8)).contains("<xenc:CarriedKeyName>trk-2</xenc:CarriedKeyName>")
        .contains("<xenc:CarriedKeyName>ink-2</xenc:CarriedKeyName>");

    Received<KmsResponse> r = reader.readResponse(xml, SignaturePolicy.required(ProtectionKeyResolver.of(ink, trk)));
    ProtectionKeyResolver current = ProtectionKeyResolver.of(trk);
    assertThat(protection.newTransportKeys(r.document(), current)).containsExactly(newTrk);
    assertThat(protection.newIntegrityKeys(r.document(), current)).containsExactly(newInk);

    // The same in a keyprov response.
    KmsKeyProv kp = KmsKeyProv.of(List.of(protection.encrypt(Fixtures.keySet("sip:alice@example.org", 1388), trk)))
        .withNewKeys(List.of(protection.wrapNewKey(newTrk, trk)), List.of());
    KmsResponse kpr = reader.readResponse(writer.write(Fixtures.response("keyprov", kp).build()));
    assertThat(protection.newTransportKeys(kpr, current)).containsExactly(newTrk);
    assertThat(protection.newIntegrityKeys(kpr, current)).isEmpty();

    // Under the wrong current TrK, or without the new key's ID, rotation fails.
    ProtectionKey wrong = ProtectionKey.generate(ProtectionKey.Kind.TRANSPORT, "trk-1", RANDOM);
    try {
      protection.newTransportKeys(r.document(), ProtectionKeyResolver.of(wrong));
      throw new AssertionError("rotated under the wrong TrK");
    } catch (KmsProtocolException e) {
      assertThat(e.reason()).isEqualTo(Reason.DECRYPTION_FAILED);
      assertThat(e.element()).startsWith("KmsResponse/KmsMessage/KmsInit/NewTransportKey[1]");
    }
    EncryptedKey unnamed = EncryptedKey.of(KmsXml.KW_AES256_PAD, "trk-1", null,
        protection.wrapNewKey(newTrk, trk).cipherValue());
    try {
      protection.unwrapNewKey(unnamed, ProtectionKey.Kind.TRANSPORT, current);
      throw new AssertionError("accepted a new key without ID");
    } catch (KmsProtocolException e) {
      assertThat(e.reason()).isEqualTo(Reason.MISSING_ELEMENT);
      assertThat(e.element()).endsWith("CarriedKeyName");
    }
  }

  @Test
  void encryptedAndSignedKeyProvEndToEnd() throws Exception {
    KmsKeySet clear = Fixtures.keySet("sip:alice@example.org", 1388);
    KmsResponse sent = encryptedResponse(clear);
    byte[] xml = writer.writeSigned(sent, ink);
    KmsSchema.rel17().validate(xml);
    Received<KmsResponse> r = reader.readResponse(xml, SignaturePolicy.required(ProtectionKeyResolver.of(ink)));
    assertThat(r.document().signatureId()).contains("ink-1");
    KmsResponse plain = protection.decrypt(r.document(), ProtectionKeyResolver.of(trk));
    assertThat(plain.keyProv().orElseThrow().keySets()).containsExactly(clear);
    assertThat(plain.toString()).doesNotContain(Fixtures.SSK_HEX);
  }

  @Test
  void revokedKeySetWithEmptyKeysPassesThroughEncryption() throws Exception {
    SecretBytes none = SecretBytes.copyOf(new byte[0], SecretAccess.get());
    KmsKeySet revoked = Fixtures.keySet("sip:alice@example.org", 700).toBuilder().revoked(true)
        .userDecryptKey(KeyContent.plain(none)).userSigningKeySsk(KeyContent.plain(none))
        .userPubTokenPvt(KeyContent.plain(none)).build();
    KmsKeySet live = Fixtures.keySet("sip:alice@example.org", 701);
    KmsResponse sent = encryptedResponse(revoked, live);
    assertThat(sent.keyProv().orElseThrow().keySets().get(0)).isEqualTo(revoked);
    assertThat(sent.keyProv().orElseThrow().keySets().get(1).isEncrypted()).isTrue();
    byte[] xml = writer.write(sent);
    KmsSchema.rel17().validate(xml);
    KmsResponse clear = protection.decrypt(reader.readResponse(xml), ProtectionKeyResolver.of(trk));
    assertThat(clear.keyProv().orElseThrow().keySets()).containsExactly(revoked, live);
  }

  @Test
  void encryptionNeedsATrk() {
    try {
      protection.encrypt(Fixtures.keySet("a", 1), ink);
      throw new AssertionError("encrypted under an InK");
    } catch (IllegalArgumentException expected) {
      assertThat(expected.getMessage()).contains("TrK").contains("'ink-1' is an InK");
    }
  }
}

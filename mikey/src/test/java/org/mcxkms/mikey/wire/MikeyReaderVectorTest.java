package org.mcxkms.mikey.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mcxkms.mikey.wire.MikeyConstants.*;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mcxkms.testkit.VendorVectors;

/** The reader on the real vendor messages: every field as the vendors' published decodings give it. */
class MikeyReaderVectorTest {

  /** Delivers one octet per read call. */
  static InputStream oneByteAtATime(byte[] data) {
    return new FilterInputStream(new ByteArrayInputStream(data)) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return super.read(b, off, Math.min(1, len));
      }
    };
  }

  @Test
  void streamwideTest1GmkAsAnnotated() throws Exception {
    byte[] b = WireVectors.decode(VendorVectors.SW_TEST1_GMK);
    assertThat(b).hasSize(701);
    ParsedIMessage p = MikeyReader.read(b);
    IMessage m = p.message();
    CommonHeader h = m.header();
    assertThat(h.version()).isEqualTo(1);
    assertThat(h.dataType()).isEqualTo(26);
    assertThat(h.verifyRequested()).isFalse();
    assertThat(h.prfFunc()).isEqualTo(1);
    assertThat(h.csbId()).isEqualTo(0x06a12aea);
    assertThat(h.csIdMap())
        .isEqualTo(new CsIdMap.GenericId(List.of(new CsIdMap.GenericIdEntry(4, 0, false, List.of(0), ByteString.EMPTY,
            ByteString.fromHex("0df9bc3906a12aea")))));
    assertThat(m.payloads()).extracting(Payload::payloadType)
        .containsExactly(PT_T, PT_RAND, PT_IDR, PT_IDR, PT_IDR, PT_IDR, PT_SP, PT_SAKKE, PT_GENERAL_EXTENSION);
    assertThat(m.timestamp().orElseThrow()).isEqualTo(new TimestampPayload(0, 0xec898da8_00000000L));
    assertThat(m.rand().orElseThrow().rand().hex()).isEqualTo("ca2f5d51ff0866362c1d85a56f84651e");
    assertThat(m.idr(ROLE_IDRUIDI).orElseThrow())
        .isEqualTo(new IdrPayload(8, 1, ByteString.fromHex("15a4d5b12856538d02d91fedbb766e6dd377b014c92e216666c8fb678608d20e")));
    assertThat(m.idr(ROLE_IDRUIDR).orElseThrow().data().hex())
        .isEqualTo("b5c452309219da6a3d805615548d6c1b0f4de45a6b48fb13d9a24d857fc03dc4");
    assertThat(m.idr(ROLE_IDRKMSI).orElseThrow().dataAsString()).isEqualTo("kms.mydev.streamwide.com");
    assertThat(m.idr(ROLE_IDRKMSR).orElseThrow().dataAsString()).isEqualTo("kms.mydev.streamwide.com");
    SecurityPolicyPayload sp = m.securityPolicies().get(0);
    assertThat(sp.policyNo()).isZero();
    assertThat(sp.params()).extracting(SecurityPolicyPayload.Param::type).containsExactly(0, 1, 2, 4, 5, 6, 18, 19, 20);
    assertThat(sp.param(0).orElseThrow().hex()).isEqualTo("06");
    assertThat(sp.param(20).orElseThrow().hex()).isEqualTo("10");
    SakkePayload s = m.sakke().orElseThrow();
    assertThat(s.sakkeParams()).isEqualTo(1);
    assertThat(s.idScheme()).isEqualTo(2);
    assertThat(s.data().size()).isEqualTo(273);
    assertThat(s.data().hex()).startsWith("042dda50fd").endsWith("c394e312d68e5a0a880ed58f41cf1708");
    KeyParametersExtension kp = MikeyReader.keyParameters(m.generalExtension(EXT_KEY_PARAMETERS).orElseThrow());
    assertThat(kp).isInstanceOf(KeyParametersExtension.Protected.class);
    KeyParametersExtension.Protected pk = (KeyParametersExtension.Protected) kp;
    assertThat(pk.messageType()).isEqualTo(0x43);
    assertThat(pk.dateTime()).isEqualTo(1);
    assertThat(pk.algorithm()).isEqualTo(1);
    assertThat(pk.iv().hex()).isEqualTo("28704fa41c8fe20f881c1bab0d32d8ca");
    assertThat(pk.dppkId()).isEqualTo(0x06a12aea);
    assertThat(pk.payloadIei()).isZero();
    assertThat(pk.ciphertext().size()).isEqualTo(36);
    assertThat(m.signature().signatureType()).isEqualTo(2);
    assertThat(m.signature().signature().hex()).startsWith("22259f03").endsWith("895f12cda2");
    assertThat(p.signatureOffset()).isEqualTo(572);
    assertThat(p.signedOctets()).hasSize(572);
  }

  @Test
  void structureOfEveryVendorMessage() throws Exception {
    Map<String, byte[]> all = WireVectors.all();
    // Streamwide: HDR T RAND IDRuidi IDRuidr IDRkmsi IDRkmsr SP SAKKE GenExt7 SIGN.
    List<Integer> sw = List.of(PT_T, PT_RAND, PT_IDR, PT_IDR, PT_IDR, PT_IDR, PT_SP, PT_SAKKE, PT_GENERAL_EXTENSION);
    for (String n : List.of("SW_TEST1_GMK", "SW_TEST2_CSK", "SW_TEST3_PCK", "SW_TEST4_GMK_LEGACY")) {
      IMessage m = MikeyReader.read(all.get(n)).message();
      assertThat(m.payloads()).as(n).extracting(Payload::payloadType).isEqualTo(sw);
      assertThat(m.payloads().stream().filter(IdrPayload.class::isInstance).map(IdrPayload.class::cast).map(IdrPayload::role))
          .as(n).containsExactly(8, 9, 6, 7);
    }
    IMessage csk = MikeyReader.read(all.get("SW_TEST2_CSK")).message();
    assertThat(csk.header().csbId()).isEqualTo(0x2ddd5bf0);
    assertThat(csk.header().csIdMap()).isEqualTo(new CsIdMap.GenericId(List.of(
        CsIdMap.GenericIdEntry.srtp(6, 0, ByteString.fromHex("2ddd5bf0")))));
    IMessage pck = MikeyReader.read(all.get("SW_TEST3_PCK")).message();
    assertThat(pck.header().csbId()).isEqualTo(0x16992638);
    assertThat(pck.header().csIdMap()).isEqualTo(new CsIdMap.Empty());
    IMessage legacy = MikeyReader.read(all.get("SW_TEST4_GMK_LEGACY")).message();
    assertThat(legacy.header().csbId()).isEqualTo(0x048209a7);
    assertThat(legacy.header().csIdMap()).isEqualTo(new CsIdMap.SrtpId(List.of(
        new CsIdMap.SrtpIdEntry(0, 0xcafebabe, 0), new CsIdMap.SrtpIdEntry(0, 0, 0))));
    KeyParametersExtension lk = MikeyReader.keyParameters(legacy.generalExtension(7).orElseThrow());
    assertThat(lk).isEqualTo(new KeyParametersExtension.Legacy(1, new KeyParameters(0, 1, 0, 0, "", false, List.of())));

    // Alea: GenExt 7 before SAKKE, policy 1, empty map.
    IMessage aGmk = MikeyReader.read(all.get("ALEA_GMK_MSG")).message();
    assertThat(aGmk.payloads()).extracting(Payload::payloadType)
        .containsExactly(PT_T, PT_RAND, PT_IDR, PT_IDR, PT_IDR, PT_IDR, PT_SP, PT_GENERAL_EXTENSION, PT_SAKKE);
    assertThat(aGmk.header().csbId()).isEqualTo(0x0c340888);
    assertThat(aGmk.header().csIdMap()).isEqualTo(new CsIdMap.Empty());
    assertThat(aGmk.securityPolicies().get(0).policyNo()).isEqualTo(1);
    assertThat(aGmk.idr(ROLE_IDRKMSI).orElseThrow().dataAsString()).isEqualTo("sip:common_kms.test.org");
    KeyParametersExtension.Protected ap =
        (KeyParametersExtension.Protected) MikeyReader.keyParameters(aGmk.generalExtension(7).orElseThrow());
    assertThat(ap.messageType()).isEqualTo(0x40);
    assertThat(ap.dateTime()).isEqualTo(0x68daa555L);
    assertThat(ap.dppkId()).isEqualTo(0x0c340888);
    assertThat(ap.ciphertext().size()).isEqualTo(67);
    IMessage aCsk = MikeyReader.read(all.get("ALEA_CSK_MSG")).message();
    assertThat(aCsk.payloads()).extracting(Payload::payloadType)
        .containsExactly(PT_T, PT_RAND, PT_IDR, PT_IDR, PT_IDR, PT_IDR, PT_SP, PT_SAKKE);
    assertThat(aCsk.header().csbId()).isEqualTo(0x26147a4e);
  }

  @Test
  void writerReproducesEveryVendorMessageExactly() throws Exception {
    for (Map.Entry<String, byte[]> e : WireVectors.all().entrySet()) {
      ParsedIMessage p = MikeyReader.read(e.getValue());
      assertThat(MikeyWriter.write(p.message())).as(e.getKey()).isEqualTo(e.getValue());
      assertThat(p.encoded().toByteArray()).as(e.getKey()).isEqualTo(e.getValue());
      assertThat(p.signatureOffset()).as(e.getKey()).isEqualTo(e.getValue().length - 129);
    }
  }

  @Test
  void oneOctetAtATimeGivesTheSameResult() throws Exception {
    for (Map.Entry<String, byte[]> e : WireVectors.all().entrySet()) {
      ParsedIMessage whole = MikeyReader.read(e.getValue());
      ParsedIMessage streamed = MikeyReader.read(oneByteAtATime(e.getValue()));
      assertThat(streamed).as(e.getKey()).isEqualTo(whole);
    }
  }

  @Test
  void oneOctetAtATimeReportsTheSameErrors() throws Exception {
    byte[] b = WireVectors.all().get("SW_TEST3_PCK");
    for (int cut : new int[] {0, 1, 5, 11, 30, 200, b.length - 1}) {
      byte[] t = Arrays.copyOf(b, cut);
      MikeyParseException a = assertThrows(MikeyParseException.class, () -> MikeyReader.read(t));
      MikeyParseException s =
          assertThrows(MikeyParseException.class, () -> MikeyReader.read(oneByteAtATime(t)));
      assertThat(s.getMessage()).as("cut at " + cut).isEqualTo(a.getMessage());
    }
    byte[] longer = Arrays.copyOf(b, b.length + 1);
    MikeyParseException s =
        assertThrows(MikeyParseException.class, () -> MikeyReader.read(oneByteAtATime(longer)));
    assertThat(s.getMessage()).contains("trailing");
  }
}

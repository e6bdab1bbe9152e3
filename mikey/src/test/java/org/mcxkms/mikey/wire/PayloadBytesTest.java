package org.mcxkms.mikey.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Exact octets in both directions for every payload, built by hand from the RFC layouts (not from
 * our writer): the reader must turn the octets into the expected records and the writer must turn
 * the records into the same octets. Round trips alone could hide a shared bug.
 */
class PayloadBytesTest {
  private static final HexFormat H = HexFormat.of();
  private static final String SAKKE_DATA = "04" + "aa".repeat(256) + "bb".repeat(16);
  private static final String SIGNATURE = "cc".repeat(129);

  private static byte[] hex(String... parts) {
    return H.parseHex(String.join("", parts).replace(" ", ""));
  }

  @Test
  void everyChainPayloadAndGenericIdHeader() throws Exception {
    byte[] wire = hex(
        "01 1a 05 01 20000001 01 02", "06 00 01 00 0000 04 20000001",      // HDR, GENERIC-ID {CS 6, SPI}
        "0b 00 ec898da8 80000000",                                            // T -> RAND
        "0e 10 000102030405060708090a0b0c0d0e0f",                             // RAND -> IDR
        "0e 01 01 0015", H.formatHex("sip:alice@example.org".getBytes(StandardCharsets.UTF_8)), // IDRi -> IDR
        "0a 09 01 0020", "11".repeat(32),                                     // IDRuidr -> SP
        "1a 00 00 0006 00 01 06 14 01 10",                                    // SP policy 0 -> SAKKE
        "15 01 02 0111", SAKKE_DATA,                                          // SAKKE -> GENERAL EXTENSION
        "04 00 0003 414243",                                                  // vendor ID "ABC" -> SIGN
        "20 81", SIGNATURE);                                                  // SIGN
    IMessage expected = new IMessage(
        new CommonHeader(1, 26, false, 1, 0x20000001,
            new CsIdMap.GenericId(List.of(CsIdMap.GenericIdEntry.srtp(6, 0, ByteString.fromHex("20000001"))))),
        List.of(
            new TimestampPayload(0, 0xec898da8_80000000L),
            new RandPayload(ByteString.fromHex("000102030405060708090a0b0c0d0e0f")),
            IdrPayload.uri(1, "sip:alice@example.org"),
            new IdrPayload(9, 1, ByteString.fromHex("11".repeat(32))),
            new SecurityPolicyPayload(0, 0, List.of(SecurityPolicyPayload.Param.of(0, 6), SecurityPolicyPayload.Param.of(20, 16))),
            new SakkePayload(1, 2, ByteString.fromHex(SAKKE_DATA)),
            new GeneralExtensionPayload(0, ByteString.of("ABC".getBytes(StandardCharsets.US_ASCII)))),
        new SignaturePayload(2, ByteString.fromHex(SIGNATURE)));
    ParsedIMessage p = MikeyReader.read(wire);
    assertThat(p.message()).isEqualTo(expected);
    assertThat(MikeyWriter.write(expected)).isEqualTo(wire);
    assertThat(p.signatureOffset()).isEqualTo(wire.length - 129);
    assertThat(H.formatHex(MikeyWriter.signedOctets(expected.header(), expected.payloads(), 2, 129)))
        .isEqualTo(H.formatHex(wire, 0, wire.length - 129));
  }

  @Test
  void srtpIdAndEmptyMapsAndVFlag() throws Exception {
    String tail = "0b 00 0000000100000000" + "1a 10 " + "ff".repeat(16) + "04 01 02 0111" + SAKKE_DATA + "20 81" + SIGNATURE;
    byte[] srtp = hex("01 1a 05 81 048209a7 02 00", "00 cafebabe 00000001", "07 00000000 ffffffff", tail);
    ParsedIMessage p = MikeyReader.read(srtp);
    assertThat(p.message().header()).isEqualTo(new CommonHeader(1, 26, true, 1, 0x048209a7,
        new CsIdMap.SrtpId(List.of(new CsIdMap.SrtpIdEntry(0, 0xcafebabe, 1), new CsIdMap.SrtpIdEntry(7, 0, 0xffffffff)))));
    assertThat(MikeyWriter.write(p.message())).isEqualTo(srtp);

    byte[] empty = hex("01 1a 05 01 16992638 00 01", tail);
    ParsedIMessage e = MikeyReader.read(empty);
    assertThat(e.message().header()).isEqualTo(CommonHeader.sakkeIMessage(0x16992638, new CsIdMap.Empty()));
    assertThat(MikeyWriter.write(e.message())).isEqualTo(empty);
  }

  @Test
  void genericIdWithSessionDataAndSeveralPolicies() throws Exception {
    String tail = "0b 00 0000000100000000" + "1a 10 " + "ff".repeat(16) + "04 01 02 0111" + SAKKE_DATA + "20 81" + SIGNATURE;
    byte[] wire = hex("01 1a 05 01 00000001 02 02", "04 00 82 00 01 0002 abcd 00", "05 00 00 0000 01 ee", tail);
    CsIdMap map = new CsIdMap.GenericId(List.of(
        new CsIdMap.GenericIdEntry(4, 0, true, List.of(0, 1), ByteString.fromHex("abcd"), ByteString.EMPTY),
        new CsIdMap.GenericIdEntry(5, 0, false, List.of(), ByteString.EMPTY, ByteString.fromHex("ee"))));
    ParsedIMessage p = MikeyReader.read(wire);
    assertThat(p.message().header().csIdMap()).isEqualTo(map);
    assertThat(MikeyWriter.write(p.message())).isEqualTo(wire);
  }

  @Test
  void sakkeToSelfExtension() throws Exception {
    SakkePayload s = new SakkePayload(1, 2, ByteString.fromHex(SAKKE_DATA));
    GeneralExtensionPayload g = SakkeToSelf.encode(s);
    assertThat(g.extensionType()).isEqualTo(6);
    assertThat(g.data().hex()).isEqualTo("0001020111" + SAKKE_DATA);
    // The embedded next-payload octet is ignored on input.
    assertThat(SakkeToSelf.decode(ByteString.fromHex("1a01020111" + SAKKE_DATA), 0)).isEqualTo(s);
  }

  @Test
  void keyParametersContentAsBothVendorsWriteIt() throws Exception {
    String streamwideGmk = "00 00000001 0000000000 0000000000 0000 0001 00";
    KeyParameters sw = new KeyParameters(0, 1, 0, 0, "", true, List.of());
    assertThat(KeyParameters.decode(hex(streamwideGmk), 0)).isEqualTo(sw);
    assertThat(sw.encode()).isEqualTo(hex(streamwideGmk));

    String streamwideCsk = "02 00000001 0000000000 0000000000 0000";
    KeyParameters csk = new KeyParameters(2, 1, 0, 0, "", false, List.of());
    assertThat(KeyParameters.decode(hex(streamwideCsk), 0)).isEqualTo(csk);
    assertThat(csk.encode()).isEqualTo(hex(streamwideCsk));

    String alea = "00 00000000 0068d7eafa 00ffffffff 0000 0020 01 7b 001c "
        + H.formatHex("sip:g4.chat@veronica-cluster".getBytes(StandardCharsets.UTF_8));
    KeyParameters a = new KeyParameters(0, 0, 0x68d7eafaL, 0xffffffffL, "", true,
        List.of(new KeyParameters.GroupId(0x7b, ByteString.of("sip:g4.chat@veronica-cluster".getBytes(StandardCharsets.UTF_8)))));
    assertThat(KeyParameters.decode(hex(alea), 0)).isEqualTo(a);
    assertThat(a.encode()).isEqualTo(hex(alea));

    String withText = "01 00000003 0000000001 0000000002 0002 6869";
    KeyParameters t = new KeyParameters(1, 3, 1, 2, "hi", false, List.of());
    assertThat(KeyParameters.decode(hex(withText), 0)).isEqualTo(t);
    assertThat(t.encode()).isEqualTo(hex(withText));
  }

  @Test
  void protectedAndLegacyKeyParameterExtensions() throws Exception {
    String prot = "43 0000000001 00000000 00 01 " + "28704fa41c8fe20f881c1bab0d32d8ca" + " 06a12aea 00 0014 " + "ab".repeat(20);
    KeyParametersExtension.Protected p = new KeyParametersExtension.Protected(0x43, 1, 0, 0, 1,
        ByteString.fromHex("28704fa41c8fe20f881c1bab0d32d8ca"), 0x06a12aea, 0, ByteString.fromHex("ab".repeat(20)));
    assertThat(KeyParametersExtension.decode(ByteString.of(hex(prot)), 0)).isEqualTo(p);
    assertThat(p.toGeneralExtension().data().toByteArray()).isEqualTo(hex(prot));
    assertThat(H.formatHex(p.associatedData())).isEqualTo(prot.replace(" ", "").substring(0, 64));

    String legacy = "01 00000001 0000000000 0000000000 0000";
    KeyParametersExtension.Legacy l = new KeyParametersExtension.Legacy(1, new KeyParameters(0, 1, 0, 0, "", false, List.of()));
    assertThat(KeyParametersExtension.decode(ByteString.of(hex(legacy)), 0)).isEqualTo(l);
    assertThat(l.toGeneralExtension().data().toByteArray()).isEqualTo(hex(legacy));
  }

  @Test
  void keyParameterFieldsAreCheckedExactly() {
    assertThrows(MikeyParseException.class,
        () -> KeyParameters.decode(hex("00 00000001 0000000000 0000000000 0000 0001 00 ff"), 0)); // trailing
    assertThrows(MikeyParseException.class,
        () -> KeyParameters.decode(hex("00 00000001 0000000000 0000000000 0000 0002 01 7b"), 0)); // short group
    assertThrows(MikeyParseException.class,
        () -> KeyParameters.decode(hex("00 00000001 0000000000 0000000000 0002 ff fe"), 0)); // bad UTF-8 text
    MikeyParseException e = assertThrows(MikeyParseException.class,
        () -> KeyParametersExtension.decode(ByteString.of(hex("43 0000000001 00000000 00 01", "00".repeat(16), "06a12aea 00 0015", "ab".repeat(20))), 499));
    assertThat(e.field()).isEqualTo("payload length");
    assertThat(e.offset()).isEqualTo(499 + 33);
  }
}

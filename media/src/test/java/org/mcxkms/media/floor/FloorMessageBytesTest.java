package org.mcxkms.media.floor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mcxkms.media.floor.FloorField.Duration;
import org.mcxkms.media.floor.FloorField.FloorIndicator;
import org.mcxkms.media.floor.FloorField.FloorPriority;
import org.mcxkms.media.floor.FloorField.GrantedPartyIdentity;
import org.mcxkms.media.floor.FloorField.MessageSequenceNumber;
import org.mcxkms.media.floor.FloorField.MessageType;
import org.mcxkms.media.floor.FloorField.PermissionToRequest;
import org.mcxkms.media.floor.FloorField.RejectCause;
import org.mcxkms.media.floor.FloorField.Source;
import org.mcxkms.media.floor.FloorField.Ssrc;
import org.mcxkms.media.floor.FloorField.TrackInfo;
import org.mcxkms.media.floor.FloorField.UserId;

/**
 * Every message type, bytes written out by hand from TS 24.380 8.2 (APP header, field ID and
 * length, values, 32-bit padding), checked in both directions: read gives the record, write gives
 * the bytes.
 */
class FloorMessageBytesTest {
  private static final HexFormat H = HexFormat.of();

  private static String ascii(String s) {
    return H.formatHex(s.getBytes(StandardCharsets.US_ASCII));
  }

  private static void both(String hex, FloorMessage expected) throws FloorParseException {
    byte[] bytes = H.parseHex(hex.replace(" ", ""));
    assertThat(FloorReader.read(bytes)).isEqualTo(expected);
    assertThat(H.formatHex(FloorWriter.write(expected))).isEqualTo(H.formatHex(bytes));
  }

  @Test
  void floorRequest() throws Exception {
    both("80cc000a 11223344 4d435054"
            + " 6602 0700"
            + " 6d15 " + ascii("sip:alice@example.org") + "00"
            + " 7402 8000",
        new FloorMessage(FloorMessageType.FLOOR_REQUEST, 0x11223344, new FloorPriority(7),
            new UserId("sip:alice@example.org"), new FloorIndicator(FloorIndicator.NORMAL)));
  }

  @Test
  void floorGrantedAskingForAnAck() throws Exception {
    both("91cc000d 0a0b0c0d 4d435054"
            + " 6702 001e"
            + " 6602 0500"
            + " 7506 55667788 0000"
            + " 6d13 " + ascii("sip:bob@example.org") + "000000"
            + " 7202 0000",
        new FloorMessage(FloorMessageType.FLOOR_GRANTED, true, 0x0a0b0c0d, List.of(new Duration(30), new FloorPriority(5),
            new Ssrc(0x55667788), new UserId("sip:bob@example.org"), new TrackInfo(0, "", List.of()))));
  }

  @Test
  void floorDeny() throws Exception {
    both("83cc0004 0a0b0c0d 4d435054 6806 0001 " + ascii("busy"),
        new FloorMessage(FloorMessageType.FLOOR_DENY, 0x0a0b0c0d,
            new RejectCause(RejectCause.ANOTHER_CLIENT_HAS_PERMISSION, "busy")));
  }

  @Test
  void floorRelease() throws Exception {
    both("84cc0003 11223344 4d435054 6d01 75 00",
        new FloorMessage(FloorMessageType.FLOOR_RELEASE, 0x11223344, new UserId("u")));
  }

  @Test
  void floorIdle() throws Exception {
    both("85cc0003 0a0b0c0d 4d435054 6f02 1234",
        new FloorMessage(FloorMessageType.FLOOR_IDLE, 0x0a0b0c0d, new MessageSequenceNumber(0x1234)));
  }

  @Test
  void floorTakenAskingForAnAck() throws Exception {
    both("92cc000a 0a0b0c0d 4d435054"
            + " 6a15 " + ascii("sip:carol@example.org") + "00"
            + " 6c02 0001"
            + " 6f02 0007",
        new FloorMessage(FloorMessageType.FLOOR_TAKEN, true, 0x0a0b0c0d, List.of(
            new GrantedPartyIdentity("sip:carol@example.org"), new PermissionToRequest(1), new MessageSequenceNumber(7))));
  }

  @Test
  void floorRevoke() throws Exception {
    both("86cc0003 0a0b0c0d 4d435054 6802 0002",
        new FloorMessage(FloorMessageType.FLOOR_REVOKE, 0x0a0b0c0d, new RejectCause(2, "")));
  }

  @Test
  void floorAckWithTrackInfo() throws Exception {
    both("8acc0008 11223344 4d435054"
            + " 7102 0000"
            + " 7302 0100"
            + " 720e 01 06 " + ascii("Normal") + "0000 01020304",
        new FloorMessage(FloorMessageType.FLOOR_ACK, 0x11223344, new Source(0),
            new MessageType(FloorMessageType.FLOOR_GRANTED.subtype()), new TrackInfo(1, "Normal", List.of(0x01020304))));
  }

  @Test
  void unknownFieldsAreKeptAndWrittenBack() throws Exception {
    both("80cc0005 11223344 4d435054 7803 aabbcc 000000 6602 0100",
        new FloorMessage(FloorMessageType.FLOOR_REQUEST, 0x11223344,
            new FloorField.Unknown(0x78, H.parseHex("aabbcc")), new FloorPriority(1)));
  }

  @Test
  void badInputHasItsReason() {
    assertReason("80cc0005 11223344 4d435054", FloorParseException.Reason.BAD_LENGTH);
    assertReason("80cc0001 11223344", FloorParseException.Reason.TRUNCATED);
    assertReason("80c90002 11223344 4d435054", FloorParseException.Reason.NOT_FLOOR_CONTROL);
    assertReason("80cc0002 11223344 4d435058", FloorParseException.Reason.NOT_FLOOR_CONTROL);
    assertReason("8ccc0002 11223344 4d435054", FloorParseException.Reason.UNKNOWN_TYPE);
    assertReason("80cc0003 11223344 4d435054 6d09 7500", FloorParseException.Reason.BAD_FIELD);
    assertReason("80cc0003 11223344 4d435054 6603 0100", FloorParseException.Reason.BAD_FIELD);
    assertReason("83cc0002 11223344 4d435054", FloorParseException.Reason.INVALID_MESSAGE);
    assertReason("80cc0004 11223344 4d435054 6602 0100 6602 0200", FloorParseException.Reason.INVALID_MESSAGE);
    assertReason("80cc0003 11223344 4d435054 6d02 c328", FloorParseException.Reason.BAD_FIELD);
    // A Floor Request cannot ask for an ack: subtype 10000 is no message this module knows.
    assertReason("90cc0002 11223344 4d435054", FloorParseException.Reason.UNKNOWN_TYPE);
  }

  @Test
  void writerRefusesWhatItCannotWrite() {
    assertThatThrownBy(() -> new FloorPriority(256)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new UserId("x".repeat(256))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FloorMessage(FloorMessageType.FLOOR_GRANTED, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FloorMessage(FloorMessageType.FLOOR_REQUEST, true, 1, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static void assertReason(String hex, FloorParseException.Reason reason) {
    assertThatThrownBy(() -> FloorReader.read(H.parseHex(hex.replace(" ", ""))))
        .isInstanceOfSatisfying(FloorParseException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }
}

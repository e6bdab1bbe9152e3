package org.mcxkms.media.floor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.crypto.SecretBytes;
import org.mcxkms.crypto.uid.NtpTime;
import org.mcxkms.crypto.uid.Uid;
import org.mcxkms.media.srtp.DropReason;
import org.mcxkms.media.srtp.McService;
import org.mcxkms.media.srtp.Role;
import org.mcxkms.media.srtp.SrtpPolicy;
import org.mcxkms.mikey.KeyPurpose;
import org.mcxkms.mikey.ReceivedKey;
import org.mcxkms.mikey.wire.ByteString;
import org.mcxkms.mikey.wire.CsIdMap;
import java.util.HexFormat;
import java.util.List;

/** Floor control protected with the key of its path, and refused under any other. */
class FloorChannelTest {
  private static ReceivedKey key(KeyPurpose purpose, String hex, int random28) {
    int id = purpose.keyId(random28);
    return new ReceivedKey(purpose, SecretBytes.copyOf(HexFormat.of().parseHex(hex), SecretAccess.get()), id, id,
        OptionalInt.empty(), ByteString.fromHex("0f0e0d0c0b0a09080706050403020100"), new CsIdMap.Empty(), List.of(),
        NtpTime.ofSeconds(3_968_437_672L), Uid.of(new byte[Uid.LENGTH]), Optional.empty(), "kms.example.org", 0,
        Optional.empty(), false, false);
  }

  private static final ReceivedKey CSK = key(KeyPurpose.CSK, "00112233445566778899aabbccddeeff", 0x0001);
  private static final ReceivedKey MUSIK = key(KeyPurpose.MUSIK, "102132435465768798a9bacbdcedfe0f", 0x0002);
  private static final ReceivedKey MKFC = key(KeyPurpose.MKFC, "2233445566778899aabbccddeeff0011", 0x0003);
  private static final ReceivedKey PCK = key(KeyPurpose.PCK, "33445566778899aabbccddeeff001122", 0x0004);
  private static final FloorMessage REQUEST = new FloorMessage(FloorMessageType.FLOOR_REQUEST, 0x01020304,
      new FloorField.FloorPriority(3), new FloorField.UserId("sip:alice@example.org"));

  private static FloorChannel channel(FloorPath path, FloorKeys keys, Role role) {
    return FloorChannel.open(path, keys, role, McService.MCPTT, SrtpPolicy.defaults());
  }

  @Test
  void pathPicksTheKey() {
    FloorKeys all = new FloorKeys(Optional.of(CSK), Optional.of(MUSIK), Optional.of(MKFC), Optional.of(PCK));
    assertThat(all.select(FloorPath.UNICAST)).contains(CSK);
    assertThat(all.select(FloorPath.MULTICAST)).contains(MUSIK);
    assertThat(all.select(FloorPath.OFF_NETWORK)).contains(PCK);
    FloorKeys noMusik = new FloorKeys(Optional.of(CSK), Optional.empty(), Optional.of(MKFC), Optional.empty());
    assertThat(noMusik.select(FloorPath.MULTICAST)).contains(MKFC);
    assertThat(noMusik.select(FloorPath.OFF_NETWORK)).isEmpty();
  }

  @Test
  void unicastUnderTheCsk() {
    FloorKeys keys = new FloorKeys(Optional.of(CSK), Optional.empty(), Optional.of(MKFC), Optional.empty());
    FloorChannel client = channel(FloorPath.UNICAST, keys, Role.INITIATOR);
    FloorChannel server = channel(FloorPath.UNICAST, keys, Role.RECEIVER);
    byte[] packet = client.protect(REQUEST);
    assertThat(server.receive(packet)).isEqualTo(new FloorChannel.Message(REQUEST));
    assertThat(server.receive(packet)).isEqualTo(new FloorChannel.Dropped(DropReason.REPLAYED));
  }

  @Test
  void cskProtectedIsRefusedUnderTheMkfcAndViceVersa() {
    FloorKeys keys = new FloorKeys(Optional.of(CSK), Optional.empty(), Optional.of(MKFC), Optional.empty());
    FloorChannel unicast = channel(FloorPath.UNICAST, keys, Role.INITIATOR);
    FloorChannel multicast = channel(FloorPath.MULTICAST, keys, Role.RECEIVER);
    assertThat(multicast.receive(unicast.protect(REQUEST))).isInstanceOf(FloorChannel.Dropped.class);
    assertThat(unicast.receive(multicast.protect(REQUEST))).isInstanceOf(FloorChannel.Dropped.class);

    // Even with the MKI rewritten to the other key's, the tag does not verify.
    byte[] forged = unicast.protect(REQUEST);
    byte[] mkfcId = ByteString.ofInt(MKFC.keyId()).toByteArray();
    System.arraycopy(mkfcId, 0, forged, forged.length - 4, 4);
    assertThat(multicast.receive(forged)).isEqualTo(new FloorChannel.Dropped(DropReason.AUTH_FAILED));
    assertThat(multicast.session().dropped(DropReason.AUTH_FAILED)).isEqualTo(1);
    assertThat(multicast.session().dropped(DropReason.UNKNOWN_MKI)).isEqualTo(1);
  }

  @Test
  void offNetworkUsesThePckSrtpMasterKeyBothWays() {
    FloorKeys keys = new FloorKeys(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(PCK));
    FloorChannel caller = channel(FloorPath.OFF_NETWORK, keys, Role.INITIATOR);
    FloorChannel callee = channel(FloorPath.OFF_NETWORK, keys, Role.RECEIVER);
    FloorMessage granted = new FloorMessage(FloorMessageType.FLOOR_GRANTED, 0x0a0b0c0d, new FloorField.Duration(30));
    assertThat(callee.receive(caller.protect(REQUEST))).isEqualTo(new FloorChannel.Message(REQUEST));
    assertThat(caller.receive(callee.protect(granted))).isEqualTo(new FloorChannel.Message(granted));
  }

  @Test
  void authenticatedButUnreadableIsReported() {
    FloorKeys keys = new FloorKeys(Optional.of(CSK), Optional.empty(), Optional.empty(), Optional.empty());
    FloorChannel client = channel(FloorPath.UNICAST, keys, Role.INITIATOR);
    FloorChannel server = channel(FloorPath.UNICAST, keys, Role.RECEIVER);
    byte[] notFloor = client.session().protectRtcp(HexFormat.of().parseHex("80c90002deadbeef00000000"));
    assertThat(server.receive(notFloor)).isInstanceOfSatisfying(FloorChannel.Unreadable.class,
        u -> assertThat(u.reason()).isEqualTo(FloorParseException.Reason.NOT_FLOOR_CONTROL));
    assertThat(server.receive(null)).isEqualTo(new FloorChannel.Dropped(DropReason.BAD_BUFFER));
  }
}

package org.mcxkms.media.floor;

import java.util.Arrays;
import java.util.NoSuchElementException;
import org.mcxkms.media.srtp.DropReason;
import org.mcxkms.media.srtp.McService;
import org.mcxkms.media.srtp.Role;
import org.mcxkms.media.srtp.SrtpPolicy;
import org.mcxkms.media.srtp.SrtpSession;
import org.mcxkms.mikey.ReceivedKey;

/**
 * Floor control over SRTCP on one path: messages are written, protected as SRTCP with the key the
 * path takes (see {@link FloorKeys#select}), and on receipt unprotected and read. A message
 * protected under another key (a CSK message on an MKFC channel, say) is dropped, never read.
 */
public final class FloorChannel {
  private final FloorPath path;
  private final SrtpSession session;

  private FloorChannel(FloorPath path, SrtpSession session) {
    this.path = path;
    this.session = session;
  }

  /**
   * A channel for {@code path} keyed by the key {@code keys} selects for it.
   *
   * @throws NoSuchElementException if the client holds no key for the path
   */
  public static FloorChannel open(FloorPath path, FloorKeys keys, Role role, McService service, SrtpPolicy policy) {
    ReceivedKey key = keys.select(path)
        .orElseThrow(() -> new NoSuchElementException("no key for floor control on the " + path + " path"));
    return new FloorChannel(path, SrtpSession.create(key, role, service, policy));
  }

  public FloorPath path() {
    return path;
  }

  /** The SRTCP session underneath, for its drop counters and key changes. */
  public SrtpSession session() {
    return session;
  }

  /** The SRTCP packet carrying {@code message}. */
  public byte[] protect(FloorMessage message) {
    return session.protectRtcp(FloorWriter.write(message));
  }

  /** What became of a received packet. */
  public sealed interface Received {}

  /** A floor message, authenticated and read. */
  public record Message(FloorMessage message) implements Received {}

  /** Dropped by SRTCP (replay, wrong key, tampering ...). */
  public record Dropped(DropReason reason) implements Received {}

  /** Authenticated, but not a floor control message this module reads. */
  public record Unreadable(FloorParseException.Reason reason, String detail) implements Received {}

  /** Unprotects and reads one packet; never throws. The caller's array is left untouched. */
  public Received receive(byte[] packet) {
    if (packet == null || packet.length > session.policy().maxPacket()) {
      int code = session.unprotectRtcp(packet, 0, packet == null ? 0 : packet.length);
      return new Dropped(DropReason.ofCode(code));
    }
    byte[] copy = Arrays.copyOf(packet, packet.length);
    int n = session.unprotectRtcp(copy, 0, copy.length);
    if (n < 0) {
      return new Dropped(DropReason.ofCode(n));
    }
    try {
      return new Message(FloorReader.read(copy, 0, n));
    } catch (FloorParseException e) {
      return new Unreadable(e.reason(), e.getMessage());
    }
  }
}

package org.mcxkms.media.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The libsrtp 2 peer of src/test/c/srtp_peer.c, compiled with gcc into target/ on first use. A
 * missing gcc or libsrtp2-dev fails the test that needs it: the interoperability check must not
 * pass by not running.
 */
final class LibSrtpPeer {
  private static final HexFormat H = HexFormat.of();
  private static Path binary;

  private LibSrtpPeer() {}

  static synchronized Path binary() throws IOException, InterruptedException {
    if (binary != null) {
      return binary;
    }
    Path build = Path.of(System.getProperty("media.test.build", "target"));
    Path src = Path.of(System.getProperty("media.test.csrc", "src/test/c")).resolve("srtp_peer.c");
    Path out = build.resolve("srtp_peer");
    Files.createDirectories(build);
    Process p;
    try {
      p = new ProcessBuilder("gcc", "-O2", "-Wall", "-o", out.toString(), src.toString(), "-lsrtp2")
          .redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new AssertionError("gcc is needed for the libsrtp interoperability test and was not found", e);
    }
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    if (p.exitValue() != 0) {
      throw new AssertionError("compiling srtp_peer.c against libsrtp 2 failed (is libsrtp2-dev installed?):\n" + log);
    }
    binary = out;
    return out;
  }

  /** Runs the peer in {@code mode} over the packets; each result is the packet or "ERR n". */
  static List<String> run(String mode, byte[] masterKey, byte[] masterSalt, byte[] mki, List<byte[]> packets)
      throws IOException, InterruptedException {
    Process p = new ProcessBuilder(binary().toString(), mode, H.formatHex(masterKey), H.formatHex(masterSalt),
        mki.length == 0 ? "-" : H.formatHex(mki)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    StringBuilder in = new StringBuilder();
    for (byte[] pkt : packets) {
      in.append(H.formatHex(pkt)).append('\n');
    }
    Thread writer = new Thread(() -> {
      try (var os = p.getOutputStream()) {
        os.write(in.toString().getBytes(StandardCharsets.US_ASCII));
      } catch (IOException ignored) {
        // the reader reports the short output
      }
    });
    writer.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    writer.join();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("srtp_peer exit status").isZero();
    List<String> lines = new ArrayList<>(List.of(out.split("\n")));
    lines.removeIf(String::isEmpty);
    assertThat(lines).hasSize(packets.size());
    return lines;
  }
}

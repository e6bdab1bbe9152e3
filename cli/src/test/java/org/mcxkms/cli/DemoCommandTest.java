package org.mcxkms.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code mcx-kms demo --fast} as CI runs it: exit 0, every step passed, the artefacts written. */
class DemoCommandTest {
  @Test
  void fastDemoPassesAndWritesItsArtefacts(@TempDir Path out) throws Exception {
    int rc = new CommandLine(new Main()).execute("demo", "--fast", "--out", out.toString());
    assertThat(rc).isZero();
    JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
    assertThat(report.get("passed").asBoolean()).isTrue();
    assertThat(report.get("steps")).hasSize(8);
    for (JsonNode s : report.get("steps")) {
      assertThat(s.get("passed").asBoolean()).as(s.get("title").asText()).isTrue();
    }
    byte[] pcap = Files.readAllBytes(out.resolve("protected-packets.pcap"));
    // libpcap global header: magic a1b2c3d4 little-endian, LINKTYPE_RAW (101)
    assertThat(pcap[0] & 0xFF).isEqualTo(0xd4);
    assertThat(pcap[3] & 0xFF).isEqualTo(0xa1);
    assertThat(pcap[20]).isEqualTo((byte) 101);
    assertThat(out.resolve("server-recording.wav")).isNotEmptyFile();
    assertThat(out.resolve("bob-heard-alice.wav")).isNotEmptyFile();
  }
}

package org.mcxkms.mcx;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.mcxkms.mcx.demo.Check;
import org.mcxkms.mcx.demo.McxDemo;
import org.mcxkms.mcx.demo.StepResult;

/**
 * One test per demonstration step, in order, over real UDP and HTTPS on loopback against the
 * real KMS: every check of the step must pass (decoded PCM compared with what was sent, keys held
 * or not held, refusals), and the artefacts must be written.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class McxDemoStepsTest {
  Path dir;
  EmbeddedKms kms;
  McxDemo demo;
  final ByteArrayOutputStream printed = new ByteArrayOutputStream();

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    dir = tmp;
    kms = EmbeddedKms.start(dir.resolve("kms"));
    demo = McxDemo.setUp(kms, dir.resolve("data"), dir.resolve("out"),
        new McxDemo.Options(true, false, new PrintStream(printed, true, StandardCharsets.UTF_8)));
  }

  @AfterAll
  void stop() {
    if (demo != null) {
      demo.close();
    }
    if (kms != null) {
      kms.close();
    }
  }

  static void assertPassed(StepResult r) {
    assertThat(r.checks()).isNotEmpty();
    assertThat(r.checks()).allSatisfy(c -> assertThat(c.passed()).as(c.what() + ": " + c.detail()).isTrue());
  }

  @Test
  @Order(1)
  void step1GmsKeysTheGroup() throws Exception {
    assertPassed(demo.step1KeyGroup());
  }

  @Test
  @Order(2)
  void step2GroupCallRelayedButNotOpenedByTheServer() throws Exception {
    assertPassed(demo.step2GroupCall());
    assertThat(dir.resolve("out/bob-heard-alice.wav")).isNotEmptyFile();
  }

  @Test
  @Order(3)
  void step3RekeyWhenCarolLeaves() throws Exception {
    assertPassed(demo.step3RekeyOnLeave());
  }

  @Test
  @Order(4)
  void step4PrivateCall() throws Exception {
    assertPassed(demo.step4PrivateCall());
  }

  @Test
  @Order(5)
  void step5ServerInTheContextRecords() throws Exception {
    assertPassed(demo.step5ServerInContext());
    assertThat(dir.resolve("out/server-recording.wav")).isNotEmptyFile();
  }

  @Test
  @Order(6)
  void step6OffNetwork() throws Exception {
    assertPassed(demo.step6OffNetwork());
  }

  @Test
  @Order(7)
  void step7RevokedAtTheKms() throws Exception {
    assertPassed(demo.step7Revocation());
    demo.writeReport();
    String report = Files.readString(dir.resolve("out/report.json"));
    assertThat(report).contains("\"passed\" : true");
    byte[] pcap = Files.readAllBytes(dir.resolve("out/protected-packets.pcap"));
    assertThat(pcap.length).isGreaterThan(24 + 100 * 16);
    assertThat(printed.toString(StandardCharsets.UTF_8)).doesNotContain("[key]");
  }
}

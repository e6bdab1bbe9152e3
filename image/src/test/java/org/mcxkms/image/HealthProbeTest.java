package org.mcxkms.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The probe's failures (its success is shown against a real server by ImageTest). */
class HealthProbeTest {
  @Test
  void unhealthyBeforeServeHasWrittenItsAdminUrl(@TempDir Path data) throws Exception {
    assertThat(HealthProbe.probe(data, "/health")).isEqualTo(1);
  }

  @Test
  void noListenerIsAnErrorNotHealthy(@TempDir Path data) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Files.writeString(data.resolve("admin.url"), "https://127.0.0.1:" + port + "/admin/v1/\n");
    assertThatThrownBy(() -> HealthProbe.probe(data, "/health")).isInstanceOf(IOException.class);
  }

  @Test
  void pathMustBeAbsolute(@TempDir Path data) {
    assertThatThrownBy(() -> HealthProbe.probe(data, "health")).isInstanceOf(IllegalArgumentException.class);
  }
}

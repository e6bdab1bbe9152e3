package org.mcxkms.kms.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcxkms.kms.server.KmsServer;
import org.mcxkms.kms.server.config.ConfigKey;
import org.mcxkms.kms.server.config.KmsConfig;
import org.mcxkms.testkit.Https;
import org.mcxkms.testkit.TestIdm;

/**
 * The revocation race through the real server with its embedded H2 file (the sole-writer identity
 * cache in use): while clients hammer keyprov, the admin disables the identity; no keyprov that
 * starts after the disable returned may be answered with key material, and none does once the
 * admin re-enables and disables again, race after race.
 */
class RevocationRaceHttpTest {
  private static final int RACES = 60;
  private static final String VICTIM = "sip:stolen@example.org";

  @TempDir Path dir;

  @Test
  void noKeyprovIsServedAfterADisableReturned() throws Exception {
    TestIdm idm = new TestIdm(dir);
    KmsConfig config = KmsConfig.builder()
        .set(ConfigKey.DATA_DIR, dir.resolve("data").toString())
        .set(ConfigKey.LISTEN_PORT, 0)
        .set(ConfigKey.ADMIN_PORT, 0)
        .set(ConfigKey.KMS_URI, TestIdm.AUDIENCE)
        .set(ConfigKey.AUTH_JWKS, idm.jwks.toString())
        .set(ConfigKey.AUTH_ISSUER, TestIdm.ISSUER)
        .set(ConfigKey.LIMIT_IDENTITY_PER_SECOND, 0)
        .build();
    assertThat(SoleWriterCachingStore.isSoleWriter(config.dbUrl())).isTrue();
    try (KmsServer server = KmsServer.start(config, w -> {})) {
      assertThat(server.store()).isInstanceOf(SoleWriterCachingStore.class);
      Https https = new Https(server.tls().certificatePem());
      String admin = Files.readString(server.adminTokenFile()).trim();
      String body = "{\"uri\":\"" + VICTIM + "\"}";
      assertThat(https.json("POST", server.adminUrl().resolve("identities"), admin, body).statusCode()).isEqualTo(200);
      String token = idm.token(VICTIM).sign();
      URI keyprov = server.kmsUrl().resolve("keyprov");
      assertThat(https.post(keyprov, token, null).statusCode()).isEqualTo(200); // issued once, cached after

      AtomicInteger phase = new AtomicInteger(); // odd: a disable has returned
      AtomicLong answered = new AtomicLong();
      AtomicInteger bypasses = new AtomicInteger();
      AtomicInteger unexpected = new AtomicInteger();
      List<Thread> clients = new ArrayList<>();
      for (int c = 0; c < 3; c++) {
        Thread t = new Thread(() -> {
          while (phase.get() >= 0) {
            int before = phase.get();
            int status;
            try {
              status = https.post(keyprov, token, null).statusCode();
            } catch (Exception e) {
              unexpected.incrementAndGet();
              continue;
            }
            if (status == 200 && before % 2 == 1 && phase.get() == before) {
              bypasses.incrementAndGet();
            } else if (status != 200 && status != 403) {
              unexpected.incrementAndGet();
            }
            answered.incrementAndGet();
          }
        });
        t.setDaemon(true);
        t.start();
        clients.add(t);
      }
      int stillServed = 0;
      try {
        for (int race = 0; race < RACES; race++) {
          awaitAnswers(answered, 3);
          HttpResponse<String> off = https.json("POST", server.adminUrl().resolve("identities/disable"), admin, body);
          assertThat(off.statusCode()).isEqualTo(200);
          phase.incrementAndGet();
          awaitAnswers(answered, 6); // requests that read the identity before the disable have finished
          if (https.post(keyprov, token, null).statusCode() == 200) {
            stillServed++;
          }
          phase.incrementAndGet();
          assertThat(https.json("POST", server.adminUrl().resolve("identities/enable"), admin, body).statusCode())
              .isEqualTo(200);
        }
      } finally {
        phase.set(-1);
        for (Thread t : clients) {
          t.join(30_000);
        }
      }
      assertThat(stillServed).as("races after which keyprov still handed out keys").isZero();
      assertThat(bypasses.get()).as("keyprov answered with keys after the disable returned").isZero();
      assertThat(unexpected.get()).isZero();
    }
  }

  private static void awaitAnswers(AtomicLong answered, long more) {
    long target = answered.get() + more;
    while (answered.get() < target) {
      LockSupport.parkNanos(100_000);
    }
  }
}

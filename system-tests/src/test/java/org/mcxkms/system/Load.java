package org.mcxkms.system;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;
import org.mcxkms.testkit.Https;

/**
 * Keyprov load through the proxy: each thread posts an empty keyprov for its own identity again
 * and again (real HTTPS, real bearer tokens) and every outcome is kept with its start and end, so
 * a phase can be judged afterwards: which requests failed, and how many succeeded per second.
 */
final class Load implements AutoCloseable {
  /** One request: when it started and ended (System.nanoTime), its status (-1: no answer) and why. */
  record Outcome(long started, long ended, int status, boolean retryAfter, String problem) {
    boolean ok() {
      return status == 200;
    }
  }

  private final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean running = true;

  Load(URI keyprov, SSLContext tls, List<String> tokens) {
    for (int i = 0; i < tokens.size(); i++) {
      String token = tokens.get(i);
      Https https = new Https(tls);
      Thread t = new Thread(() -> {
        while (running) {
          long s = System.nanoTime();
          try {
            HttpResponse<byte[]> r = https.post(keyprov, token, null);
            String problem = r.statusCode() == 200 ? null
                : new String(r.body(), StandardCharsets.UTF_8).replaceAll("\\s+", " ");
            outcomes.add(new Outcome(s, System.nanoTime(), r.statusCode(),
                r.headers().firstValue("Retry-After").isPresent(), problem));
          } catch (Exception e) {
            outcomes.add(new Outcome(s, System.nanoTime(), -1, false, e.toString()));
          }
        }
      }, "load-" + i);
      t.setDaemon(true);
      threads.add(t);
    }
    threads.forEach(Thread::start);
  }

  /** The outcomes so far that match {@code which}. */
  List<Outcome> outcomes(Predicate<Outcome> which) {
    List<Outcome> out = new ArrayList<>();
    for (Outcome o : outcomes) {
      if (which.test(o)) {
        out.add(o);
      }
    }
    return out;
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    for (Thread t : threads) {
      t.join(60_000);
    }
  }
}

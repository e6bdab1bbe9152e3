package org.mcxkms.kms.server.edge;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps slow or greedy clients from holding the listener: at most {@code maxPerAddress} open
 * connections per peer address (more are closed as they open), and a request whose line and
 * headers have not fully arrived {@code headerTimeout} after they began is cut off, however
 * steadily the bytes trickle in (the idle timeout alone would let a header line every few seconds
 * keep a connection for ever). Added to a connector as a bean.
 */
public final class ConnectionGuard extends AbstractLifeCycle implements Connection.Listener {
  private static final Logger LOG = LoggerFactory.getLogger("mcx.kms.http");

  private final int maxPerAddress;
  private final long headerTimeoutNanos;
  private final LongSupplier nanos = System::nanoTime;
  private final Map<InetAddress, AtomicInteger> perAddress = new ConcurrentHashMap<>();
  private final Map<HttpConnection, long[]> http = new ConcurrentHashMap<>();
  /** The peer of each counted connection, kept because a closed socket no longer knows it. */
  private final Map<Connection, InetAddress> peers = new ConcurrentHashMap<>();
  private ScheduledExecutorService sweeper;

  public ConnectionGuard(int maxPerAddress, Duration headerTimeout) {
    this.maxPerAddress = maxPerAddress;
    this.headerTimeoutNanos = headerTimeout.toNanos();
  }

  @Override
  protected void doStart() {
    sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "kms-connection-guard");
      t.setDaemon(true);
      return t;
    });
    long period = Math.max(100, Math.min(1000, TimeUnit.NANOSECONDS.toMillis(headerTimeoutNanos) / 4));
    sweeper.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
  }

  @Override
  protected void doStop() {
    sweeper.shutdownNow();
  }

  @Override
  public void onOpened(Connection connection) {
    if (connection instanceof HttpConnection h) {
      http.put(h, new long[] {-1, 0});
    }
    if (!(connection.getEndPoint() instanceof SocketChannelEndPoint)) {
      return; // count each TCP connection once, at the socket level
    }
    InetAddress a = address(connection.getEndPoint().getRemoteSocketAddress());
    if (a == null) {
      return;
    }
    peers.put(connection, a);
    int n = perAddress.computeIfAbsent(a, k -> new AtomicInteger()).incrementAndGet();
    if (n > maxPerAddress) {
      LOG.warn("closing a connection from {}: more than {} open from that address", a.getHostAddress(),
          maxPerAddress);
      connection.getEndPoint().close();
    }
  }

  @Override
  public void onClosed(Connection connection) {
    if (connection instanceof HttpConnection h) {
      http.remove(h);
    }
    InetAddress a = peers.remove(connection);
    if (a == null) {
      return;
    }
    perAddress.computeIfPresent(a, (k, c) -> c.decrementAndGet() <= 0 ? null : c);
  }

  /** Open connections from {@code a} (tests). */
  int open(InetAddress a) {
    AtomicInteger c = perAddress.get(a);
    return c == null ? 0 : c.get();
  }

  private void sweep() {
    long now = nanos.getAsLong();
    for (Map.Entry<HttpConnection, long[]> e : http.entrySet()) {
      HttpConnection c = e.getKey();
      long[] seen = e.getValue(); // {messages in when the header began, when it began}
      HttpParser p = c.getParser();
      boolean inHeader = !p.isStart() && p.inHeaderState();
      if (!inHeader) {
        seen[0] = -1;
        continue;
      }
      long messages = c.getMessagesIn();
      if (seen[0] != messages) {
        seen[0] = messages;
        seen[1] = now;
      } else if (now - seen[1] > headerTimeoutNanos) {
        LOG.warn("closing a connection from {}: request headers still incomplete after {} ms",
            c.getEndPoint().getRemoteSocketAddress(), TimeUnit.NANOSECONDS.toMillis(headerTimeoutNanos));
        http.remove(c);
        c.getEndPoint().close();
      }
    }
  }

  private static InetAddress address(SocketAddress s) {
    return s instanceof InetSocketAddress i ? i.getAddress() : null;
  }
}

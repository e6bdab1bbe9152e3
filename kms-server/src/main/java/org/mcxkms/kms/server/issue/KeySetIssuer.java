package org.mcxkms.kms.server.issue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.mcxkms.crypto.eccsi.IssuedEccsiKey;
import org.mcxkms.crypto.sakke.Rsk;
import org.mcxkms.crypto.uid.KeyPeriodPolicy;
import org.mcxkms.crypto.uid.Uid;
import org.mcxkms.kms.server.domain.CertificateKeys;

/**
 * Issues key sets per (identity, period) under a certificate, deterministically: the UID of
 * TS 33.180 F.2.1, the RSK of RFC 6508 6.1.1 (deterministic by nature) and the SSK/PVT of RFC 6507
 * 5.1.1 with v from the RFC 6979 DRBG over KSAK and the UID. Every node holding the same master
 * secrets therefore hands out identical key sets, and nothing needs storing. The crypto issuers
 * check their own output before returning it ([a+z]K = P; [SSK]G = KPAK + [HS]PVT).
 *
 * <p>A bounded in-memory cache keyed by (certificate number, UID) makes a repeated request cost no
 * scalar multiplication; concurrent requests for the same key set compute it once. The cache
 * holds no authorisation decision: callers check the identity (status, revocation) on every
 * request before asking, so revocation takes effect at once; {@link #evict(String)} also drops
 * the material of a revoked identity from memory.
 */
public final class KeySetIssuer {
  private record Key(int certNo, Uid uid) {}

  private final int maxEntries;
  private final Map<Key, CompletableFuture<IssuedKeySet>> cache = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Key> order = new ConcurrentLinkedQueue<>();
  private final AtomicInteger size = new AtomicInteger();
  private final Counter hits;
  private final Counter misses;
  private final Timer issuance;

  public KeySetIssuer(int maxEntries, MeterRegistry metrics) {
    this.maxEntries = maxEntries;
    this.hits = Counter.builder("kms_keyset_cache").tag("result", "hit").register(metrics);
    this.misses = Counter.builder("kms_keyset_cache").tag("result", "miss").register(metrics);
    this.issuance = Timer.builder("kms_keyset_issuance").description("time to derive one key set (cold)")
        .publishPercentiles(0.5, 0.9, 0.99).register(metrics);
  }

  /** The key set of {@code userUri} for {@code period} under {@code cert}. */
  public IssuedKeySet issue(CertificateKeys cert, String kmsUri, KeyPeriodPolicy policy, String userUri, long period) {
    Uid uid = Uid.format2(userUri, kmsUri, policy, period);
    Key key = new Key(cert.number(), uid);
    CompletableFuture<IssuedKeySet> existing = cache.get(key);
    if (existing != null && !existing.isCompletedExceptionally()) {
      hits.increment();
      return join(existing);
    }
    CompletableFuture<IssuedKeySet> mine = new CompletableFuture<>();
    existing = maxEntries > 0 ? cache.putIfAbsent(key, mine) : null;
    if (existing != null) {
      hits.increment();
      return join(existing);
    }
    misses.increment();
    try {
      IssuedKeySet set = issuance.record(() -> derive(cert, policy, userUri, uid, period));
      mine.complete(set);
      if (maxEntries > 0) {
        order.add(key);
        if (size.incrementAndGet() > maxEntries) {
          evictOldest();
        }
      }
      return set;
    } catch (RuntimeException e) {
      cache.remove(key, mine);
      mine.completeExceptionally(e);
      throw e;
    }
  }

  private static IssuedKeySet derive(CertificateKeys cert, KeyPeriodPolicy policy, String userUri, Uid uid, long period) {
    byte[] id = uid.toByteArray();
    Rsk rsk = cert.rskIssuer().issue(id);
    IssuedEccsiKey eccsi = cert.eccsiIssuer().issue(id);
    return new IssuedKeySet(cert.number(), cert.certUri(), userUri, uid, period, policy.validFrom(period),
        policy.validTo(period), rsk, eccsi.ssk(), eccsi.pvt());
  }

  private static IssuedKeySet join(CompletableFuture<IssuedKeySet> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a key set", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      throw c instanceof RuntimeException ? (RuntimeException) c : new IllegalStateException(c);
    }
  }

  private void evictOldest() {
    while (size.get() > maxEntries) {
      Key k = order.poll();
      if (k == null) {
        return;
      }
      if (cache.remove(k) != null) {
        size.decrementAndGet();
      }
    }
  }

  /** Drops every cached key set of {@code userUri} (after a revocation). */
  public void evict(String userUri) {
    for (Iterator<Map.Entry<Key, CompletableFuture<IssuedKeySet>>> it = cache.entrySet().iterator(); it.hasNext(); ) {
      CompletableFuture<IssuedKeySet> f = it.next().getValue();
      if (f.isDone() && !f.isCompletedExceptionally() && Objects.equals(f.join().userUri(), userUri)) {
        it.remove();
        size.decrementAndGet();
      }
    }
  }

  /** Drops everything (after a certificate rotation, the old certificate's sets are dead weight). */
  public void clear() {
    cache.clear();
    order.clear();
    size.set(0);
  }

  public int size() {
    return cache.size();
  }
}

package org.mcxkms.kms.server.issue;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
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
 * <p>A bounded in-memory cache (Caffeine) keyed by (certificate number, UID) makes a repeated
 * request cost no scalar multiplication; concurrent requests for the same key set compute it once,
 * on the first caller's thread. The cache holds no authorisation decision: callers check the
 * identity (status, revocation) on every request before asking, so revocation takes effect at
 * once; {@link #evict(String)} also drops the material of a revoked identity from memory.
 */
public final class KeySetIssuer {
  private record Key(int certNo, Uid uid, String userUri) {}

  /** Null when caching is off ({@code maxEntries == 0}). */
  private final AsyncCache<Key, IssuedKeySet> cache;
  private final Counter hits;
  private final Counter misses;
  private final Timer issuance;

  public KeySetIssuer(int maxEntries, MeterRegistry metrics) {
    // Maintenance (eviction) runs on the calling thread: no background pool, deterministic order.
    this.cache = maxEntries > 0 ? Caffeine.newBuilder().maximumSize(maxEntries).executor(Runnable::run).buildAsync()
        : null;
    this.hits = Counter.builder("kms_keyset_cache").tag("result", "hit").register(metrics);
    this.misses = Counter.builder("kms_keyset_cache").tag("result", "miss").register(metrics);
    this.issuance = Timer.builder("kms_keyset_issuance").description("time to derive one key set (cold)")
        .publishPercentiles(0.5, 0.9, 0.99).register(metrics);
  }

  /** The key set of {@code userUri} for {@code period} under {@code cert}. */
  public IssuedKeySet issue(CertificateKeys cert, String kmsUri, KeyPeriodPolicy policy, String userUri, long period) {
    Uid uid = Uid.format2(userUri, kmsUri, policy, period);
    if (cache == null) {
      misses.increment();
      return issuance.record(() -> derive(cert, policy, userUri, uid, period));
    }
    Key key = new Key(cert.number(), uid, userUri);
    CompletableFuture<IssuedKeySet> mine = new CompletableFuture<>();
    CompletableFuture<IssuedKeySet> existing = cache.asMap().putIfAbsent(key, mine);
    if (existing != null) {
      hits.increment();
      return join(existing);
    }
    misses.increment();
    try {
      IssuedKeySet set = issuance.record(() -> derive(cert, policy, userUri, uid, period));
      mine.complete(set);
      return set;
    } catch (RuntimeException e) {
      // A failed future leaves the cache by itself; waiting callers see the same failure.
      mine.completeExceptionally(e);
      throw e;
    }
  }

  /** The revocation mark of {@code userUri}'s key set for {@code period} under {@code cert}. */
  public static RevokedKeySet revocationMark(CertificateKeys cert, String kmsUri, KeyPeriodPolicy policy,
      String userUri, long period) {
    return new RevokedKeySet(cert.certUri(), userUri, Uid.format2(userUri, kmsUri, policy, period), period,
        policy.validFrom(period), policy.validTo(period));
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
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /** Drops every cached key set of {@code userUri} (after a revocation or disable). */
  public void evict(String userUri) {
    if (cache != null) {
      cache.asMap().keySet().removeIf(k -> k.userUri().equals(userUri));
    }
  }

  /** Drops everything (after a certificate rotation, the old certificate's sets are dead weight). */
  public void clear() {
    if (cache != null) {
      cache.synchronous().invalidateAll();
    }
  }

  /** Key sets held now (an estimate while evictions are pending). */
  public long size() {
    return cache == null ? 0 : cache.synchronous().estimatedSize();
  }
}

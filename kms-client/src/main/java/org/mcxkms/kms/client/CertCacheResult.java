package org.mcxkms.kms.client;

import java.util.List;
import java.util.Optional;
import org.mcxkms.kms.protocol.KmsCertificate;

/**
 * The outcome of a CertCache request: the cache number and certificates now held, and whether
 * they changed (a {@code certcache/<n>} with the current n returns no certificates).
 */
public record CertCacheResult(Optional<Long> cacheNum, List<KmsCertificate> certificates, boolean changed) {}

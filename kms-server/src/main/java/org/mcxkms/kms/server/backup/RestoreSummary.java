package org.mcxkms.kms.server.backup;

import java.time.Instant;
import java.util.Map;

/**
 * What a restore wrote: the archive it came from, the domain, how many records of each kind, whether
 * the archived audit chain verified (and if not, its first problem), and how many archived TrK/InK
 * seals did not open (they were already damaged in the backed-up store; those keys are unusable).
 */
public record RestoreSummary(String archiveId, Instant archiveCreatedAt, String domainId, String kmsUri,
    Map<String, Long> counts, boolean auditIntact, String auditProblem, int unopenedProtectionKeys) {
  public RestoreSummary {
    counts = Map.copyOf(counts);
  }
}

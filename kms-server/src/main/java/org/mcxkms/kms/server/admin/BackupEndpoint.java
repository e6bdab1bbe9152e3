package org.mcxkms.kms.server.admin;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mcxkms.kms.server.backup.ArchiveHeader;
import org.mcxkms.kms.server.backup.BackupException;
import org.mcxkms.kms.server.backup.Backups;
import org.mcxkms.kms.server.domain.SecurityDomain;
import org.mcxkms.kms.server.store.KmsStore;
import org.mcxkms.kms.server.store.StoreException;

/**
 * {@code POST backup}: a backup archive of the whole store (one consistent snapshot), encrypted
 * under a fresh key sealed with the domain's KEK, returned once in base64 with its header. The
 * server makes it because it holds the KEK (or the HSM session); the archive holds no plaintext
 * secret, so the answer is safe to write to a file, but it is still the operator's to keep.
 */
final class BackupEndpoint implements AdminEndpoint {
  private final KmsStore store;
  private final SecurityDomain domain;
  private final Clock clock;
  private final SecureRandom random;

  BackupEndpoint(KmsStore store, SecurityDomain domain, Clock clock, SecureRandom random) {
    this.store = store;
    this.domain = domain;
    this.clock = clock;
    this.random = random;
  }

  @Override
  public Object handle(AdminCall call) throws AdminException {
    Backups.Backup b;
    try {
      b = Backups.create(store, domain, clock, random);
    } catch (BackupException e) {
      throw new AdminException(AdminError.CONFLICT, e.getMessage());
    } catch (StoreException e) {
      throw new AdminException(AdminError.UNAVAILABLE, "the store could not be read: " + e.getMessage());
    }
    ArchiveHeader h = b.header();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("archive_id", h.archiveId());
    m.put("created_at", h.createdAt().toString());
    m.put("domain_id", h.domain().domainId());
    m.put("kms_uri", h.domain().kmsUri());
    m.put("counts", Backups.orderedCounts(h));
    m.put("octets", b.archive().length);
    m.put("archive", Base64.getEncoder().encodeToString(b.archive()));
    return m;
  }
}

package org.mcxkms.kms.server.domain;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.mcxkms.kms.protocol.MigrationKms;
import org.mcxkms.kms.protocol.SafeText;
import org.mcxkms.kms.server.store.ConflictException;
import org.mcxkms.kms.server.store.KmsStore;
import org.mcxkms.kms.server.store.MigrationKmsRecord;

/**
 * The Migration KMSs of this domain (TS 33.180 5.3.1): KMSs from which the Home KMS permits its
 * clients to obtain key material when their users are migrated, with their addresses. Listed by
 * an operator, handed to clients in the certificate cache (our extension, see {@link
 * MigrationKms}); every change changes the cache number.
 */
public final class MigrationKmss {
  private final KmsStore store;
  private final String ownKmsUri;

  public MigrationKmss(KmsStore store, String ownKmsUri) {
    this.store = store;
    this.ownKmsUri = ownKmsUri;
  }

  /**
   * Lists a Migration KMS. Nothing is stored when it is refused.
   *
   * @param tlsPin SHA-256 of its TLS server certificate (hex, case and colons ignored), or null
   */
  public MigrationKms add(String kmsUri, String kmsUrl, String tlsPin, Instant now) throws MigrationKmsException {
    MigrationKms m;
    try {
      m = new MigrationKms(kmsUri, new URI(kmsUrl), Optional.ofNullable(tlsPin).filter(p -> !p.isBlank()));
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw new MigrationKmsException(MigrationKmsException.Reason.INVALID,
          SafeText.clip(e.getMessage(), 200));
    }
    if (m.kmsUri().equals(ownKmsUri)) {
      throw new MigrationKmsException(MigrationKmsException.Reason.OWN_KMS, m.kmsUri() + " is this KMS");
    }
    if (store.migrationKms().size() >= MigrationKms.MAX_ENTRIES) {
      throw new MigrationKmsException(MigrationKmsException.Reason.TOO_MANY,
          "at most " + MigrationKms.MAX_ENTRIES + " Migration KMSs can be listed");
    }
    try {
      store.addMigrationKms(new MigrationKmsRecord(m.kmsUri(), m.kmsUrl().toString(), m.tlsPin().orElse(null), now));
    } catch (ConflictException e) {
      throw new MigrationKmsException(MigrationKmsException.Reason.ALREADY_LISTED, m.kmsUri() + " is listed already");
    }
    return m;
  }

  /** Stops permitting {@code kmsUri}; false if it was not listed. */
  public boolean remove(String kmsUri) {
    return store.removeMigrationKms(kmsUri);
  }

  /** The listed Migration KMSs with when each was added. */
  public List<MigrationKmsRecord> records() {
    return store.migrationKms();
  }

  /** The list provisioned to clients. */
  public List<MigrationKms> published() {
    return records().stream().map(MigrationKmss::toEntry).toList();
  }

  private static MigrationKms toEntry(MigrationKmsRecord r) {
    // Checked by add before it was stored: a failure here is a bug or tampering.
    return new MigrationKms(r.kmsUri(), URI.create(r.kmsUrl()), Optional.ofNullable(r.tlsPin()));
  }
}

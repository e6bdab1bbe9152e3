package org.mcxkms.kms.server.issue;

import java.time.Instant;
import org.mcxkms.crypto.uid.Uid;

/** The revocation mark of one identity's key period: the header of its key set, no key material. */
public record RevokedKeySet(String certUri, String userUri, Uid uid, long period, Instant validFrom, Instant validTo)
    implements KeySet {}

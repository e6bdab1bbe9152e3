package org.mcxkms.kms.server.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A verified KMS Redirect Response (TS 33.180 D.4) a client uploaded: who uploaded it, its fields,
 * how many earlier KRRs it embeds, and the document verbatim. Public data only.
 *
 * @param id the store's number (0 before it is stored)
 * @param digest SHA-256 of the document, 64 lowercase hex digits (a re-upload is recognised by it)
 */
public record RedirectRecord(long id, String digest, String uploadedBy, String processorUri, String initiatorUri,
    String receiverUri, String rejectedKmsUri, List<String> acceptedKmsUris, int nested, Instant krrTime,
    Instant receivedAt, String document) {
  public RedirectRecord {
    Objects.requireNonNull(digest, "digest");
    if (!digest.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("digest must be 64 lowercase hex digits");
    }
    Objects.requireNonNull(uploadedBy, "uploadedBy");
    Objects.requireNonNull(processorUri, "processorUri");
    Objects.requireNonNull(initiatorUri, "initiatorUri");
    Objects.requireNonNull(receiverUri, "receiverUri");
    Objects.requireNonNull(rejectedKmsUri, "rejectedKmsUri");
    acceptedKmsUris = List.copyOf(acceptedKmsUris);
    for (String u : acceptedKmsUris) {
      if (u.isEmpty() || u.chars().anyMatch(Character::isWhitespace)) {
        throw new IllegalArgumentException("an accepted KMS URI must be non-empty without whitespace");
      }
    }
    krrTime = Times.micros(krrTime);
    receivedAt = Times.micros(receivedAt);
    Objects.requireNonNull(document, "document");
  }

  /** The same record with the store's number. */
  public RedirectRecord withId(long newId) {
    return new RedirectRecord(newId, digest, uploadedBy, processorUri, initiatorUri, receiverUri, rejectedKmsUri,
        acceptedKmsUris, nested, krrTime, receivedAt, document);
  }
}

package org.mcxkms.kms.server.store;

/**
 * One page of identities for browsing, ordered by URI: those whose URI contains {@code search}
 * (case-insensitive; null for all), of {@code kind} and {@code status} (null for any), with a URI
 * after {@code afterUri} (keyset pagination: null for the first page), at most {@code limit}.
 */
public record IdentityQuery(String search, IdentityKind kind, IdentityStatus status, String afterUri, int limit) {
  /** The largest page served. */
  public static final int MAX_LIMIT = 1000;

  public IdentityQuery {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ", not " + limit);
    }
    search = search == null || search.isEmpty() ? null : search;
    afterUri = afterUri == null || afterUri.isEmpty() ? null : afterUri;
  }
}

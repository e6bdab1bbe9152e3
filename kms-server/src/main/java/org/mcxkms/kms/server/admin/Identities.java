package org.mcxkms.kms.server.admin;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.mcxkms.kms.server.policy.IdentityUris;
import org.mcxkms.kms.server.store.IdentityKind;
import org.mcxkms.kms.server.store.IdentityRecord;
import org.mcxkms.kms.server.store.KmsStore;

/** What several admin endpoints share about identities: input checks, lookup, the JSON view. */
final class Identities {
  private static final int MAX_TEXT = 1024;

  private final KmsStore store;

  Identities(KmsStore store) {
    this.store = store;
  }

  /** {@code uri} if it is an acceptable identity URI (the rules of {@link IdentityUris}). */
  static String checkUri(String field, String uri) throws AdminException {
    if (uri == null || uri.isEmpty()) {
      throw new AdminException(AdminError.BAD_REQUEST, field + " is required");
    }
    Optional<String> problem = IdentityUris.problem(uri);
    if (problem.isPresent()) {
      throw new AdminException(AdminError.BAD_REQUEST, field + " " + problem.get());
    }
    return uri;
  }

  /** {@code value} if it is a non-empty name without whitespace or control characters (a key ID). */
  static String checkName(String field, String value) throws AdminException {
    if (value == null || value.isEmpty()) {
      throw new AdminException(AdminError.BAD_REQUEST, field + " is required");
    }
    if (value.length() > MAX_TEXT) {
      throw new AdminException(AdminError.BAD_REQUEST, field + " is longer than " + MAX_TEXT + " characters");
    }
    for (int i = 0; i < value.length(); i++) {
      char ch = value.charAt(i);
      if (Character.isWhitespace(ch) || Character.isISOControl(ch)) {
        throw new AdminException(AdminError.BAD_REQUEST, field + " must not contain whitespace or control characters");
      }
    }
    return value;
  }

  /** The registration of {@code uri}; NOT_FOUND if there is none. */
  IdentityRecord find(String uri) throws AdminException {
    checkUri("uri", uri);
    return store.identity(uri).orElseThrow(() -> new AdminException(AdminError.NOT_FOUND, uri + " is not registered"));
  }

  /** The JSON view of the registration of {@code uri}. */
  Map<String, Object> show(String uri) throws AdminException {
    return describe(find(uri));
  }

  Map<String, Object> describe(IdentityRecord r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("uri", r.uri());
    m.put("kind", r.kind().name().toLowerCase(Locale.ROOT));
    m.put("status", r.status().name().toLowerCase(Locale.ROOT));
    m.put("created_at", r.createdAt().toString());
    if (r.revokedAt() != null) {
      m.put("revoked_at", r.revokedAt().toString());
    }
    if (r.revokedThroughPeriod() != null) {
      m.put("revoked_through_period", r.revokedThroughPeriod());
    }
    if (r.kind() == IdentityKind.SERVER) {
      m.put("grants", store.grants(r.uri()));
    }
    return m;
  }
}

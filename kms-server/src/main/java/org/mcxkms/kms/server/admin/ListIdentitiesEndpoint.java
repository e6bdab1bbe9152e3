package org.mcxkms.kms.server.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mcxkms.kms.server.store.IdentityKind;
import org.mcxkms.kms.server.store.IdentityQuery;
import org.mcxkms.kms.server.store.IdentityRecord;
import org.mcxkms.kms.server.store.IdentityStatus;
import org.mcxkms.kms.server.store.KmsStore;

/**
 * {@code GET identities}: every registered identity; or, with {@code limit}, one page ordered by
 * URI: {@code ?limit=N&search=S&kind=user|server&status=enabled|disabled|revoked&after=URI}, as
 * {@code {identities: [...], next: URI or null}} (pass {@code next} as {@code after} for the next page).
 */
final class ListIdentitiesEndpoint implements AdminEndpoint {
  private final KmsStore store;
  private final Identities identities;

  ListIdentitiesEndpoint(KmsStore store, Identities identities) {
    this.store = store;
    this.identities = identities;
  }

  @Override
  public Object handle(AdminCall call) throws AdminException {
    if (call.query("limit") == null) {
      List<Map<String, Object>> out = new ArrayList<>();
      for (IdentityRecord r : store.identities()) {
        out.add(identities.describe(r));
      }
      return out;
    }
    int limit = call.intQuery("limit", 50);
    if (limit < 1 || limit > IdentityQuery.MAX_LIMIT) {
      throw new AdminException(AdminError.BAD_REQUEST, "limit must be 1.." + IdentityQuery.MAX_LIMIT);
    }
    String search = call.query("search");
    if (search != null && search.length() > 1024) {
      throw new AdminException(AdminError.BAD_REQUEST, "search is longer than 1024 characters");
    }
    IdentityKind kind = choice(call, "kind", IdentityKind.class);
    IdentityStatus status = choice(call, "status", IdentityStatus.class);
    // One more than asked for tells whether another page follows.
    List<IdentityRecord> page = store.identities(
        new IdentityQuery(search, kind, status, call.query("after"), Math.min(limit + 1, IdentityQuery.MAX_LIMIT)));
    boolean more = page.size() > limit;
    List<Map<String, Object>> out = new ArrayList<>();
    for (IdentityRecord r : more ? page.subList(0, limit) : page) {
      out.add(identities.describe(r));
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("identities", out);
    m.put("next", more ? page.get(limit - 1).uri() : null);
    return m;
  }

  /** An optional enum-valued query parameter, in lower case. */
  private static <E extends Enum<E>> E choice(AdminCall call, String name, Class<E> type) throws AdminException {
    String v = call.query(name);
    if (v == null || v.isEmpty()) {
      return null;
    }
    try {
      return Enum.valueOf(type, v.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      List<String> names = new ArrayList<>();
      for (E c : type.getEnumConstants()) {
        names.add(c.name().toLowerCase(Locale.ROOT));
      }
      throw new AdminException(AdminError.BAD_REQUEST, name + " must be one of " + names);
    }
  }
}

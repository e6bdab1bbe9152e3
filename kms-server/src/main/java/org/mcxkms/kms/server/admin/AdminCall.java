package org.mcxkms.kms.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** An authenticated admin request: its JSON object body (empty for GET) and its query parameters. */
record AdminCall(JsonNode body, Map<String, String> query) {
  AdminCall {
    query = Map.copyOf(query);
  }

  /** A required string field of the body. */
  String text(String field) throws AdminException {
    JsonNode n = body.get(field);
    if (n == null || !n.isTextual()) {
      throw new AdminException(AdminError.BAD_REQUEST, "'" + field + "' (string) is required");
    }
    return n.asText();
  }

  /** An optional string field of the body, or null. */
  String optionalText(String field) {
    return body.hasNonNull(field) ? body.get(field).asText() : null;
  }

  boolean flag(String field, boolean dflt) {
    return body.path(field).asBoolean(dflt);
  }

  long number(String field, long dflt) {
    return body.path(field).asLong(dflt);
  }

  /** A query parameter, or null. */
  String query(String name) {
    return query.get(name);
  }

  int intQuery(String name, int dflt) throws AdminException {
    String v = query.get(name);
    if (v == null) {
      return dflt;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new AdminException(AdminError.BAD_REQUEST, name + " must be an integer");
    }
  }

  /** The identity the request is about, for the audit trail: {@code uri}, {@code user} or {@code server}. */
  String identity() {
    for (String f : new String[] {"uri", "user", "server"}) {
      if (body.hasNonNull(f) && body.get(f).isTextual()) {
        return body.get(f).asText();
      }
      if (query.get(f) != null) {
        return query.get(f);
      }
    }
    return null;
  }
}

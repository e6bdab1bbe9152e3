package org.mcxkms.kms.server.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mcxkms.kms.server.store.KmsStore;
import org.mcxkms.kms.server.store.RedirectRecord;

/**
 * {@code GET redirects?limit=N[&document=true]}: the latest KMS Redirect Responses clients
 * uploaded (TS 33.180 5.3.1, D.4), newest first; with {@code document=true} each with its XML.
 */
final class ListRedirectsEndpoint implements AdminEndpoint {
  static final int MAX_LIMIT = 1000;
  private final KmsStore store;

  ListRedirectsEndpoint(KmsStore store) {
    this.store = store;
  }

  @Override
  public Object handle(AdminCall call) throws AdminException {
    int limit = call.intQuery("limit", 50);
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new AdminException(AdminError.BAD_REQUEST, "limit must be 1.." + MAX_LIMIT);
    }
    boolean documents = "true".equals(call.query("document"));
    List<Map<String, Object>> out = new ArrayList<>();
    for (RedirectRecord r : store.redirects(limit)) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", r.id());
      m.put("received_at", r.receivedAt().toString());
      m.put("uploaded_by", r.uploadedBy());
      m.put("processor", r.processorUri());
      m.put("initiator", r.initiatorUri());
      m.put("receiver", r.receiverUri());
      m.put("rejected_kms", r.rejectedKmsUri());
      m.put("accepted_kms", r.acceptedKmsUris());
      m.put("nested", r.nested());
      m.put("time", r.krrTime().toString());
      m.put("sha256", r.digest());
      if (documents) {
        m.put("document", r.document());
      }
      out.add(m);
    }
    return out;
  }
}

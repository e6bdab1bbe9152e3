package org.mcxkms.kms.server.admin;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.kms.protocol.security.ProtectionKey;
import org.mcxkms.kms.server.extension.ProtectionKeys;
import org.mcxkms.kms.server.store.ConflictException;
import org.mcxkms.kms.server.store.IdentityRecord;

/**
 * {@code POST keys {uri, kind: trk|ink, key_id?}}: generates a TrK or InK for an identity (security
 * extension, TS 33.180 D.1) and returns it once, in hex, for provisioning into the client's secure
 * element. The KMS keeps it sealed. The audit record of the request is written before the key is
 * stored, so a key never exists without its trail.
 */
final class AddProtectionKeyEndpoint implements AdminEndpoint {
  private final Identities identities;
  private final ProtectionKeys protectionKeys;

  AddProtectionKeyEndpoint(Identities identities, ProtectionKeys protectionKeys) {
    this.identities = identities;
    this.protectionKeys = protectionKeys;
  }

  @Override
  public Object handle(AdminCall call) throws AdminException {
    IdentityRecord r = identities.find(call.text("uri"));
    String kind = call.text("kind");
    ProtectionKey.Kind k;
    if ("trk".equalsIgnoreCase(kind)) {
      k = ProtectionKey.Kind.TRANSPORT;
    } else if ("ink".equalsIgnoreCase(kind)) {
      k = ProtectionKey.Kind.INTEGRITY;
    } else {
      throw new AdminException(AdminError.BAD_REQUEST, "kind must be 'trk' or 'ink'");
    }
    String keyId = call.optionalText("key_id");
    String id = keyId != null ? keyId
        : (k == ProtectionKey.Kind.TRANSPORT ? "trk." : "ink.") + UUID.randomUUID() + "." + r.uri();
    if (id.isEmpty() || id.length() > ProtectionKey.MAX_ID_LENGTH) {
      throw new AdminException(AdminError.BAD_REQUEST, "key_id must have 1.." + ProtectionKey.MAX_ID_LENGTH
          + " characters");
    }
    Identities.checkName("key_id", id);
    ProtectionKey key;
    try {
      key = protectionKeys.generate(r.uri(), k, id);
    } catch (ConflictException e) {
      throw new AdminException(AdminError.CONFLICT, "key ID " + id + " is taken");
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("uri", r.uri());
    m.put("key_id", key.id());
    m.put("kind", kind.toLowerCase(Locale.ROOT));
    byte[] secret = key.secret().toByteArray(SecretAccess.get());
    m.put("key_hex", HexFormat.of().formatHex(secret));
    Arrays.fill(secret, (byte) 0);
    m.put("warning", "shown once: provision it into the client's secure element; the KMS keeps it sealed");
    return m;
  }
}

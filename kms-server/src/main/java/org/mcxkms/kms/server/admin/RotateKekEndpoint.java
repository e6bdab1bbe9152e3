package org.mcxkms.kms.server.admin;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mcxkms.kms.server.domain.KekRotated;
import org.mcxkms.kms.server.domain.SecurityDomain;
import org.mcxkms.kms.server.seal.KekTarget;
import org.mcxkms.kms.server.seal.SealException;
import org.mcxkms.kms.server.seal.TokenException;
import org.mcxkms.kms.server.store.ConflictException;

/**
 * {@code POST kek/rotate}: moves every sealed value under a new key-encryption key in one
 * transaction, either a key in the configured PKCS#11 token
 * ({@code {"to": "pkcs11", "label": L, "generate": true|false}}) or a key file
 * ({@code {"to": "keyfile", "file": PATH}}, generated if absent). The old key is kept: the
 * operator deletes it once every node runs with the new one.
 */
final class RotateKekEndpoint implements AdminEndpoint {
  private final SecurityDomain domain;

  RotateKekEndpoint(SecurityDomain domain) {
    this.domain = domain;
  }

  @Override
  public Object handle(AdminCall call) throws AdminException {
    KekTarget target = target(call);
    KekRotated r;
    try {
      r = domain.rotateKek(target);
    } catch (ConflictException e) {
      throw new AdminException(AdminError.CONFLICT, e.getMessage() + "; nothing was changed, try again");
    } catch (TokenException e) {
      throw new AdminException(e.reason() == TokenException.Reason.TOKEN_FAILED ? AdminError.INTERNAL
          : AdminError.BAD_REQUEST, e.getMessage() + "; nothing was changed");
    } catch (SealException e) {
      throw new AdminException(AdminError.CONFLICT, e.getMessage() + "; nothing was changed");
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("from", r.from());
    m.put("to", r.to());
    m.put("certificates", r.certificates());
    m.put("protection_keys", r.protectionKeys());
    m.put("audit_key", r.auditKey());
    m.put("old_key", "kept: delete it once every node runs with the new key");
    return m;
  }

  private static KekTarget target(AdminCall call) throws AdminException {
    String to = call.text("to");
    try {
      return switch (to) {
        case "pkcs11" -> new KekTarget.InToken(call.text("label"), call.flag("generate", false));
        case "keyfile" -> new KekTarget.KeyFile(Path.of(call.text("file")).toAbsolutePath());
        default -> throw new AdminException(AdminError.BAD_REQUEST, "'to' must be 'pkcs11' or 'keyfile', got '" + to
            + "' (a passphrase seal is chosen at creation only)");
      };
    } catch (IllegalArgumentException e) {
      throw new AdminException(AdminError.BAD_REQUEST, e.getMessage());
    }
  }
}

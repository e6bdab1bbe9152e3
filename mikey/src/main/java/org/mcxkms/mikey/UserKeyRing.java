package org.mcxkms.mikey;

import java.util.Optional;
import org.mcxkms.crypto.eccsi.EccsiSigningKey;
import org.mcxkms.crypto.sakke.SakkeReceiverKey;

/**
 * One MC identity's validated key material, by key period: what a key management client holds for
 * its user (TS 33.180 5.3.1). Implementations hand out keys already checked with RFC 6507 5.1.2 and
 * RFC 6508 6.1.2, which is what {@link EccsiSigningKey} and {@link SakkeReceiverKey} guarantee.
 */
public interface UserKeyRing {
  /** The MC identity (MC Service ID, GMS URI or MDSI), verbatim as in the UID. */
  String uri();

  /** The user's own (home) KMS. */
  KmsParameters kms();

  /** SSK/PVT for key period {@code period}, if held. */
  Optional<EccsiSigningKey> signingKey(long period);

  /** RSK for key period {@code period}, if held. */
  Optional<SakkeReceiverKey> receiverKey(long period);
}

package org.mcxkms.crypto.sakke;

import org.mcxkms.crypto.KeyValidationException;

/** Client role: checks a received RSK against Z (RFC 6508 6.1.2). */
public interface RskValidator {
  /** Accepts the RSK only if &lt;[a]P + Z, RSK&gt; = g, and returns the receiver key. */
  SakkeReceiverKey validate(byte[] identifier, Rsk rsk) throws KeyValidationException;
}

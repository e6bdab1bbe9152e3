package org.mcxkms.mcx.gms;

import java.util.Optional;

/** Turns a bearer access token into the MC identity it was issued to, or empty if it is not valid. */
@FunctionalInterface
public interface TokenVerifier {
  Optional<String> identity(String bearerToken);
}

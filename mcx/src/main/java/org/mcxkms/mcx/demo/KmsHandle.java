package org.mcxkms.mcx.demo;

import java.net.URI;
import java.nio.file.Path;
import org.mcxkms.kms.client.TokenSource;

/**
 * The KMS and IdM the demonstration runs against, as its operator sees them: where the KMS
 * listens and its TLS pin, registering and revoking identities, and IdM tokens. The CLI backs it
 * with an embedded KMS and its development IdM; tests do the same.
 */
public interface KmsHandle {
  URI kmsUrl();

  /** SHA-256 fingerprint of the KMS's TLS certificate. */
  String tlsFingerprint();

  /** Registers a user ({@code server} false) or a server entity (GMS, MCX server). */
  void register(String uri, boolean server) throws Exception;

  /** Revokes an identity at the KMS at once. */
  void revoke(String uri) throws Exception;

  /** IdM access tokens for {@code uri}, as the KMS accepts them. */
  TokenSource tokens(String uri);

  /** The IdM's public keys, and the issuer, audience and identity claim of its tokens. */
  Path jwksFile();

  String tokenIssuer();

  String tokenAudience();

  String identityClaim();
}

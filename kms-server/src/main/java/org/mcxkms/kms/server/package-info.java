/**
 * The MCX Key Management Server (TS 33.180 Annex D over HTTPS). {@link org.mcxkms.kms.server.KmsServer}
 * assembles the parts, each in its own package:
 *
 * <ul>
 *   <li>{@code config} - every configuration key ({@code ConfigKey}), precedence, secret files;
 *   <li>{@code store} - the small storage interface, its JDBC implementation for H2 and
 *       PostgreSQL with Flyway migrations, one contract suite for both;
 *   <li>{@code seal} - the key-encryption key (Argon2id passphrase or key file) and the AES-GCM seal
 *       of master secrets and TrK/InK;
 *   <li>{@code domain} - the security domain: KmsUri, key period rule, certificates, rotation;
 *   <li>{@code issue} - deterministic key-set issuance per (identity, period, certificate), its
 *       cache, and the two kinds of key set (issued, revocation mark);
 *   <li>{@code auth} - bearer-token (JWT) verification against the IdM's JWKS; the development IdM;
 *   <li>{@code policy} - who may obtain which keys, what an identity URI is; {@code audit} - the
 *       audit trail, its action vocabulary and request IDs;
 *   <li>{@code core} - what init, keyprov and certcache do, free of HTTP and XML, returned as a
 *       sealed {@code KmsOutcome};
 *   <li>{@code http} - the front controller (the request path and the one place outcomes and errors
 *       become statuses and documents) and one endpoint class per resource;
 *   <li>{@code extension} - TrK/InK of the security extension; {@code admin} - the admin API, one
 *       endpoint class per route; {@code tls} - the HTTPS identity; {@code error} - the KmsError
 *       code table.
 * </ul>
 *
 * Packages depend downwards only: {@code http} and {@code admin} use the others, {@code core} uses
 * {@code policy}, {@code issue} and {@code domain}; none imports a package that imports it.
 */
package org.mcxkms.kms.server;

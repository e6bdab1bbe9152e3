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
 *   <li>{@code issue} - deterministic key-set issuance per (identity, period, certificate) and its cache;
 *   <li>{@code auth} - bearer-token (JWT) verification against the IdM's JWKS; the development IdM;
 *   <li>{@code policy} - who may obtain which keys; {@code audit} - the audit trail;
 *   <li>{@code core} - what init, keyprov and certcache do, free of HTTP and XML;
 *   <li>{@code http} - the front controller (the request path and the one place errors become
 *       statuses and KmsErrors) and one endpoint class per resource;
 *   <li>{@code extension} - TrK/InK of the security extension; {@code admin} - the admin API;
 *       {@code tls} - the HTTPS identity; {@code error} - the KmsError code table.
 * </ul>
 */
package org.mcxkms.kms.server;

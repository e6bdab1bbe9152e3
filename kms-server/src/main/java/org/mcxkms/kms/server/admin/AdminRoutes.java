package org.mcxkms.kms.server.admin;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.mcxkms.kms.server.audit.AuditAction;
import org.mcxkms.kms.server.auth.DevIdentityProvider;
import org.mcxkms.kms.server.config.KmsConfig;
import org.mcxkms.kms.server.core.PeriodWindow;
import org.mcxkms.kms.server.domain.ExternalKmss;
import org.mcxkms.kms.server.domain.MigrationKmss;
import org.mcxkms.kms.server.domain.SecurityDomain;
import org.mcxkms.kms.server.extension.ClientKeyPolicy;
import org.mcxkms.kms.server.extension.ProtectionKeys;
import org.mcxkms.kms.server.issue.KeySetIssuer;
import org.mcxkms.kms.server.store.KmsStore;

/**
 * The admin REST API (JSON, below {@code /admin/v1/}): one endpoint per route, each with its audit
 * action.
 *
 * <pre>
 * GET  domain                         domain, key period rule, certificates
 * GET  certificates                   the certificates and their state
 * POST certificates/rotate            new KSAK/z and certificate
 * POST kek/rotate  {to: pkcs11|keyfile, label?, generate?, file?}  re-seal everything under a new KEK
 * GET  identities                     all identities
 * GET  identity?uri=U                 one identity (with grants)
 * POST identities      {uri, kind}    register a user or server entity
 * POST identities/disable|enable|revoke  {uri}
 * POST keys            {uri, kind: trk|ink, key_id?}  new TrK/InK, returned once (TS 33.180 D.1)
 * GET  keys?uri=U                     key IDs of an identity (no secrets)
 * POST keys/remove     {key_id}
 * POST keys/rotate     {uri}          pending TrK/InK, delivered in-band (IDs only)
 * POST keys/require    {uri, required?}  the client must use the security extension
 * POST grants          {server, target}  allow a server entity to obtain target's keys
 * POST grants/remove   {server, target}
 * GET  external-kms                   imported External KMS certificates (TS 33.180 5.3.1)
 * GET  external-kms/own               this KMS's certificate and fingerprint, for partners
 * POST external-kms    {certificate, fingerprint}  import a partner KMS certificate
 * POST external-kms/remove  {kms_uri}
 * GET  migration-kms                  Migration KMSs given to clients (TS 33.180 5.3.1)
 * POST migration-kms   {kms_uri, kms_url, tls_pin?}  permit a Migration KMS
 * POST migration-kms/remove  {kms_uri}
 * GET  redirects?limit=N&document=true  uploaded KMS Redirect Responses (TS 33.180 D.4)
 * GET  audit?limit=N                  latest audit records
 * POST backup                         encrypted archive of the whole store, in base64 (restore is offline)
 * POST dev/token       {user, ttl_seconds?, scope?}   DEVELOPMENT IdM only
 * </pre>
 */
public final class AdminRoutes {
  private final List<AdminRoute> routes;

  /** @param devIdm the development IdM, or null when a real IdM is configured */
  public AdminRoutes(SecurityDomain domain, KmsStore store, KeySetIssuer issuer, PeriodWindow window, Clock clock,
      ProtectionKeys protectionKeys, ClientKeyPolicy clientKeys, DevIdentityProvider devIdm, KmsConfig config) {
    this(domain, store, issuer, window, clock, protectionKeys, clientKeys, devIdm, config,
        new ExternalKmss(store, domain.kmsUri()));
  }

  /** @param externals the External KMS certificates of this domain */
  public AdminRoutes(SecurityDomain domain, KmsStore store, KeySetIssuer issuer, PeriodWindow window, Clock clock,
      ProtectionKeys protectionKeys, ClientKeyPolicy clientKeys, DevIdentityProvider devIdm, KmsConfig config,
      ExternalKmss externals) {
    this(domain, store, issuer, window, clock, protectionKeys, clientKeys, devIdm, config, externals,
        new MigrationKmss(store, domain.kmsUri()));
  }

  /**
   * @param externals the External KMS certificates of this domain
   * @param migrations the Migration KMSs of this domain
   */
  public AdminRoutes(SecurityDomain domain, KmsStore store, KeySetIssuer issuer, PeriodWindow window, Clock clock,
      ProtectionKeys protectionKeys, ClientKeyPolicy clientKeys, DevIdentityProvider devIdm, KmsConfig config,
      ExternalKmss externals, MigrationKmss migrations) {
    Identities identities = new Identities(store);
    routes = List.of(
        new AdminRoute("GET", "domain", AuditAction.ADMIN_DOMAIN_SHOW, new ShowDomainEndpoint(domain, window, clock)),
        new AdminRoute("GET", "certificates", AuditAction.ADMIN_CERTIFICATES_LIST,
            new ListCertificatesEndpoint(domain, clock)),
        new AdminRoute("POST", "certificates/rotate", AuditAction.ADMIN_CERTIFICATES_ROTATE,
            new RotateCertificateEndpoint(domain, issuer)),
        new AdminRoute("POST", "kek/rotate", AuditAction.ADMIN_KEK_ROTATE, new RotateKekEndpoint(domain)),
        new AdminRoute("GET", "identities", AuditAction.ADMIN_IDENTITIES_LIST,
            new ListIdentitiesEndpoint(store, identities)),
        new AdminRoute("GET", "identity", AuditAction.ADMIN_IDENTITY_SHOW, new ShowIdentityEndpoint(identities)),
        new AdminRoute("POST", "identities", AuditAction.ADMIN_IDENTITIES_ADD,
            new AddIdentityEndpoint(store, identities, clock)),
        new AdminRoute("POST", "identities/disable", AuditAction.ADMIN_IDENTITIES_DISABLE,
            new DisableIdentityEndpoint(store, identities, issuer)),
        new AdminRoute("POST", "identities/enable", AuditAction.ADMIN_IDENTITIES_ENABLE,
            new EnableIdentityEndpoint(store, identities)),
        new AdminRoute("POST", "identities/revoke", AuditAction.ADMIN_IDENTITIES_REVOKE,
            new RevokeIdentityEndpoint(store, identities, issuer, domain.policy(), window, clock)),
        new AdminRoute("POST", "keys", AuditAction.ADMIN_KEYS_ADD,
            new AddProtectionKeyEndpoint(identities, protectionKeys)),
        new AdminRoute("GET", "keys", AuditAction.ADMIN_KEYS_LIST, new ListProtectionKeysEndpoint(store, identities)),
        new AdminRoute("POST", "keys/remove", AuditAction.ADMIN_KEYS_REMOVE, new RemoveProtectionKeyEndpoint(store)),
        new AdminRoute("POST", "keys/rotate", AuditAction.ADMIN_KEYS_ROTATE,
            new RotateProtectionKeysEndpoint(identities, clientKeys)),
        new AdminRoute("POST", "keys/require", AuditAction.ADMIN_KEYS_REQUIRE,
            new RequireProtectionKeysEndpoint(identities, clientKeys)),
        new AdminRoute("POST", "grants", AuditAction.ADMIN_GRANTS_ADD, new AddGrantEndpoint(store, identities)),
        new AdminRoute("POST", "grants/remove", AuditAction.ADMIN_GRANTS_REMOVE,
            new RemoveGrantEndpoint(store, identities)),
        new AdminRoute("GET", "external-kms", AuditAction.ADMIN_EXTERNAL_KMS_LIST,
            new ListExternalKmsEndpoint(externals, clock)),
        new AdminRoute("GET", "external-kms/own", AuditAction.ADMIN_EXTERNAL_KMS_EXPORT,
            new ExportOwnCertificateEndpoint(domain, clock)),
        new AdminRoute("POST", "external-kms", AuditAction.ADMIN_EXTERNAL_KMS_ADD,
            new AddExternalKmsEndpoint(externals, clock)),
        new AdminRoute("POST", "external-kms/remove", AuditAction.ADMIN_EXTERNAL_KMS_REMOVE,
            new RemoveExternalKmsEndpoint(externals)),
        new AdminRoute("GET", "migration-kms", AuditAction.ADMIN_MIGRATION_KMS_LIST,
            new ListMigrationKmsEndpoint(migrations)),
        new AdminRoute("POST", "migration-kms", AuditAction.ADMIN_MIGRATION_KMS_ADD,
            new AddMigrationKmsEndpoint(migrations, clock)),
        new AdminRoute("POST", "migration-kms/remove", AuditAction.ADMIN_MIGRATION_KMS_REMOVE,
            new RemoveMigrationKmsEndpoint(migrations)),
        new AdminRoute("GET", "redirects", AuditAction.ADMIN_REDIRECTS_LIST, new ListRedirectsEndpoint(store)),
        new AdminRoute("GET", "audit", AuditAction.ADMIN_AUDIT_SHOW, new ShowAuditEndpoint(store)),
        new AdminRoute("POST", "backup", AuditAction.ADMIN_BACKUP,
            new BackupEndpoint(store, domain, clock, new SecureRandom())),
        new AdminRoute("POST", "dev/token", AuditAction.ADMIN_DEV_TOKEN,
            new DevTokenEndpoint(devIdm, config.tokenAudience(), config.identityClaim(), config.scope())));
  }

  Optional<AdminRoute> find(String method, String path) {
    return routes.stream().filter(r -> r.method().equals(method) && r.path().equals(path)).findFirst();
  }
}

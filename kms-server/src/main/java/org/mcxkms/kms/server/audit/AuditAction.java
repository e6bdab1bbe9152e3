package org.mcxkms.kms.server.audit;

/**
 * The one vocabulary of the audit trail's {@code action} column: every Annex D resource and every
 * admin operation has exactly one name, used for its success, its refusal and (admin) the record
 * written before it takes effect. The names are stable: operators search the trail by them.
 */
public enum AuditAction {
  KMS_INIT("init"),
  KMS_KEYPROV("keyprov"),
  KMS_CERTCACHE("certcache"),
  KMS_CERT("cert"),
  KMS_REDIRECT("redirect"),
  KMS_DISCOVERY("discovery"),
  ADMIN_DOMAIN_SHOW("admin.domain.show"),
  ADMIN_CERTIFICATES_LIST("admin.certificates.list"),
  ADMIN_CERTIFICATES_ROTATE("admin.certificates.rotate"),
  ADMIN_KEK_ROTATE("admin.kek.rotate"),
  ADMIN_IDENTITIES_LIST("admin.identities.list"),
  ADMIN_IDENTITY_SHOW("admin.identity.show"),
  ADMIN_IDENTITIES_ADD("admin.identities.add"),
  ADMIN_IDENTITIES_DISABLE("admin.identities.disable"),
  ADMIN_IDENTITIES_ENABLE("admin.identities.enable"),
  ADMIN_IDENTITIES_REVOKE("admin.identities.revoke"),
  ADMIN_KEYS_ADD("admin.keys.add"),
  ADMIN_KEYS_LIST("admin.keys.list"),
  ADMIN_KEYS_REMOVE("admin.keys.remove"),
  ADMIN_KEYS_ROTATE("admin.keys.rotate"),
  ADMIN_KEYS_REQUIRE("admin.keys.require"),
  ADMIN_GRANTS_ADD("admin.grants.add"),
  ADMIN_GRANTS_REMOVE("admin.grants.remove"),
  ADMIN_EXTERNAL_KMS_ADD("admin.external-kms.add"),
  ADMIN_EXTERNAL_KMS_LIST("admin.external-kms.list"),
  ADMIN_EXTERNAL_KMS_EXPORT("admin.external-kms.export"),
  ADMIN_EXTERNAL_KMS_REMOVE("admin.external-kms.remove"),
  ADMIN_MIGRATION_KMS_ADD("admin.migration-kms.add"),
  ADMIN_MIGRATION_KMS_LIST("admin.migration-kms.list"),
  ADMIN_MIGRATION_KMS_REMOVE("admin.migration-kms.remove"),
  ADMIN_REDIRECTS_LIST("admin.redirects.list"),
  ADMIN_AUDIT_SHOW("admin.audit.show"),
  ADMIN_BACKUP("admin.backup"),
  ADMIN_RESTORE("admin.restore"),
  ADMIN_DEV_TOKEN("admin.dev.token");

  /** Outcome of a record written before an admin action takes effect. */
  public static final String REQUESTED = "requested";
  /** Outcome of a success; a refusal's outcome is its error code in lower case. */
  public static final String OK = "ok";

  private final String auditName;

  AuditAction(String auditName) {
    this.auditName = auditName;
  }

  /** The value written to the {@code action} column. */
  public String auditName() {
    return auditName;
  }
}

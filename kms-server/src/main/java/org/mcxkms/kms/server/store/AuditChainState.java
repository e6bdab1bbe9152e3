package org.mcxkms.kms.server.store;

/**
 * Where the audit chain stands: the last record written ({@code headSeq}, {@code headMac}; 0 and
 * empty before the first) and the anchor left by retention, the last record deleted
 * ({@code anchorSeq}, {@code anchorMac}, with {@code anchorTag} authenticating both; 0 and empty
 * while nothing was deleted). {@code unchained} counts records written before the chain existed.
 */
public record AuditChainState(long headSeq, String headMac, long anchorSeq, String anchorMac, String anchorTag,
    long records, long unchained) {}

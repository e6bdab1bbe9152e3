package org.mcxkms.kms.protocol;

/**
 * The {@code KmsMessage} of a {@code KmsResponse} (TS 33.180 D.3.1): exactly one of
 * {@link KmsInit} (answer to init), {@link KmsKeyProv} (answer to keyprov),
 * {@link KmsCertCache} (answer to certcache and cert) or {@link KmsLookup} (Rel-17, answer to a
 * Discovery Lookup; content UNCONFIRMED).
 */
public sealed interface KmsMessage permits KmsInit, KmsKeyProv, KmsCertCache, KmsLookup {}

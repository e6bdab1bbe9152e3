package org.mcxkms.kms.protocol;

/**
 * The {@code KmsMessage} of a {@code KmsResponse} (TS 33.180 D.3.1): exactly one of
 * {@link KmsInit} (answer to init), {@link KmsKeyProv} (answer to keyprov) or
 * {@link KmsCertCache} (answer to certcache). Rel-17's {@code KmsLookup} is not supported.
 */
public sealed interface KmsMessage permits KmsInit, KmsKeyProv, KmsCertCache {}

package org.mcxkms.kms.server.domain;

/**
 * What {@code admin rotate-kek} did: the KEK before and after (kind, and the key label for a token
 * key) and how many sealed values moved. Nothing here is secret.
 */
public record KekRotated(String from, String to, int certificates, int protectionKeys, boolean auditKey) {}

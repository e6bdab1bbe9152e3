package org.mcxkms.kms.client.profile;

import java.time.Instant;
import org.mcxkms.kms.protocol.security.ProtectionKey;

/**
 * A TrK or InK held in a profile, without the key: its kind, ID, whether it is the one the client
 * uses now (the others are kept to read responses during a rotation), and when it arrived.
 */
public record ProtectionKeyInfo(ProtectionKey.Kind kind, String id, boolean current, Instant addedAt) {}

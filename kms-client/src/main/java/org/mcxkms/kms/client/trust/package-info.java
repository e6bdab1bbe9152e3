/**
 * What the key management client trusts and why: the TLS trust in the KMS server, the identity of
 * a KMS certificate for pinning, and key material validated against its certificate (RFC 6507
 * 5.1.2, RFC 6508 6.1.2, TS 33.180 F.2.1).
 */
package org.mcxkms.kms.client.trust;

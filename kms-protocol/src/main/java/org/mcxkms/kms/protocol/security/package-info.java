/**
 * The keys of the Annex D security extension (TS 33.180 D.1): the primitives both the KMS and its
 * clients use, independent of the XML documents (this package imports nothing from
 * {@code org.mcxkms.kms.protocol}; the documents use it).
 *
 * <ul>
 *   <li>{@link org.mcxkms.kms.protocol.security.ProtectionKey} - a 256-bit TrK or InK with its ID;
 *   <li>{@link org.mcxkms.kms.protocol.security.ProtectionKeyResolver} - finds the caller's keys by ID;
 *   <li>{@link org.mcxkms.kms.protocol.security.SignaturePolicy} - what a reader demands of
 *       signatures; used with {@code KmsXmlReader.readRequest/readResponse(xml, policy)}; signing is
 *       {@code KmsXmlWriter.writeSigned(document, key)};
 *   <li>{@link org.mcxkms.kms.protocol.security.KeyWrapAlgorithm} - one per
 *       {@code xenc:EncryptionMethod} URI (RFC 5649 AES-256 key wrap with padding by default,
 *       AES-256-GCM); {@code TransportProtection} applies them to key sets.
 * </ul>
 *
 * <p>Signature profile (JDK javax.xml.crypto.dsig): {@code SignedKmsRequest}/{@code SignedKmsResponse}
 * = the document with an {@code Id} followed by a sibling {@code ds:Signature} with c14n 20010315,
 * HMAC-SHA256 (256-bit output), one reference {@code #Id} with SHA-256 and no transform, and
 * {@code KeyInfo/KeyName} = key ID; {@code Signature-ID} in the document equals that ID.
 */
package org.mcxkms.kms.protocol.security;

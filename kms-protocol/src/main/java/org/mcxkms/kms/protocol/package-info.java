/**
 * TS 33.180 Annex D: the XML documents exchanged between a KMS and its key management clients.
 *
 * <h2>Model (immutable, validated by builders)</h2>
 * <ul>
 *   <li>{@link org.mcxkms.kms.protocol.KmsRequest} - the optional body of every POST (D.2.2);
 *   <li>{@link org.mcxkms.kms.protocol.KmsResponse} - the answer (D.3.1) with one
 *       {@link org.mcxkms.kms.protocol.KmsMessage}: {@link org.mcxkms.kms.protocol.KmsInit},
 *       {@link org.mcxkms.kms.protocol.KmsKeyProv} or {@link org.mcxkms.kms.protocol.KmsCertCache},
 *       and/or a {@link org.mcxkms.kms.protocol.KmsError};
 *   <li>{@link org.mcxkms.kms.protocol.KmsCertificate} (D.3.2) and
 *       {@link org.mcxkms.kms.protocol.KmsKeySet} (D.3.3), whose key elements are
 *       {@link org.mcxkms.kms.protocol.KeyContent}: clear {@link org.mcxkms.crypto.SecretBytes} or an
 *       {@link org.mcxkms.kms.protocol.EncryptedKey} ({@code xenc:EncryptedKey} under the TrK);
 *   <li>{@link org.mcxkms.kms.protocol.OpaqueXml} - content carried verbatim (KrrList, the issuer
 *       signature of a SignedKmsCertificate).
 * </ul>
 *
 * <h2>Wire format</h2>
 * <ul>
 *   <li>{@link org.mcxkms.kms.protocol.KmsXmlReader} - hardened, tolerant reader; failures are
 *       {@link org.mcxkms.kms.protocol.KmsProtocolException} with a
 *       {@link org.mcxkms.kms.protocol.KmsProtocolException.Reason} to map to a KmsError/HTTP status;
 *   <li>{@link org.mcxkms.kms.protocol.KmsXmlWriter} - strict writer (exactly the schema);
 *   <li>{@link org.mcxkms.kms.protocol.KmsXml} - namespaces, fixed versions, algorithm URIs.
 * </ul>
 *
 * <p>Typical use on the KMS: {@code KmsXmlReader.create().readRequest(body)} for a non-empty body,
 * build a {@code KmsResponse} and send {@code KmsXmlWriter.create().write(response)} as
 * {@code application/xml}. On the client: the reverse.
 */
package org.mcxkms.kms.protocol;

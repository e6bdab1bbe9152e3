/**
 * TS 33.180 Annex D: the XML documents exchanged between a KMS and its key management clients.
 *
 * <h2>Model (records, validated by their constructors)</h2>
 * <ul>
 *   <li>{@link org.mcxkms.kms.protocol.KmsRequest} - the optional body of every POST (D.2.2);
 *   <li>{@link org.mcxkms.kms.protocol.KmsResponse} - the answer (D.3.1) with one
 *       {@link org.mcxkms.kms.protocol.KmsMessage}: {@link org.mcxkms.kms.protocol.KmsInit},
 *       {@link org.mcxkms.kms.protocol.KmsKeyProv}, {@link org.mcxkms.kms.protocol.KmsCertCache} (with
 *       our {@link org.mcxkms.kms.protocol.MigrationKms} extension) or
 *       {@link org.mcxkms.kms.protocol.KmsLookup} (Rel-17), and/or a {@link org.mcxkms.kms.protocol.KmsError};
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
 *   <li>{@link org.mcxkms.kms.protocol.KmsXml} - namespaces, fixed versions, algorithm URIs;
 *   <li>{@link org.mcxkms.kms.protocol.KmsSchema} - offline XSD validation (Annex D schema, our
 *       Rel-17 TrK-ID/Signature-ID addition, our minimal ds/xenc/krr schemas);
 *   <li>{@link org.mcxkms.kms.protocol.Received} - a document read under a signature policy and
 *       the key that signed it;
 *   <li>{@link org.mcxkms.kms.protocol.TransportProtection} - the security extension applied to
 *       documents: key sets encrypted and decrypted under the TrK, new TrKs/InKs wrapped and
 *       unwrapped (D.1, D.3).
 * </ul>
 *
 * <h2>KMS Redirect Responses (D.4)</h2>
 * <ul>
 *   <li>{@link org.mcxkms.kms.protocol.KmsRedirectResponse} - the fields of one KRR, earlier KRRs
 *       verbatim;
 *   <li>{@link org.mcxkms.kms.protocol.KrrXmlWriter} - writes and signs one (D.4.2 profile) with a
 *       {@link org.mcxkms.kms.protocol.KrrCredential} (P-256 key and X.509 certificate);
 *   <li>{@link org.mcxkms.kms.protocol.KrrXmlReader} - verifies one and every KRR nested in it
 *       under a {@link org.mcxkms.kms.protocol.KrrTrust}, giving a
 *       {@link org.mcxkms.kms.protocol.VerifiedKrr}; refusals are
 *       {@link org.mcxkms.kms.protocol.KrrException}.
 * </ul>
 *
 * <p>Package-private beside them: {@code SecureXml} (the hardened parser and serialiser),
 * {@code XmlDsig} ({@code ds:Signature}), {@code XmlEnc} ({@code xenc:EncryptedKey}), {@code Dom}
 * and {@code XmlValues} (the reader's view and lexical forms).
 *
 * <p>The keys of the security extension (TrK, InK, key wrap algorithms, signature policy) are in
 * {@link org.mcxkms.kms.protocol.security}, which depends on nothing here.
 *
 * <p>Typical use on the KMS: {@code reader.readRequest(body, policy)} for a non-empty body (a
 * {@code SignaturePolicy} built from the caller's keys), build a {@code KmsResponse} (key sets
 * encrypted with {@code TransportProtection} when the request names a TrK), and send
 * {@code writer.write(response)} or {@code writer.writeSigned(response, ink)} as
 * {@code application/xml}. Map a {@link org.mcxkms.kms.protocol.KmsProtocolException} to a
 * KmsError with {@code reason().kmsErrorCode()}. On the client: the reverse, then
 * {@code TransportProtection.decrypt(response, trks)} and validation with the crypto core.
 */
package org.mcxkms.kms.protocol;

/**
 * The key management client of TS 33.180 (5.3, Annex D) for MCX UEs, MCPTT servers and group
 * management servers: it talks to a KMS over HTTPS, validates everything it receives with the
 * crypto core, and keeps the result in an encrypted profile.
 *
 * <h2>Packages</h2>
 * This package holds the client itself (requests, certificate pinning, refresh); {@code profile}
 * the sealed profile storage; {@code trust} TLS trust, certificate fingerprints and key
 * validation; {@code error} the typed failures. Dependencies point one way: client, profile,
 * trust, error.
 *
 * <h2>Provisioning</h2>
 * <ul>
 *   <li>{@link org.mcxkms.kms.client.profile.KeyProfile} - the profile directory: settings, the pinned KMS
 *       certificate, key material of several identities and periods, TrK/InK, refresh state; sealed
 *       with AES-256-GCM under a {@link org.mcxkms.kms.client.profile.ProfileKey} (Argon2id passphrase or a
 *       PKCS#12 keystore key), written crash-safely;
 *   <li>{@link org.mcxkms.kms.client.KmsClient} - init (pin the certificate; accept only a proper
 *       rotation, see its class comment), keyprov (own, granted, at a time), certcache; TLS under a
 *       {@link org.mcxkms.kms.client.trust.TlsTrust}, tokens from a {@link org.mcxkms.kms.client.TokenSource},
 *       the wire through a {@link org.mcxkms.kms.client.KmsTransport};
 *   <li>{@link org.mcxkms.kms.client.RefreshScheduler} - keeps the current and next period, with
 *       backoff and jitter, on the KMS clock;
 *   <li>failures are {@link org.mcxkms.kms.client.error.KmsClientException}s with a
 *       {@link org.mcxkms.kms.client.error.KmsClientException.Problem}; the specific ones carry detail:
 *       {@link org.mcxkms.kms.client.error.KeyMaterialRejectedException},
 *       {@link org.mcxkms.kms.client.CertificateChangeException},
 *       {@link org.mcxkms.kms.client.error.KmsErrorException}, {@link org.mcxkms.kms.client.error.ProfileException}.
 * </ul>
 *
 * <h2>Reading key material (for MIKEY-SAKKE and MCX clients)</h2>
 * <pre>{@code
 * try (KeyProfile profile = KeyProfile.open(dir, ProfileKey.passphrase(passphrase))) {
 *   KmsCertificate kms = profile.certificate().orElseThrow();      // KmsUri, KPAK, Z, key periods
 *   KeyMaterial mine = profile.keyMaterialAt(myUri, Instant.now()).orElseThrow();
 *   EccsiSigningKey signer = mine.signingKey();                    // sign I_MESSAGEs as myUri
 *   SakkeReceiverKey receiver = mine.receiverKey();                // decapsulate SSVs sent to myUri
 *   Uid uid = mine.uid();                                          // IDRi / IDRuidi
 *   // an I_MESSAGE from another period: profile.keyMaterial(myUri, period) or keyMaterialAt(myUri, t)
 * }
 * }</pre>
 * {@link org.mcxkms.kms.client.trust.KeyMaterial} is validated again when read (RFC 6507 5.1.2, RFC 6508
 * 6.1.2) and then kept in memory; a profile may be opened read-only by several processes while
 * one refreshes it.
 */
package org.mcxkms.kms.client;

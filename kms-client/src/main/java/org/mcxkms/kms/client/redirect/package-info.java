/**
 * KMS Redirect Responses at the key management client (TS 33.180 5.2.8, 5.3.1, D.4): the X.509
 * credential a client signs them with ({@link org.mcxkms.kms.client.redirect.KrrCredentials}) and
 * the KRR it sends when it refuses an I_MESSAGE whose KMS it does not accept
 * ({@link org.mcxkms.kms.client.redirect.Refusals}). Uploading KRRs to the Home KMS is
 * {@code KmsClient.uploadRedirects}.
 */
package org.mcxkms.kms.client.redirect;

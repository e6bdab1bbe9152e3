/**
 * The typed failures every part of the key management client shares: {@link
 * org.mcxkms.kms.client.error.KmsClientException} with its {@code Problem} (for exit codes, retries
 * and monitoring), and the specific ones that carry detail.
 */
package org.mcxkms.kms.client.error;

/**
 * The key profile: a directory holding the client's settings, pinned certificate, validated key
 * material, TrK/InK and refresh state, sealed in one AES-256-GCM file under an Argon2id passphrase
 * or a PKCS#12 key, written crash-safely and shared between processes under a lock file.
 */
package org.mcxkms.kms.client.profile;

/**
 * Protection at the edge of the HTTPS listener, before a request reaches the Annex D front
 * controller: rate limits per client address and per identity, a cap on connections per address,
 * cutting off slow clients, and error pages that are {@code KmsError} documents, never HTML.
 */
package org.mcxkms.kms.server.edge;

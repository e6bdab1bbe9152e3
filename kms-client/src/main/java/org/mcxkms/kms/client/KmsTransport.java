package org.mcxkms.kms.client;

import java.io.IOException;
import java.net.URI;

/**
 * Carries one Annex D request to the KMS: an HTTPS POST of an {@code application/xml} body (possibly
 * empty) with a bearer token, answered by a status and a body. {@link HttpsTransport} is the real
 * one; tests and integrators may wrap it (to observe or, in tests, to alter traffic).
 */
@FunctionalInterface
public interface KmsTransport {
  /** An HTTP answer: the status and at most the transport's size limit of body octets. */
  record Response(int status, byte[] body) {
    public Response {
      body = body == null ? new byte[0] : body;
    }
  }

  /**
   * POSTs {@code body} to {@code url}.
   *
   * @throws javax.net.ssl.SSLException (as the cause of an IOException, or directly) if TLS fails
   * @throws IOException if the KMS cannot be reached or the answer is too large
   */
  Response post(URI url, String bearerToken, byte[] body) throws IOException, InterruptedException;
}

package org.mcxkms.media.srtp;

/** Sessions built around session keys given directly, for the RFC 7714 vectors. */
final class SessionVectors {
  private SessionVectors() {}

  static SrtpSession sessionWithSessionKeys(byte[] key, byte[] salt, SrtpPolicy policy) {
    SessionKeys send = new SessionKeys(new AeadTransform(key, salt), new AeadTransform(key, salt));
    SessionKeys receive = new SessionKeys(new AeadTransform(key, salt), new AeadTransform(key, salt));
    return SrtpSession.withSessionKeys(1, send, receive, new byte[0], policy);
  }
}

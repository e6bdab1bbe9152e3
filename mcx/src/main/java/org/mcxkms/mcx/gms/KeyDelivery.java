package org.mcxkms.mcx.gms;

/**
 * How the GMS gets a key message to its recipient. A production GMS carries the I_MESSAGE in SIP
 * (the group documents and notifications of TS 24.481 / TS 23.280 10.2.3); this project ships
 * {@link Mailbox} with {@link HttpsKeyDeliveryServer}, where the member fetches its pending
 * messages over HTTPS with its IdM access token. Implementations must be thread-safe: the GMS
 * delivers from several threads at once.
 */
@FunctionalInterface
public interface KeyDelivery {
  void deliver(KeyMessage message);
}

package org.mcxkms.mikey.wire;

/**
 * A payload of the I_MESSAGE chain between HDR and SIGN. The "next payload" octet is not part of
 * the value: the writer derives it from the payload that follows and the reader checks the chain.
 */
public sealed interface Payload
    permits TimestampPayload, RandPayload, IdrPayload, SecurityPolicyPayload, SakkePayload,
        GeneralExtensionPayload {
  /** The next-payload value that announces this payload (RFC 3830 table 6.1.c). */
  int payloadType();
}

package org.mcxkms.mikey.wire;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The content of a MIKEY-SAKKE I_MESSAGE (RFC 6509 2.1, TS 33.180 E.1): HDR, the payload chain in
 * wire order, and SIGN. Immutable; {@link MikeyWriter} turns it into octets and
 * {@link MikeyReader} back.
 */
public record IMessage(CommonHeader header, List<Payload> payloads, SignaturePayload signature) {
  public IMessage {
    Objects.requireNonNull(header, "header");
    payloads = List.copyOf(payloads);
    Objects.requireNonNull(signature, "signature");
  }

  public Optional<TimestampPayload> timestamp() {
    return first(TimestampPayload.class);
  }

  public Optional<RandPayload> rand() {
    return first(RandPayload.class);
  }

  public Optional<SakkePayload> sakke() {
    return first(SakkePayload.class);
  }

  /** The IDR payload with {@code role}, if any (the reader rejects repeated roles). */
  public Optional<IdrPayload> idr(int role) {
    return payloads.stream()
        .filter(p -> p instanceof IdrPayload payload && payload.role() == role)
        .map(IdrPayload.class::cast)
        .findFirst();
  }

  public List<SecurityPolicyPayload> securityPolicies() {
    return payloads.stream().filter(p -> p instanceof SecurityPolicyPayload).map(SecurityPolicyPayload.class::cast).toList();
  }

  /** The general extension of {@code type}, if any (the reader rejects repeated types 6 and 7). */
  public Optional<GeneralExtensionPayload> generalExtension(int type) {
    return payloads.stream()
        .filter(p -> p instanceof GeneralExtensionPayload payload && payload.extensionType() == type)
        .map(GeneralExtensionPayload.class::cast)
        .findFirst();
  }

  private <T extends Payload> Optional<T> first(Class<T> type) {
    return payloads.stream().filter(type::isInstance).map(type::cast).findFirst();
  }
}

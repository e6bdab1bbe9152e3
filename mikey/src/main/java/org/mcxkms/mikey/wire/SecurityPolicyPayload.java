package org.mcxkms.mikey.wire;

import java.util.List;
import java.util.Optional;

/**
 * SP, the security policy payload (RFC 3830 6.10); parameters per RFC 3830 6.10.1 and the
 * TS 33.179 E.2/E.3 default profiles.
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ! next payload  ! Policy no     ! Prot type     ! Policy param  ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~ length (cont) ! Policy param  (type (8) | length (8) | value)* ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public record SecurityPolicyPayload(int policyNo, int protType, List<SecurityPolicyPayload.Param> params)
    implements Payload {
  public SecurityPolicyPayload {
    Checks.u8(policyNo, "Policy no");
    Checks.u8(protType, "Prot type");
    params = List.copyOf(params);
    int len = 0;
    for (Param p : params) {
      len += 2 + p.value().size();
    }
    if (len > 0xFFFF) {
      throw new IllegalArgumentException("SP parameters exceed 65535 octets");
    }
  }

  /** One policy parameter: {@code type (8) | length (8) | value}. */
  public record Param(int type, ByteString value) {
    public Param {
      Checks.u8(type, "Policy param type");
      Checks.maxLength(value, 0xFF, "Policy param value");
    }

    public static Param of(int type, int oneOctetValue) {
      return new Param(type, ByteString.of((byte) Checks.u8(oneOctetValue, "Policy param value")));
    }
  }

  /** The value of parameter {@code type}, if present. */
  public Optional<ByteString> param(int type) {
    return params.stream().filter(p -> p.type() == type).map(Param::value).findFirst();
  }

  @Override
  public int payloadType() {
    return MikeyConstants.PT_SP;
  }
}

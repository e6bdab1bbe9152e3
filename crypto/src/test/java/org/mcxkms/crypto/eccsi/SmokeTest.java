package org.mcxkms.crypto.eccsi;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.crypto.SecretBytes;
import org.mcxkms.crypto.internal.Octets;

class SmokeTest {
  static final HexFormat H = HexFormat.of();

  @Test
  void rfc6507() throws Exception {
    EccsiKmsKey kms = EccsiKmsKey.fromKsak(SecretBytes.copyOf(Octets.fixed(BigInteger.valueOf(0x12345), 32), SecretAccess.get()));
    assertThat(H.formatHex(kms.kpak().toByteArray())).isEqualToIgnoringCase(
        "0450D4670BDE75244F28D2838A0D25558A7A72686D4522D4C8273FB6442AEBFA93DBDD37551AFD263B5DFD617F3960C65A8C298850FF99F20366DCE7D4367217F4");
    byte[] id = H.parseHex("323031312d30320074656c3a2b34343737303039303031323300");
    IssuedEccsiKey k = kms.issueWithEphemeralForTest(id, BigInteger.valueOf(0x23456));
    assertThat(H.formatHex(k.ssk().toSecretBytes().toByteArray(SecretAccess.get()))).isEqualToIgnoringCase("23F374AE1F4033F3E9DBDDAAEF20F4CF0B86BBD5A138A5AE9E7E006B34489A0D");
    EccsiSigningKey sk = Eccsi.keyValidator(kms.kpak()).validate(id, k.ssk(), k.pvt());
    byte[] sig = sk.signWithEphemeralForTest("message\0".getBytes(), BigInteger.valueOf(0x34567));
    assertThat(H.formatHex(sig, 0, 64)).isEqualToIgnoringCase("269D4C8FDEB66A74E4EF8C0D5DCC597DDFE6029C2AFFC4936008CD2CC1045D81E09B528D0EF8D6DF1AA3ECBF80110CFCEC9FC68252CEBB679F4134846940CCFD");
    Eccsi.verifier(kms.kpak(), id).verify("message\0".getBytes(), sig);
    Eccsi.verifier(kms.kpak(), id).verify("x".getBytes(), sk.signer(new SecureRandom()).sign("x".getBytes()));
    IssuedEccsiKey d1 = kms.deterministicIssuer().issue(id), d2 = kms.deterministicIssuer().issue(id);
    assertThat(d1.pvt()).isEqualTo(d2.pvt());
    assertThat(d1.ssk()).isEqualTo(d2.ssk());
  }
}

package org.mcxkms.crypto.sakke;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.crypto.SecretBytes;
import org.mcxkms.crypto.internal.Octets;
import java.math.BigInteger;

class SmokeTest {
  static final HexFormat H = HexFormat.of();

  @Test
  void rfc6508() throws Exception {
    SakkeKmsKey kms = SakkeKmsKey.fromMasterSecret(SecretBytes.copyOf(Octets.fixed(new BigInteger("AFF429D35F84B110D094803B3595A6E2998BC99F", 16), 128), SecretAccess.get()));
    assertThat(H.formatHex(kms.publicKey().toByteArray(), 1, 17)).isEqualToIgnoringCase("5958EF1B1679BF099B3A030DF255AA6A");
    byte[] id = H.parseHex("323031312d30320074656c3a2b34343737303039303031323300");
    Rsk rsk = kms.rskIssuer().issue(id);
    assertThat(H.formatHex(rsk.toSecretBytes().toByteArray(SecretAccess.get()), 1, 17)).isEqualToIgnoringCase("93AF67E5007BA6E6A80DA793DA300FA4");
    long t0 = System.nanoTime();
    SakkeReceiverKey rk = Sakke.rskValidator(kms.publicKey()).validate(id, rsk);
    long t1 = System.nanoTime();
    byte[] sed = Sakke.encapsulator(kms.publicKey(), id).encapsulate(SecretBytes.copyOf(H.parseHex("123456789ABCDEF0123456789ABCDEF0"), SecretAccess.get()));
    long t2 = System.nanoTime();
    assertThat(H.formatHex(sed, 257, 273)).isEqualToIgnoringCase("89E0BC661AA1E91638E6ACC84E496507");
    assertThat(H.formatHex(rk.decapsulator().decapsulate(sed).toByteArray(SecretAccess.get()))).isEqualToIgnoringCase("123456789ABCDEF0123456789ABCDEF0");
    long t3 = System.nanoTime();
    System.out.printf("validate %d ms, encap %d ms, decap %d ms%n", (t1-t0)/1000000, (t2-t1)/1000000, (t3-t2)/1000000);
  }
}

package org.mcxkms.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mcxkms.crypto.eccsi.Eccsi;
import org.mcxkms.crypto.eccsi.EccsiKmsKey;
import org.mcxkms.crypto.eccsi.EccsiSigningKey;
import org.mcxkms.crypto.eccsi.IssuedEccsiKey;
import org.mcxkms.crypto.sakke.Rsk;
import org.mcxkms.crypto.sakke.Sakke;
import org.mcxkms.crypto.sakke.SakkeKmsKey;
import org.mcxkms.crypto.sakke.SakkeReceiverKey;
import org.mcxkms.crypto.uid.KeyPeriodPolicy;
import org.mcxkms.crypto.uid.NtpTime;
import org.mcxkms.crypto.uid.Uid;

/**
 * The crypto example of README.md, kept compiling and true: the README's {@code java} block is
 * exactly the source lines between the two markers below.
 */
class ReadmeCryptoApiExampleTest {
  private static final String START = "// --- README example starts ---";
  private static final String END = "// --- README example ends ---";

  @Test
  void readmeExample() throws Exception {
    byte[] message = "I_MESSAGE".getBytes(StandardCharsets.US_ASCII);
    // --- README example starts ---
    SecureRandom random = new SecureRandom();
    EccsiKmsKey eccsiKms = EccsiKmsKey.generate(random);   // KSAK; KPAK = eccsiKms.kpak()
    SakkeKmsKey sakkeKms = SakkeKmsKey.generate(random);   // z; Z = sakkeKms.publicKey()

    // The identifier of every operation: the UID of a user for one key period (TS 33.180 F.2.1)
    KeyPeriodPolicy policy = KeyPeriodPolicy.of(2_592_000, 0); // UserKeyPeriod, UserKeyOffset
    byte[] alice = Uid.format2At("sip:alice@example.org", "kms.example.org", policy, NtpTime.now()).toByteArray();

    // KMS: issue SSK/PVT (deterministic, RFC 6979-style v) and the RSK, both self-checked
    IssuedEccsiKey eccsiKey = eccsiKms.deterministicIssuer().issue(alice);
    Rsk rsk = sakkeKms.rskIssuer().issue(alice);

    // Client: validate what the KMS sent under the KMS certificate's KPAK and Z
    EccsiSigningKey signing = Eccsi.keyValidator(eccsiKms.kpak()).validate(alice, eccsiKey.ssk(), eccsiKey.pvt());
    SakkeReceiverKey receiving = Sakke.rskValidator(sakkeKms.publicKey()).validate(alice, rsk);

    // Sign (fresh random j each time) and verify (returns normally or throws)
    byte[] signature = signing.signer(random).sign(message);
    Eccsi.verifier(eccsiKms.kpak(), alice).verify(message, signature);

    // Encapsulate a 128-bit key (GMK, PCK, CSK...) to alice; she opens it
    SecretBytes gmk = SecretBytes.random(Sakke.SSV_LENGTH, random);
    byte[] sakkePayload = Sakke.encapsulator(sakkeKms.publicKey(), alice).encapsulate(gmk);
    SecretBytes opened = receiving.decapsulator().decapsulate(sakkePayload);
    // --- README example ends ---
    assertThat(opened.equalsSecretBytes(gmk)).isTrue();
    message[0] ^= 1;
    assertThatThrownBy(() -> Eccsi.verifier(eccsiKms.kpak(), alice).verify(message, signature))
        .isInstanceOf(SignatureVerificationException.class);
  }

  @Test
  void readmeShowsExactlyThisExample() throws IOException {
    List<String> source = Files.readAllLines(
        Path.of("src/test/java/org/mcxkms/crypto/ReadmeCryptoApiExampleTest.java"), StandardCharsets.UTF_8);
    int start = indexOfTrimmed(source, START);
    int end = indexOfTrimmed(source, END);
    assertThat(start).isNotNegative().isLessThan(end);
    String indent = source.get(start).substring(0, source.get(start).indexOf(START));
    StringBuilder snippet = new StringBuilder("```java\n");
    for (String line : source.subList(start + 1, end)) {
      snippet.append(line.startsWith(indent) ? line.substring(indent.length()) : line.strip()).append('\n');
    }
    snippet.append("```\n");
    String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
    assertThat(readme).as("README.md shows the compiled example verbatim").contains(snippet);
  }

  private static int indexOfTrimmed(List<String> lines, String marker) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).trim().equals(marker)) {
        return i;
      }
    }
    return -1;
  }
}

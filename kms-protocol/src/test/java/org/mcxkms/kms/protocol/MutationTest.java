package org.mcxkms.kms.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mcxkms.kms.protocol.security.ProtectionKey;
import org.mcxkms.kms.protocol.security.ProtectionKeyResolver;
import org.mcxkms.kms.protocol.security.SignaturePolicy;

/**
 * Randomly damaged documents (seeded; the seed is in every failure message): the reader either
 * accepts them or throws {@link KmsProtocolException}; never any other exception.
 */
class MutationTest {
  private static final String[] TOKENS = {"<", ">", "/>", "</KmsKeySet>", "<KmsKeySet>", "&amp;", "&x;", "\"", "=",
      "xsi:type=\"EncKeyContentType\"", "xsi:type=\"Nope\"", "<![CDATA[x]]>", "Version=\"9\"", "-1", "99999999999999999999999",
      "<UserID>AAAA</UserID>", "<UserKeyPeriod>0</UserKeyPeriod>", "<xenc:EncryptedKey xmlns:xenc=\"" + KmsXml.XENC_NS + "\"/>",
      "<KmsInit/>", "\u0000", "\uFFFF", "é", "<!-- c -->", "<?pi x?>", "<!DOCTYPE a>", "Id=\"xmldoc\""};

  @Test
  void damagedDocumentsFailOnlyWithTypedErrors() {
    long seed = new SecureRandom().nextLong();
    Random rnd = new Random(seed);
    KmsXmlReader reader = KmsXmlReader.create();
    ProtectionKey ink = ProtectionKey.generate(ProtectionKey.Kind.INTEGRITY, "ink", new SecureRandom());
    SignaturePolicy policy = SignaturePolicy.ifSigned(ProtectionKeyResolver.of(ink));
    List<byte[]> seeds = new ArrayList<>();
    seeds.add(Fixtures.resource("test_init_response.xml"));
    seeds.add(Fixtures.resource("test_key_prov_response.xml"));
    for (byte[] doc : SchemaTest.writtenDocuments().values()) {
      seeds.add(doc);
    }
    KmsXmlWriter w = KmsXmlWriter.create();
    seeds.add(w.writeSigned(Fixtures.response("keyprov", KmsKeyProv.of(List.of(Fixtures.keySet("sip:a@b", 3)))).build(), ink));
    seeds.add(w.writeSigned(Fixtures.request("init"), ink));

    List<String> failures = new ArrayList<>();
    int accepted = 0;
    for (int i = 0; i < 3000; i++) {
      byte[] base = seeds.get(rnd.nextInt(seeds.size()));
      byte[] doc = mutate(base, rnd);
      try {
        if (rnd.nextBoolean()) {
          reader.readResponse(doc, policy);
          reader.readResponse(doc);
        } else {
          reader.readRequest(doc, policy);
          reader.readRequest(doc);
        }
        accepted++;
      } catch (KmsProtocolException expected) {
        assertThat(expected.reason()).isNotNull();
        assertThat(expected.element()).isNotNull();
      } catch (RuntimeException | StackOverflowError e) {
        failures.add("case " + i + " (seed " + seed + "): " + e + "\n" + new String(doc, StandardCharsets.UTF_8));
      }
    }
    assertThat(failures).as("seed " + seed).isEmpty();
    assertThat(accepted).as("some mutations are harmless (seed " + seed + ")").isPositive();
  }

  private static byte[] mutate(byte[] base, Random rnd) {
    String s = new String(base, StandardCharsets.UTF_8);
    int n = 1 + rnd.nextInt(3);
    for (int k = 0; k < n && !s.isEmpty(); k++) {
      int at = rnd.nextInt(s.length());
      switch (rnd.nextInt(5)) {
        case 0: // delete a span
          s = s.substring(0, at) + s.substring(Math.min(s.length(), at + 1 + rnd.nextInt(40)));
          break;
        case 1: // insert a token
          s = s.substring(0, at) + TOKENS[rnd.nextInt(TOKENS.length)] + s.substring(at);
          break;
        case 2: // duplicate a span
          int end = Math.min(s.length(), at + 1 + rnd.nextInt(200));
          s = s.substring(0, end) + s.substring(at, end) + s.substring(end);
          break;
        case 3: // truncate
          s = s.substring(0, at);
          break;
        default: // replace a character
          s = s.substring(0, at) + (char) (32 + rnd.nextInt(95)) + s.substring(at + 1);
          break;
      }
    }
    return s.getBytes(StandardCharsets.UTF_8);
  }
}

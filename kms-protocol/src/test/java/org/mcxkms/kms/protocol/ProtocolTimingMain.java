package org.mcxkms.kms.protocol;

import java.security.SecureRandom;
import java.util.List;
import org.mcxkms.kms.protocol.security.ProtectionKey;
import org.mcxkms.kms.protocol.security.ProtectionKeyResolver;
import org.mcxkms.kms.protocol.security.SignaturePolicy;
import org.mcxkms.kms.protocol.security.TransportProtection;

/**
 * Rough single-thread timings of the codec (not a test; not run by surefire). For real numbers
 * use JMH in the bench module. Run after {@code mvn -q -B -pl kms-protocol -am test-compile}:
 * <pre>
 * java -cp kms-protocol/target/classes:kms-protocol/target/test-classes:crypto/target/classes:$HOME/.m2/repository/org/bouncycastle/bcprov-jdk18on/1.87/bcprov-jdk18on-1.87.jar \
 *   org.mcxkms.kms.protocol.ProtocolTimingMain
 * </pre>
 */
public final class ProtocolTimingMain {
  private ProtocolTimingMain() {}

  interface Op {
    void run() throws Exception;
  }

  public static void main(String[] args) throws Exception {
    KmsXmlWriter w = KmsXmlWriter.create();
    KmsXmlReader r = KmsXmlReader.create();
    SecureRandom random = new SecureRandom();
    ProtectionKey ink = ProtectionKey.generate(ProtectionKey.Kind.INTEGRITY, "ink", random);
    ProtectionKey trk = ProtectionKey.generate(ProtectionKey.Kind.TRANSPORT, "trk", random);
    KmsResponse resp = Fixtures.response("keyprov", KmsKeyProv.of(List.of(
        Fixtures.keySet("sip:alice@example.org", 1388), Fixtures.keySet("sip:alice@example.org", 1389)))).build();
    TransportProtection tp = TransportProtection.standard();
    byte[] plain = w.write(resp);
    byte[] signed = w.writeSigned(resp, ink);
    KmsResponse encrypted = resp.toBuilder().message(tp.encrypt(resp.keyProv().orElseThrow(), trk)).trkId("trk").build();
    byte[] encryptedXml = w.write(encrypted);
    byte[] request = w.write(Fixtures.request("keyprov"));
    SignaturePolicy policy = SignaturePolicy.required(ProtectionKeyResolver.of(ink));
    ProtectionKeyResolver trks = ProtectionKeyResolver.of(trk);
    System.out.println("keyprov response with 2 key sets: " + plain.length + " octets (signed " + signed.length + ")");
    for (int round = 0; round < 3; round++) {
      time("read KmsRequest", () -> r.readRequest(request));
      time("write keyprov", () -> w.write(resp));
      time("read keyprov", () -> r.readResponse(plain));
      time("write signed", () -> w.writeSigned(resp, ink));
      time("read+verify signed", () -> r.readResponse(signed, policy));
      time("encrypt+write", () -> w.write(resp.toBuilder().message(tp.encrypt(resp.keyProv().orElseThrow(), trk)).build()));
      time("read+decrypt", () -> tp.decrypt(r.readResponse(encryptedXml), trks));
      time("schema validate", () -> KmsSchema.rel17().validate(plain));
      System.out.println();
    }
  }

  private static void time(String name, Op op) throws Exception {
    for (int i = 0; i < 2000; i++) {
      op.run();
    }
    int n = 5000;
    long t = System.nanoTime();
    for (int i = 0; i < n; i++) {
      op.run();
    }
    System.out.printf("%-20s %8.1f us/op%n", name, (System.nanoTime() - t) / 1000.0 / n);
  }
}

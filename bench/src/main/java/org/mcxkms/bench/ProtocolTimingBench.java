package org.mcxkms.bench;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.mcxkms.crypto.SecretBytes;
import org.mcxkms.crypto.uid.KeyPeriodPolicy;
import org.mcxkms.crypto.uid.Uid;
import org.mcxkms.kms.protocol.KeyContent;
import org.mcxkms.kms.protocol.KmsKeyProv;
import org.mcxkms.kms.protocol.KmsKeySet;
import org.mcxkms.kms.protocol.KmsProtocolException;
import org.mcxkms.kms.protocol.KmsRequest;
import org.mcxkms.kms.protocol.KmsResponse;
import org.mcxkms.kms.protocol.KmsSchema;
import org.mcxkms.kms.protocol.KmsXmlReader;
import org.mcxkms.kms.protocol.KmsXmlWriter;
import org.mcxkms.kms.protocol.Received;
import org.mcxkms.kms.protocol.TransportProtection;
import org.mcxkms.kms.protocol.security.ProtectionKey;
import org.mcxkms.kms.protocol.security.ProtectionKeyResolver;
import org.mcxkms.kms.protocol.security.SignaturePolicy;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The TS 33.180 Annex D codec on one thread: reading and writing a {@code KmsRequest} and a keyprov
 * {@code KmsResponse} with two key sets, signing and verifying it (XML-DSig HMAC-SHA256 under the
 * InK, D.1), encrypting and decrypting its key material under the TrK, and schema validation.
 * Run with {@code ./mcx-kms bench protocol}.
 *
 * <p>The key octets are random: the codec checks their lengths, not that they are points, so the
 * numbers are those of real key sets without the cost of issuing them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ProtocolTimingBench {
  private static final String KMS = "kms.example.org";
  private static final String ALICE = "sip:alice@example.org";
  private static final KeyPeriodPolicy PERIODS = KeyPeriodPolicy.of(2592000, 0);

  private final KmsXmlWriter writer = KmsXmlWriter.create();
  private final KmsXmlReader reader = KmsXmlReader.create();
  private final TransportProtection protection = TransportProtection.standard();
  private ProtectionKey ink;
  private ProtectionKey trk;
  private SignaturePolicy signedByInk;
  private ProtectionKeyResolver trks;
  private KmsResponse keyProv;
  private byte[] requestXml;
  private byte[] keyProvXml;
  private byte[] signedXml;
  private byte[] encryptedXml;

  @Setup
  public void setup() {
    SecureRandom random = new SecureRandom();
    ink = ProtectionKey.generate(ProtectionKey.Kind.INTEGRITY, "ink-1", random);
    trk = ProtectionKey.generate(ProtectionKey.Kind.TRANSPORT, "trk-1", random);
    signedByInk = SignaturePolicy.required(ProtectionKeyResolver.of(ink));
    trks = ProtectionKeyResolver.of(trk);
    Instant now = Instant.parse("2026-03-01T12:00:00Z");
    long period = PERIODS.periodNumber(now);
    keyProv = KmsResponse.builder().id("xmldoc").userUri(ALICE).kmsUri(KMS).time(now)
        .clientReqUrl("https://" + KMS + "/keymanagement/identity/v1/keyprov")
        .message(KmsKeyProv.of(List.of(keySet(period, random), keySet(period + 1, random))))
        .build();
    KmsRequest request = KmsRequest.builder().id("kmsRequest").userUri(ALICE).kmsUri(KMS).time(now)
        .clientId("client-7").clientReqUrl("https://" + KMS + "/keymanagement/identity/v1/keyprov").build();
    requestXml = writer.write(request);
    keyProvXml = writer.write(keyProv);
    signedXml = writer.writeSigned(keyProv, ink);
    encryptedXml = writer.write(encrypted());
  }

  private static KmsKeySet keySet(long period, SecureRandom random) {
    return KmsKeySet.builder().kmsUri(KMS).userUri(ALICE).userId(Uid.format2(ALICE, KMS, PERIODS, period))
        .validFrom(PERIODS.validFrom(period)).validTo(PERIODS.validTo(period)).keyPeriodNo(period)
        .userDecryptKey(KeyContent.plain(SecretBytes.random(KmsKeySet.RSK_LENGTH, random)))
        .userSigningKeySsk(KeyContent.plain(SecretBytes.random(KmsKeySet.SSK_LENGTH, random)))
        .userPubTokenPvt(KeyContent.plain(SecretBytes.random(KmsKeySet.PVT_LENGTH, random)))
        .build();
  }

  private KmsResponse encrypted() {
    return keyProv.toBuilder().message(protection.encrypt(keyProv.keyProv().orElseThrow(), trk)).trkId(trk.id())
        .build();
  }

  @Benchmark
  public KmsRequest readRequest() throws KmsProtocolException {
    return reader.readRequest(requestXml);
  }

  @Benchmark
  public byte[] writeKeyProv() {
    return writer.write(keyProv);
  }

  @Benchmark
  public KmsResponse readKeyProv() throws KmsProtocolException {
    return reader.readResponse(keyProvXml);
  }

  @Benchmark
  public byte[] writeSigned() {
    return writer.writeSigned(keyProv, ink);
  }

  @Benchmark
  public Received<KmsResponse> readAndVerifySigned() throws KmsProtocolException {
    return reader.readResponse(signedXml, signedByInk);
  }

  @Benchmark
  public byte[] encryptAndWrite() {
    return writer.write(encrypted());
  }

  @Benchmark
  public KmsResponse readAndDecrypt() throws KmsProtocolException {
    return protection.decrypt(reader.readResponse(encryptedXml), trks);
  }

  @Benchmark
  public byte[] schemaValidate() throws KmsProtocolException {
    KmsSchema.rel17().validate(keyProvXml);
    return keyProvXml;
  }
}

package org.mcxkms.bench;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.mcxkms.crypto.SecretBytes;
import org.mcxkms.crypto.eccsi.EccsiKmsKey;
import org.mcxkms.crypto.eccsi.IssuedEccsiKey;
import org.mcxkms.crypto.sakke.SakkeKmsKey;
import org.mcxkms.crypto.uid.KeyPeriodPolicy;
import org.mcxkms.mikey.CreatedIMessage;
import org.mcxkms.mikey.KeyDistribution;
import org.mcxkms.mikey.KeyPurpose;
import org.mcxkms.mikey.KmsParameters;
import org.mcxkms.mikey.MikeyException;
import org.mcxkms.mikey.MikeySakkeInitiator;
import org.mcxkms.mikey.MikeySakkeResponder;
import org.mcxkms.mikey.ReceivedKey;
import org.mcxkms.mikey.ReplayCache;
import org.mcxkms.mikey.StaticKeyRing;
import org.mcxkms.mikey.wire.ByteString;
import org.mcxkms.mikey.wire.MikeyReader;
import org.mcxkms.mikey.wire.ParsedIMessage;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * MIKEY-SAKKE I_MESSAGE create (ECCSI sign + SAKKE encapsulate + GENERAL EXTENSION 7) and process
 * (parse + ECCSI verify + SAKKE decapsulate + GENERAL EXTENSION 7) for a GMK, GMS to member, on a
 * fresh test KMS. Issue 5 targets: create >= 500/s, process >= 200/s on one core.
 *
 * <p>Processing the same message again would be refused as a replay, so the process benchmark runs
 * with a replay cache that remembers nothing; its real cost (a SHA-256 and a map insertion) is
 * measured separately in {@code parse} and is negligible.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MikeyBench {
  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  private static final String GMS = "sip:gms@example.org";
  private static final String MEMBER = "sip:member@example.org";

  private MikeySakkeInitiator initiator;
  private MikeySakkeResponder responder;
  private KeyDistribution gmk;
  private byte[] message;

  @Setup
  public void setup() throws Exception {
    SecureRandom random = new SecureRandom();
    EccsiKmsKey eccsi = EccsiKmsKey.generate(random);
    SakkeKmsKey sakke = SakkeKmsKey.generate(random);
    KmsParameters kms = new KmsParameters("kms.example.org", KeyPeriodPolicy.of(2592000, 0), eccsi.kpak(), sakke.publicKey());
    long n = kms.periodPolicy().periodNumber(NOW);
    IssuedEccsiKey gmsKey = eccsi.deterministicIssuer().issue(kms.uid(GMS, n).toByteArray());
    StaticKeyRing gms = StaticKeyRing.builder(GMS, kms).signingKey(n, gmsKey.ssk(), gmsKey.pvt()).build();
    StaticKeyRing member = StaticKeyRing.builder(MEMBER, kms)
        .receiverKey(n, sakke.rskIssuer().issue(kms.uid(MEMBER, n).toByteArray()))
        .build();
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    initiator = MikeySakkeInitiator.create(gms, clock, random);
    SecretBytes key = KeyDistribution.newKey(random);
    gmk = KeyDistribution.gmk(key, KeyDistribution.newKeyId(KeyPurpose.GMK, random)).to(MEMBER, kms).build();
    message = initiator.create(gmk).encoded();
    responder = MikeySakkeResponder.builder(member).clock(clock).replayCache(new ReplayCache() {
      @Override
      public boolean contains(ByteString digest) {
        return false;
      }

      @Override
      public boolean add(ByteString digest, Instant expiry) {
        return true;
      }
    }).build();
  }

  @Benchmark
  public CreatedIMessage create() {
    return initiator.create(gmk);
  }

  @Benchmark
  public ReceivedKey process() throws MikeyException {
    return responder.process(message);
  }

  @Benchmark
  public ParsedIMessage parse() throws MikeyException {
    return MikeyReader.read(message);
  }
}

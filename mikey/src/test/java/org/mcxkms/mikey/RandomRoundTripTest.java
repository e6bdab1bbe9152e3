package org.mcxkms.mikey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mcxkms.mikey.Fixtures.*;
import static org.mcxkms.testkit.VendorVectors.*;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.crypto.SecretBytes;
import org.mcxkms.mikey.wire.ByteString;
import org.mcxkms.mikey.wire.KeyParameters;
import org.mcxkms.mikey.wire.MikeyParseException;
import org.mcxkms.mikey.wire.MikeyReader;
import org.mcxkms.mikey.wire.MikeyWriter;
import org.mcxkms.mikey.wire.ParsedIMessage;

/**
 * Seeded random properties. Round trips cost two SAKKE operations each, so only a few run by
 * default; {@code -Dmikey.roundtrips=N} raises the count (for example once the fast SAKKE engine
 * is in). Reader mutations are cheap and run by the thousand.
 */
class RandomRoundTripTest {
  private static final long SW_T = 3968437672L;
  private static final int ROUND_TRIPS = Integer.getInteger("mikey.roundtrips", 3);
  private static final int MUTATIONS = Integer.getInteger("mikey.mutations", 20_000);

  @Test
  void randomKeyDistributionsAreAcceptedWithTheirKeyAndId() throws Exception {
    long seed = Long.getLong("mikey.seed", System.nanoTime());
    Random rnd = new Random(seed);
    SecureRandom secure = new SecureRandom();
    KeyPurpose[] purposes = {KeyPurpose.GMK, KeyPurpose.PCK, KeyPurpose.CSK, KeyPurpose.MUSIK, KeyPurpose.MKFC};
    for (int i = 0; i < ROUND_TRIPS; i++) {
      KeyPurpose purpose = purposes[rnd.nextInt(purposes.length)];
      byte[] k = new byte[16];
      rnd.nextBytes(k);
      SecretBytes key = SecretBytes.copyOf(k, SecretAccess.get());
      int id = purpose.keyId(rnd.nextInt());
      KeyDistribution.Builder b;
      switch (purpose) {
        case GMK: b = KeyDistribution.gmk(key, id); break;
        case PCK: b = KeyDistribution.pck(key, id); break;
        case CSK: b = KeyDistribution.csk(key, id); break;
        case MUSIK: b = KeyDistribution.musik(key, id); break;
        default: b = KeyDistribution.mkfc(key, id); break;
      }
      byte[] rand = new byte[16 + rnd.nextInt(20)];
      rnd.nextBytes(rand);
      b.to(SW_BOB.uri(), streamwideKms())
          .rand(ByteString.of(rand))
          .csIdMap(rnd.nextBoolean() ? KeyDistribution.CsIdMapStyle.EMPTY : KeyDistribution.CsIdMapStyle.GENERIC_ID)
          .securityPolicy(rnd.nextBoolean() ? Optional.empty() : Optional.of(KeyDistribution.STREAMWIDE_POLICY));
      if (rnd.nextBoolean()) {
        b.keyParameters(rnd.nextBoolean() ? Optional.empty()
            : Optional.of(new KeyParameters(purpose.tag(), 1, rnd.nextInt() & 0xFFFFFFFFL, rnd.nextInt() & 0xFFFFFFFFL,
                "t" + rnd.nextInt(1000), purpose.carriesGroupIds(), List.of())));
      }
      KeyDistribution d = b.build();
      CreatedIMessage m = MikeySakkeInitiator.create(streamwide(SW_ALICE, false), clockAtNtp(SW_T + rnd.nextInt(60)), secure).create(d);
      ReceivedKey r = MikeySakkeResponder.builder(streamwide(SW_BOB, true)).clock(clockAtNtp(SW_T + 30)).build()
          .process(m.encoded(), Optional.of(SW_ALICE.uri()));
      String why = "seed " + seed + " case " + i + " " + d;
      assertThat(r.key().equalsSecretBytes(key)).as(why).isTrue();
      assertThat(r.keyId()).as(why).isEqualTo(id);
      assertThat(r.purpose()).as(why).isEqualTo(purpose);
      assertThat(r.rand()).as(why).isEqualTo(ByteString.of(rand));
      assertThat(r.keyParameters()).as(why).isEqualTo(d.keyParameters());
      assertThat(MikeyWriter.write(MikeyReader.read(m.encoded()).message())).as(why).isEqualTo(m.encoded());
    }
  }

  @Test
  void randomMutationsOfVendorMessagesOnlyEverRaiseTheTypedError() throws Exception {
    long seed = Long.getLong("mikey.seed", System.nanoTime());
    Random rnd = new Random(seed);
    List<byte[]> seeds = List.of(MikeyText.decode(SW_TEST1_GMK), MikeyText.decode(SW_TEST2_CSK), MikeyText.decode(SW_TEST3_PCK),
        MikeyText.decode(SW_TEST4_GMK_LEGACY), MikeyText.decode(ALEA_GMK_MSG), MikeyText.decode(ALEA_CSK_MSG));
    int accepted = 0;
    for (int i = 0; i < MUTATIONS; i++) {
      byte[] m = seeds.get(rnd.nextInt(seeds.size())).clone();
      int edits = 1 + rnd.nextInt(3);
      for (int e = 0; e < edits; e++) {
        int kind = rnd.nextInt(3);
        int at = rnd.nextInt(m.length);
        if (kind == 0) {
          m[at] = (byte) rnd.nextInt(256);
        } else if (kind == 1) {
          m = Arrays.copyOf(m, at);
          if (m.length == 0) {
            break;
          }
        } else {
          byte[] longer = Arrays.copyOf(m, m.length + 1 + rnd.nextInt(4));
          System.arraycopy(m, at, longer, longer.length - (m.length - at), m.length - at);
          m = longer;
        }
      }
      try {
        ParsedIMessage p = MikeyReader.read(m);
        accepted++;
        assertThat(MikeyWriter.write(p.message())).as("seed " + seed + " case " + i).isEqualTo(m);
      } catch (MikeyParseException expected) {
        assertThat(expected.offset()).as("seed " + seed + " case " + i).isBetween(0, m.length);
      }
    }
    assertThat(accepted).as("seed " + seed + ": some mutations (in RAND, UIDs, SAKKE data...) stay well formed").isPositive();
  }
}

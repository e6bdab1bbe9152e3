package org.mcxkms.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mcxkms.crypto.eccsi.Eccsi;
import org.mcxkms.crypto.eccsi.EccsiKeyValidator;
import org.mcxkms.crypto.eccsi.Kpak;
import org.mcxkms.crypto.eccsi.Pvt;
import org.mcxkms.crypto.eccsi.Ssk;
import org.mcxkms.crypto.sakke.Rsk;
import org.mcxkms.crypto.sakke.RskValidator;
import org.mcxkms.crypto.sakke.Sakke;
import org.mcxkms.crypto.sakke.SakkePublicKey;
import org.mcxkms.crypto.uid.KeyPeriodPolicy;
import org.mcxkms.crypto.uid.Uid;
import org.mcxkms.testkit.VendorVectors;
import org.mcxkms.testkit.VendorVectors.User;

/**
 * The key sets of Streamwide's published test KMS (its test vectors, version 5): a real KMS
 * (KmsUri kms.mydev.streamwide.com, UserIdFormat 2, UserKeyPeriod 16777215, offset 0, KeyPeriodNo
 * 236) and four users. Their UIDs must come out of
 * our UID code, their SSK/PVT and RSK must pass our validation under the KMS's KPAK and Z, and must
 * fail under another user's UID and under the UID of another key period.
 */
class StreamwideKmsKeySetTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final String KMS_URI = VendorVectors.SW_KMS_URI;
  private static final KeyPeriodPolicy POLICY = KeyPeriodPolicy.of(VendorVectors.SW_PERIOD, 0);
  private static final long PERIOD = VendorVectors.SW_PERIOD_NO;
  private static final String Z = VendorVectors.SW_Z;
  private static final String KPAK = VendorVectors.SW_KPAK;
  private static final List<User> USERS =
      List.of(VendorVectors.SW_GMS, VendorVectors.SW_ALICE, VendorVectors.SW_IWF, VendorVectors.SW_BOB);

  private static Uid uidOf(User u, long period) {
    return Uid.format2(u.uri(), KMS_URI, POLICY, period);
  }

  @Test
  void userIdsAreOurFormat2Uids() {
    for (User u : USERS) {
      assertThat(uidOf(u, PERIOD).toHex()).as(u.uri()).isEqualTo(u.uid());
    }
  }

  @Test
  void eccsiKeysValidateOnlyForTheirOwnUid() throws Exception {
    EccsiKeyValidator validator = Eccsi.keyValidator(Kpak.decode(HEX.parseHex(KPAK)));
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < USERS.size(); i++) {
      User u = USERS.get(i);
      Ssk ssk = Ssk.decode(SecretBytes.copyOf(HEX.parseHex(u.ssk()), SecretAccess.get()));
      Pvt pvt = Pvt.decode(HEX.parseHex(u.pvt()));
      try {
        validator.validate(HEX.parseHex(u.uid()), ssk, pvt);
      } catch (KeyValidationException e) {
        failures.add(u.uri() + " rejected under its own UID");
      }
      byte[][] wrong = {
        uidOf(USERS.get((i + 1) % USERS.size()), PERIOD).toByteArray(), // another user
        uidOf(u, PERIOD + 1).toByteArray(), // another key period
        uidOf(u, PERIOD - 1).toByteArray()
      };
      for (byte[] id : wrong) {
        try {
          validator.validate(id, ssk, pvt);
          failures.add(u.uri() + " accepted under " + HEX.formatHex(id));
        } catch (KeyValidationException expected) {
          // as it must
        }
      }
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void rsksValidateOnlyForTheirOwnUid() throws Exception {
    RskValidator validator = Sakke.rskValidator(SakkePublicKey.decode(HEX.parseHex(Z)));
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < USERS.size(); i++) {
      User u = USERS.get(i);
      Rsk rsk = Rsk.decode(SecretBytes.copyOf(HEX.parseHex(u.rsk()), SecretAccess.get()));
      try {
        validator.validate(HEX.parseHex(u.uid()), rsk);
      } catch (KeyValidationException e) {
        failures.add(u.uri() + " RSK rejected under its own UID");
      }
      byte[][] wrong = {
        uidOf(USERS.get((i + 1) % USERS.size()), PERIOD).toByteArray(), uidOf(u, PERIOD + 1).toByteArray()
      };
      for (byte[] id : wrong) {
        try {
          validator.validate(id, rsk);
          failures.add(u.uri() + " RSK accepted under " + HEX.formatHex(id));
        } catch (KeyValidationException expected) {
          // as it must
        }
      }
    }
    assertThat(failures).isEmpty();
  }
}

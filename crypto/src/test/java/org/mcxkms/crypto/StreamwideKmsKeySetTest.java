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

/**
 * The Streamwide test KMS key sets (StreamwideTestVectors.md v5, as given in the spec digest
 * mikey-sakke.md 9.1 and crypto.md 4): a real KMS (KmsUri kms.mydev.streamwide.com, UserIdFormat 2,
 * UserKeyPeriod 16777215, offset 0, KeyPeriodNo 236) and four users. Their UIDs must come out of
 * our UID code, their SSK/PVT and RSK must pass our validation under the KMS's KPAK and Z, and must
 * fail under another user's UID and under the UID of another key period.
 */
class StreamwideKmsKeySetTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final String KMS_URI = "kms.mydev.streamwide.com";
  private static final KeyPeriodPolicy POLICY = KeyPeriodPolicy.of(16_777_215, 0);
  private static final long PERIOD = 236;

  private record User(String uri, String uid, String rsk, String ssk, String pvt) {}

  private static final String Z =
      ""
          + "046fc2cf00fd48467abe7c02f383002fc49b6632bf0f7071d958f1f128154e6fae1f69bb91691a191a358fe647a3e020"
          + "d2365d52f81fb3af4ea271654f1a880274c1ae228ac72cc15d535394321bd2143cea2619fb3b0c6ce7a5f72714d8ef4d"
          + "11cb0c991c3376ca31b168b01e66021effdbf7920bd66615e6f0d6a1e61c06e72e61b4138738c11bc249a3849e9c4cff"
          + "327a7d0d2769c3d97a37f86adfb13baa257e628ce236f40360d3f7b8d95b0e3fcc19417602d7d6b8928b855eae9129be"
          + "1f0b87d33e884906dd95a04a8bd61240bad60f9dfada64806726f8f08b86343f54046416f5198116e9798c218bcf9ca0"
          + "7d0baa4be50062bfe54e44495b6ed59cb6";
  private static final String KPAK =
      ""
          + "0448f9c2c48b50735f6bc70ec6691073243f1e0bd83cc73bb936d61ffcb2d6049a5b297e8205b29fbd8591cb582d6402"
          + "add21451ce4beebeaaa7520e93b11cf28f";

  private static final List<User> USERS = List.of(
      // GMS
      new User(
          "gms@streamwide.com",
          "15a4d5b12856538d02d91fedbb766e6dd377b014c92e216666c8fb678608d20e",
          ""
              + "043f591611206a0913ecb68ab28e086ac1148fbd5ce4a40bf00a186653ecf6f0055f4f1b5ef8a4b527d33dd28c731c7b"
              + "2829d6329283533d499b04c31e2d30437919f486ef76c8a6cbca2f279724539e52b3a1760077670fc35756a9417625d5"
              + "7876717811bd3f1fb8fb473b547ba874a8f5d747cd63b2ebcdb150f5b454a46ec2512a86f0672439d3121a0eddf5995f"
              + "18e1c77e3423ea34427b62281977e3afb9b5c8766c5a32e1f9b29f0bb12d46a03f8f3ec7357e59f969473bcf4d4cdc3c"
              + "dedb6e7982e6477117a3c02d86165896485323c96f53a330e5e995ce83b23127542f2177916d5007a5aa116680093911"
              + "d4bc587cd94e2bdec36d7290ed4f2d3998",
          "2e7237faa18a874b88d955199dea974b7d0fefcbbae1946baf659b26a4d05a5e",
          ""
              + "0468a24d49b184d7008d22f63a415debd38bfa9295f066fa6ada5951c2322d2eca1d6f1d994f22710daef776d9c54d9a"
              + "338f32395080d6f2bdffb6c7895f12cda2"),
      // Alice
      new User(
          "sip:alice@streamwide.com",
          "b5c452309219da6a3d805615548d6c1b0f4de45a6b48fb13d9a24d857fc03dc4",
          ""
              + "0428b44cd6dffd2e7fe73521a5c514738287df177c1ae841ba6f5d72601b9c6bc5509c3fd800ac1fee833dd81c74ab39"
              + "d2740a10fba25cd9b0debb25a3da958cf52e35e863d2db37ea22b318d23d9911d36f585eb110e430123f3cd84d2692a4"
              + "013bc7f59533e5da2083d8e6e8b96764eb8e8be599dc2361e7428460b8490200417baa5bac10efaa5262301b3110f6da"
              + "9e8bc9c4b62827c3d4f4070a8e341346a326a23f219d2a99298036615956bb85a60cf303d15d469c1ee837c29cba5dcc"
              + "b28d74e4ba0d83dac9400d72eecb1817cc60127203f1321e82b7a24f60c07f1804a9895cbb455a94694a5ef627b1c631"
              + "760295dad53f0eed1714ba52d5a932bddd",
          "a1be54a56c7905c06abd2be177fc0c137a32278c9067550b0f0d93fb630d2428",
          ""
              + "0426cd8b0a33af9b381ee53ebc6841aed5c1c98fb0d2beb9c7ff98d7c79808d1f566659f6b735016192dd9984df56e54"
              + "f3f95c76ac4638c1f3d3228f3c752c8cc8"),
      // IWF
      new User(
          "sip:iwf_legacy_v1.1.x_format@streamwide.com",
          "edb3cd733168a81106e366c2ddc0e4bc323e9069d48edfe2b3b0f7033bae962a",
          ""
              + "0424b74f88f8fb0cc7b1fa8b48ef1cd676ac776a3dc98d41c7e334308a7068906d44eb13ea49c472b8835685a4151a27"
              + "05fb78e0371ff351d7ed38de0977ca10ad23c91a569010718f0498daa45f46d8c57e40d96081b839d59c0a1ce06a5044"
              + "f53ec9b379e730da0605cafcb922b018023c463478d63298bad759dbcae40e8120703f7badd9e5635a22e2a95d7fa944"
              + "55225065d1d417b3eba279a77882d50425336ed8c5529c608e1777dbad5da9cb23d2fdc5ff0225b1c2237463ac107d9a"
              + "9f3160e2e4b0e6601fa7609fe28640d8b03cdda21411370a5610758436ab98793caef1391ff7eaa01ee15e4893d72c64"
              + "8eba206d17199cf416e56e09e7bca3ae3d",
          "ed3162edf45f6e6f0f0939a02c84795c2ab78f714c91fe0254ca0f48eacf6a20",
          ""
              + "0411d4c57e7b945588148a55f9e88bd1d62017f4fab600af6bf4dcdb05e6f75e9441e20f7a9e2371ebb34692b941270b"
              + "52744d1699538b41a4cdf043101e23449d"),
      // Bob
      new User(
          "sip:bob@streamwide.com",
          "780851cda91a9c33f941cd3a2831697e2893264754e363f8a0cef827eb201a81",
          ""
              + "04421d385f108bd51f66abbce40b899efe187dbb08085d9a535fca8766677db317812e48da407235d73399d4d2e2ed4f"
              + "5a35d7694b64595ce0599e4d3592f5b57ede83890fd798aec2cd96f333d6139d9f7ecfecbb79b769f5fbbc6825beeb25"
              + "999acdf6fb2edd369176f45db0caf5909aa81512e57064c46ae1c23df9284ffba55741cde0b7a8145fdbea76b4ee243d"
              + "79bd70db4300c55570f342ca0df98e8f3b410e1df4ccbdd279403d3da06cad4c5db8d4e078a191a7a0545391e8ca72e5"
              + "1c793448c4ba8be71fbac90a84ded3d6127c4d7438a3132f354b283d65da75a5070ecd96f02d694c505efcb05caf2290"
              + "bf15ee45c15a0e652496b88acbaf1d26a3",
          "a36885736f21b6ceba48448093086f4ada1ce099bd77e3047c04529ac3f4d4eb",
          ""
              + "049c203fda536ae9481eb7f3a1e4662d0adaa6a3b7d3fff0c2dfadd148a754af424d434253b62dcd08eb6aedb6cd091e"
              + "09f8539d41d3ef2d0ce07e8ead352f2dd9"));

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

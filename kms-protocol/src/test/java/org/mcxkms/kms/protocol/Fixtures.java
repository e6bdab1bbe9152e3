package org.mcxkms.kms.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HexFormat;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.crypto.SecretBytes;
import org.mcxkms.crypto.uid.KeyPeriodPolicy;
import org.mcxkms.crypto.uid.Uid;

/** Shared test values: the Streamwide sample responses (test resources) and models built from them. */
public final class Fixtures {
  private Fixtures() {}

  // Values copied from the Streamwide sample XML in src/test/resources/samples.
  public static final String Z_HEX =
      "045958EF1B1679BF099B3A030DF255AA6A23C1D8F143D4D23F753E69BD27A832F38CB4AD53DDEF4260B0FE8BB45C4C1FF510EFFE300367A37B61F701D914AEF09724825FA0707D61A6DFF4FBD7273566CDDE352A0B04B7C16A78309BE640697DE747613A5FC195E8B9F328852A579DB8F99B1D0034479EA9C5595F47C4B2F54FF21508D37514DCF7A8E143A6058C09A6BF2C9858CA37C258065AE6BF7532BC8B5B63383866E0753C5AC0E72709F8445F2E6178E065857E0EDA10F68206B63505ED87E534FB2831FF957FB7DC619DAE61301EEACC2FDA3680EA4999258A833CEA8FC67C6D19487FB449059F26CC8AAB655AB58B7CC796E24E9A394095754F5F8BAE";
  public static final String KPAK_HEX =
      "0450D4670BDE75244F28D2838A0D25558A7A72686D4522D4C8273FB6442AEBFA93DBDD37551AFD263B5DFD617F3960C65A8C298850FF99F20366DCE7D4367217F4";
  public static final String USER_ID_HEX = "060c5cddd13b87be1e37d3ff091101684b88aadef26c409a8b49c8da9dd81a05";
  public static final String RSK_HEX =
      "0451E8E3CDE160D2446189803128A3A02BFE20844E202C21CFFDB9E896B88DE02257596197466B32FF05083D2DCE014D11A618B22B0EE506ABFCD66B00D964355DC0D6A4F290DD4E2FD1D4EC3F3CF275DC7B6FF6A8A70BA5327A42A017B2D572F36F92746BFDACD0E4A9290B7D67AC60607F36726274422B6D62C6CD6DFAC7DAEF60067ABAA22D7C078C847F0659F69BE0588BCEA549F3CC4F11E884AFD0B81E80A4CBB1E708F56B7E6B15D0EFF19F06E401E7838F2C738B3FE7F1A866374C36D84D41577A1A68B49F29D8541B2DF4C0FF023299533C84D71A3CD7E6A69118A4CCCC7C4038C33C5F4BD9D81012A0F66EE58AB01AD58EDB0442C5FFCA9829B6C327";
  public static final String SSK_HEX = "D31C6FD21791D92D0BC721B50125C2B83450F4727EC5A845853AD30E023C34F3";
  public static final String PVT_HEX =
      "04FA3C2493070D9CF23A0EAEB9EC8CDA15A957B4643A6CEB4F26E998A5F4AF418698E5CBC16844A8DCE106894DDA2BD41C5A4142358F2EDB7F2C58144CF97017D5";

  public static byte[] resource(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/samples/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("missing test resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static byte[] hex(String h) {
    return HexFormat.of().parseHex(h);
  }

  public static SecretBytes secret(String h) {
    return SecretBytes.copyOf(hex(h), SecretAccess.get());
  }

  public static KmsCertificate certificate() {
    return KmsCertificate.builder()
        .role(KmsCertificate.Role.ROOT)
        .certUri("kms.example.org/cert/1")
        .kmsUri("kms.example.org")
        .issuer("kms.example.org")
        .validFrom(Instant.parse("2025-01-01T00:00:00Z"))
        .validTo(Instant.parse("2027-01-01T00:00:00Z"))
        .userIdFormat("2")
        .keyPeriodPolicy(KeyPeriodPolicy.of(2592000, 0))
        .pubEncKey(hex(Z_HEX))
        .pubAuthKey(hex(KPAK_HEX))
        .parameterSet(1)
        .build();
  }

  /** A key set with the sample's key octets (which do not belong to any real KMS key). */
  public static KmsKeySet keySet(String userUri, long period) {
    KeyPeriodPolicy policy = KeyPeriodPolicy.of(2592000, 0);
    return KmsKeySet.builder()
        .kmsUri("kms.example.org")
        .certUri("kms.example.org/cert/1")
        .issuer("kms.example.org")
        .userUri(userUri)
        .userId(Uid.format2(userUri, "kms.example.org", policy, period))
        .validFrom(policy.validFrom(period))
        .validTo(policy.validTo(period))
        .keyPeriodNo(period)
        .userDecryptKey(KeyContent.plain(secret(RSK_HEX)))
        .userSigningKeySsk(KeyContent.plain(secret(SSK_HEX)))
        .userPubTokenPvt(KeyContent.plain(secret(PVT_HEX)))
        .build();
  }

  public static KmsRequest request(String path) {
    return KmsRequest.builder()
        .id("kmsRequest")
        .userUri("sip:alice@example.org")
        .kmsUri("kms.example.org")
        .time(Instant.parse("2026-03-01T12:00:00Z"))
        .clientId("client-7")
        .deviceId("imei-1234")
        .clientReqUrl("https://kms.example.org/keymanagement/identity/v1/" + path)
        .build();
  }

  public static KmsResponse.Builder response(String path, KmsMessage message) {
    return KmsResponse.builder()
        .id("xmldoc")
        .userUri("sip:alice@example.org")
        .kmsUri("kms.example.org")
        .time(Instant.parse("2026-03-01T12:00:01Z"))
        .clientReqUrl("https://kms.example.org/keymanagement/identity/v1/" + path)
        .message(message);
  }
}

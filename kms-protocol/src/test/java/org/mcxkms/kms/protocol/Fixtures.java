package org.mcxkms.kms.protocol;

import java.time.Instant;
import java.util.HexFormat;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.crypto.SecretBytes;
import org.mcxkms.crypto.uid.KeyPeriodPolicy;
import org.mcxkms.crypto.uid.Uid;
import org.mcxkms.testkit.Samples;

/** Shared test values: the published sample documents (from the test kit) and models built from them. */
public final class Fixtures {
  private Fixtures() {}

  // The values of the published sample documents.
  public static final String Z_HEX = Samples.Z_HEX;
  public static final String KPAK_HEX = Samples.KPAK_HEX;
  public static final String USER_ID_HEX = Samples.USER_ID_HEX;
  public static final String RSK_HEX = Samples.RSK_HEX;
  public static final String SSK_HEX = Samples.SSK_HEX;
  public static final String PVT_HEX = Samples.PVT_HEX;

  public static byte[] resource(String name) {
    return Samples.bytes(name);
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

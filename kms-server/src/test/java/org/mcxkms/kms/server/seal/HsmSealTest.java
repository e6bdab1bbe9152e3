package org.mcxkms.kms.server.seal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.security.Provider;
import java.security.Security;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcxkms.crypto.uid.NtpTime;
import org.mcxkms.kms.protocol.KmsKeySet;
import org.mcxkms.kms.protocol.KmsXmlReader;
import org.mcxkms.kms.server.KmsServer;
import org.mcxkms.kms.server.config.ConfigException;
import org.mcxkms.kms.server.config.ConfigKey;
import org.mcxkms.kms.server.config.KmsConfig;
import org.mcxkms.kms.server.domain.StartupException;
import org.mcxkms.kms.server.store.DomainRecord;
import org.mcxkms.kms.server.store.KmsStore;
import org.mcxkms.kms.server.store.ProtectionKeyRecord;
import org.mcxkms.testkit.Https;
import org.mcxkms.testkit.PostgresServer;
import org.mcxkms.testkit.SoftHsm;
import org.mcxkms.testkit.TestIdm;

/**
 * The master-secret KEK as a non-extractable AES key in a PKCS#11 token (SoftHSM2, initialised
 * here): sealing in the token across restarts, the clear refusals at start, {@code rotate-kek} from
 * a key file into the token and between token keys, and a second node following a rotation.
 */
class HsmSealTest {
  private static final String PIN = "4711-user";
  private static final String ALICE = "sip:alice@example.org";
  private static SoftHsm hsm;
  /** The token every KMS here uses. */
  private static long slot;
  /** A token no one logs in to with the right PIN (PKCS#11 login state is per process). */
  private static long otherSlot;

  @TempDir Path dir;
  private final List<KmsServer> servers = new ArrayList<>();
  private final KmsXmlReader reader = KmsXmlReader.create();
  private TestIdm idm;

  @BeforeAll
  static void tokens() throws Exception {
    // Every token and every externally generated key exists before the first PKCS#11 provider of
    // this JVM loads the library (SoftHSM reads its token directory then).
    hsm = SoftHsm.fresh();
    slot = hsm.initToken("mcx-kms", PIN, "so-0815");
    otherSlot = hsm.initToken("other", "1111-right", "so-0816");
    // The operator's way: OpenSC's pkcs11-tool generates keys inside the token. Without
    // --extractable the key is never extractable; --sensitive keeps its value from being read.
    pkcs11Tool("--keygen", "--key-type", "AES:32", "--label", "kek-1", "--sensitive");
    pkcs11Tool("--keygen", "--key-type", "AES:32", "--label", "kek-t1", "--sensitive");
    pkcs11Tool("--keygen", "--key-type", "AES:32", "--label", "readable");
    pkcs11Tool("--keygen", "--key-type", "AES:32", "--label", "wrappable", "--sensitive", "--extractable");
  }

  private static String pkcs11Tool(String... args) throws Exception {
    if (Files.notExists(Path.of("/usr/bin/pkcs11-tool"))) {
      throw new IllegalStateException("pkcs11-tool is needed for this test: install it with 'sudo apt-get install"
          + " opensc' (.ci/run does this on CI)");
    }
    List<String> cmd = new ArrayList<>(List.of("pkcs11-tool", "--module", hsm.library().toString(), "--slot",
        Long.toString(slot), "--login", "--pin", PIN));
    cmd.addAll(List.of(args));
    return hsm.run(cmd.toArray(String[]::new));
  }

  @AfterEach
  void stopAll() {
    servers.forEach(KmsServer::close);
  }

  private KmsConfig.Builder node(String name) throws Exception {
    if (idm == null) {
      idm = new TestIdm(dir);
    }
    return KmsConfig.builder()
        .set(ConfigKey.DATA_DIR, dir.resolve(name).toString())
        .set(ConfigKey.LISTEN_PORT, "0")
        .set(ConfigKey.ADMIN_PORT, "0")
        .set(ConfigKey.KMS_URI, TestIdm.AUDIENCE)
        .set(ConfigKey.AUTH_JWKS, idm.jwks.toString())
        .set(ConfigKey.AUTH_ISSUER, TestIdm.ISSUER);
  }

  /** Access to the test token (module, slot, PIN); the key label is set separately. */
  private static KmsConfig.Builder token(KmsConfig.Builder b) {
    return b.set(ConfigKey.SEAL_PKCS11_LIBRARY, hsm.library().toString())
        .set(ConfigKey.SEAL_PKCS11_SLOT, Long.toString(slot))
        .set(ConfigKey.SEAL_PKCS11_PIN, PIN);
  }

  private KmsServer start(KmsConfig.Builder b) throws Exception {
    KmsServer s = KmsServer.start(b.build(), w -> {});
    servers.add(s);
    return s;
  }

  private void stop(KmsServer s) {
    s.close();
    servers.remove(s);
  }

  private static String startFailure(KmsConfig.Builder b) {
    try {
      KmsServer s = KmsServer.start(b.build(), w -> {});
      s.close();
      throw new AssertionError("the KMS started");
    } catch (StartupException e) {
      assertThat(e.getMessage()).as("one line for the operator").doesNotContain("\n").doesNotContain(PIN);
      return e.getMessage();
    }
  }

  private static HttpResponse<String> adminCall(KmsServer s, String method, String op, String json) throws Exception {
    Https h = new Https(s.tls().certificatePem());
    return h.json(method, s.adminUrl().resolve(op), Files.readString(s.adminTokenFile()).trim(), json);
  }

  private static String admin(KmsServer s, String method, String op, String json) throws Exception {
    HttpResponse<String> r = adminCall(s, method, op, json);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r.body();
  }

  private KmsKeySet keySet(KmsServer s, long ntpSeconds) throws Exception {
    URI u = s.kmsUrl().resolve("keyprov/" + URLEncoder.encode(ALICE, StandardCharsets.UTF_8) + "/"
        + String.format("%016X", ntpSeconds << 32));
    HttpResponse<byte[]> r = new Https(s.tls().certificatePem()).post(u, idm.token(ALICE).sign(), null);
    assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    List<KmsKeySet> sets = reader.readResponse(r.body()).keyProv().orElseThrow().keySets();
    assertThat(sets).hasSize(1);
    return sets.get(0);
  }

  private static void assertSameKeys(KmsKeySet a, KmsKeySet b) {
    assertThat(b.userId()).isEqualTo(a.userId());
    assertThat(b.certUri()).isEqualTo(a.certUri());
    assertThat(b.userDecryptKey()).isEqualTo(a.userDecryptKey());
    assertThat(b.userSigningKeySsk()).isEqualTo(a.userSigningKeySsk());
    assertThat(b.userPubTokenPvt()).isEqualTo(a.userPubTokenPvt());
  }

  /** Every seal the store holds: master secrets, TrK/InK and the audit chain key. */
  private static List<String> seals(KmsStore store) {
    List<String> out = new ArrayList<>();
    store.certificates().forEach(c -> out.add(c.sealedSecrets()));
    store.protectionKeys().forEach(k -> out.add(k.sealedKey()));
    store.auditKey().ifPresent(out::add);
    return out;
  }

  @Test
  void sealedInTheTokenRestartsWithIdenticalKeySetsAndTheKeyNeverLeavesIt() throws Exception {
    KmsConfig.Builder cfg = token(node("a")).set(ConfigKey.SEAL_PKCS11_KEY_LABEL, "kek-1");
    long t = NtpTime.now().seconds();
    KmsServer a = start(cfg);
    DomainRecord d = a.store().domain().orElseThrow();
    assertThat(d.kekKind()).isEqualTo(KekResolver.KIND_PKCS11);
    assertThat(KekResolver.tokenLabel(d)).isEqualTo("kek-1");
    assertThat(d.kekCheck()).startsWith("gcm.");
    admin(a, "POST", "identities", "{\"uri\":\"" + ALICE + "\"}");
    admin(a, "POST", "keys", "{\"uri\":\"" + ALICE + "\",\"kind\":\"trk\"}");
    KmsKeySet first = keySet(a, t);
    assertThat(admin(a, "GET", "domain", null)).contains("key 'kek-1' in a PKCS#11 token");
    stop(a);

    // The PIN from a file this time (mode 0600, as for every secret file).
    Path pinFile = dir.resolve("pin");
    Files.writeString(pinFile, PIN + "\n");
    Files.setPosixFilePermissions(pinFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    KmsServer again = start(cfg.set(ConfigKey.SEAL_PKCS11_PIN, "").set(ConfigKey.SEAL_PKCS11_PIN_FILE,
        pinFile.toString()));
    assertSameKeys(first, keySet(again, t));
    for (ProtectionKeyRecord k : again.store().protectionKeys()) {
      assertThat(again.domain().openProtectionKey(k.keyId(), k.sealedKey(), 32).length()).isEqualTo(32);
    }

    // The key as the token shows it: no value for this process, and flagged so by the token.
    Provider p = Security.getProvider("SunPKCS11").configure("--name=probe\nlibrary=" + hsm.library() + "\nslot="
        + slot + "\n");
    KeyStore ks = KeyStore.getInstance("PKCS11", p);
    ks.load(null, PIN.toCharArray());
    Key k = ks.getKey("kek-1", null);
    assertThat(k.getEncoded()).isNull();
    assertThat(k.toString()).contains("sensitive, unextractable").doesNotContain("not sensitive");
    assertThat(pkcs11Tool("--list-objects", "--type", "secrkey", "--label", "kek-1"))
        .contains("sensitive").contains("never extractable");
  }

  @Test
  void startRefusesAMissingLibraryTokenPinOrKeyAndAKeyThatCanLeaveTheToken() throws Exception {
    UnaryOperator<KmsConfig.Builder> kek1 = b -> token(b).set(ConfigKey.SEAL_PKCS11_KEY_LABEL, "kek-1");
    assertThat(startFailure(kek1.apply(node("n1")).set(ConfigKey.SEAL_PKCS11_LIBRARY, "/nonexistent/libp11.so")))
        .contains("refusing to start").contains("/nonexistent/libp11.so does not exist");
    assertThat(startFailure(kek1.apply(node("n2")).set(ConfigKey.SEAL_PKCS11_SLOT, "987654")))
        .contains("slot 987654").contains("no usable token there");
    assertThat(startFailure(kek1.apply(node("n3")).set(ConfigKey.SEAL_PKCS11_SLOT, Long.toString(otherSlot))))
        .contains("wrong PIN");
    assertThat(startFailure(kek1.apply(node("n4")).set(ConfigKey.SEAL_PKCS11_PIN, "")))
        .contains("no PIN for the seal token");
    assertThat(startFailure(token(node("n5")).set(ConfigKey.SEAL_PKCS11_KEY_LABEL, "kek-404")))
        .contains("has no key labelled 'kek-404'");
    assertThat(startFailure(token(node("n6")).set(ConfigKey.SEAL_PKCS11_KEY_LABEL, "readable")))
        .contains("can leave the token (CKA_SENSITIVE false)");
    assertThat(startFailure(token(node("n7")).set(ConfigKey.SEAL_PKCS11_KEY_LABEL, "wrappable")))
        .contains("can leave the token (CKA_EXTRACTABLE true)");
    // Nothing was created by a refused start.
    assertThat(Files.exists(dir.resolve("n1").resolve("seal.key"))).isFalse();

    // The PIN is never taken from the properties file.
    Path props = dir.resolve("kms.properties");
    Files.writeString(props, "seal.pkcs11.pin = " + PIN + "\n");
    assertThatThrownBy(() -> KmsConfig.load(props, java.util.Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("MCX_KMS_SEAL_PKCS11_PIN")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(PIN));
  }

  @Test
  void startRefusesAConfigurationThatNamesAnotherKekThanTheOneThatSealedTheDomain() throws Exception {
    KmsConfig.Builder cfg = token(node("d")).set(ConfigKey.SEAL_PKCS11_KEY_LABEL, "kek-1");
    stop(start(cfg));
    assertThat(startFailure(token(node("d")).set(ConfigKey.SEAL_PKCS11_KEY_LABEL, "kek-t1")))
        .contains("sealed by key 'kek-1' in the token, but seal.pkcs11.key.label is 'kek-t1'");
    assertThat(startFailure(node("d"))).contains("sealed by key 'kek-1' in a PKCS#11 token")
        .contains("set seal.pkcs11.key.label=kek-1");
    assertThat(startFailure(node("d").set(ConfigKey.SEAL_PASSPHRASE, "correct horse")))
        .contains("sealed by key 'kek-1'");

    KmsConfig.Builder keyFile = node("f");
    stop(start(keyFile));
    assertThat(startFailure(token(node("f")).set(ConfigKey.SEAL_PKCS11_KEY_LABEL, "kek-1")))
        .contains("sealed with a key file, but seal.pkcs11.key.label is set");
  }

  @Test
  void rotateKekMovesEverySealFromAKeyFileIntoTheTokenThenToANewTokenKey() throws Exception {
    long t = NtpTime.now().seconds();
    // Token access is configured, but no key label: the domain is sealed with the key file.
    KmsServer a = start(token(node("r")));
    Path keyFile = dir.resolve("r").resolve("seal.key");
    assertThat(a.store().domain().orElseThrow().kekKind()).isEqualTo(KekResolver.KIND_KEYFILE);
    admin(a, "POST", "identities", "{\"uri\":\"" + ALICE + "\"}");
    admin(a, "POST", "keys", "{\"uri\":\"" + ALICE + "\",\"kind\":\"trk\"}");
    admin(a, "POST", "keys", "{\"uri\":\"" + ALICE + "\",\"kind\":\"ink\"}");
    admin(a, "POST", "certificates/rotate", "{}");
    KmsKeySet before = keySet(a, t);
    List<String> fileSeals = seals(a.store());
    assertThat(fileSeals).hasSize(2 + 2 + 1);

    // A key that is not in the token, or one already there under the same label: nothing changes.
    assertThat(adminCall(a, "POST", "kek/rotate", "{\"to\":\"pkcs11\",\"label\":\"kek-404\"}").body())
        .contains("has no key labelled 'kek-404'").contains("nothing was changed");
    assertThat(adminCall(a, "POST", "kek/rotate", "{\"to\":\"pkcs11\",\"label\":\"kek-1\",\"generate\":true}")
        .body()).contains("already holds an object labelled 'kek-1'");
    assertThat(adminCall(a, "POST", "kek/rotate", "{\"to\":\"passphrase\"}").statusCode()).isEqualTo(400);
    assertThat(seals(a.store())).isEqualTo(fileSeals);

    JsonNode moved = new ObjectMapper().readTree(
        admin(a, "POST", "kek/rotate", "{\"to\":\"pkcs11\",\"label\":\"kek-r1\",\"generate\":true}"));
    assertThat(moved.path("from").asText()).isEqualTo("keyfile");
    assertThat(moved.path("to").asText()).isEqualTo("key 'kek-r1' in a PKCS#11 token");
    assertThat(moved.path("certificates").asInt()).isEqualTo(2);
    assertThat(moved.path("protection_keys").asInt()).isEqualTo(2);
    assertThat(moved.path("audit_key").asBoolean()).isTrue();
    List<String> tokenSeals = seals(a.store());
    assertThat(tokenSeals).hasSize(fileSeals.size()).doesNotContainAnyElementsOf(fileSeals);
    assertThat(a.store().domain().orElseThrow().kekKind()).isEqualTo(KekResolver.KIND_PKCS11);
    assertSameKeys(before, keySet(a, t));
    assertThat(a.store().recentAudit(20)).anyMatch(r -> r.action().equals("admin.kek.rotate")
        && r.outcome().equals("ok"));
    stop(a);

    // The old key file is kept, but the configuration that names it no longer opens the domain.
    assertThat(keyFile).exists();
    assertThat(startFailure(token(node("r")))).contains("sealed by key 'kek-r1'");
    KmsServer b = start(token(node("r")).set(ConfigKey.SEAL_PKCS11_KEY_LABEL, "kek-r1"));
    assertSameKeys(before, keySet(b, t));

    // Token key to a new token key: again every seal changes and the old key stays in the token.
    admin(b, "POST", "kek/rotate", "{\"to\":\"pkcs11\",\"label\":\"kek-r2\",\"generate\":true}");
    List<String> secondSeals = seals(b.store());
    assertThat(secondSeals).doesNotContainAnyElementsOf(tokenSeals).doesNotContainAnyElementsOf(fileSeals);
    stop(b);
    KmsServer c = start(token(node("r")).set(ConfigKey.SEAL_PKCS11_KEY_LABEL, "kek-r2"));
    assertSameKeys(before, keySet(c, t));
    assertThat(pkcs11Tool("--list-objects", "--type", "secrkey")).contains("kek-r1").contains("kek-r2");
    for (ProtectionKeyRecord k : c.store().protectionKeys()) {
      assertThat(c.domain().openProtectionKey(k.keyId(), k.sealedKey(), 32).length()).isEqualTo(32);
    }

    // And back out of the token into a new key file.
    Path newFile = dir.resolve("seal-2.key");
    admin(c, "POST", "kek/rotate", "{\"to\":\"keyfile\",\"file\":\"" + newFile + "\"}");
    assertThat(newFile).exists();
    stop(c);
    KmsServer d = start(node("r").set(ConfigKey.SEAL_KEY_FILE, newFile.toString()));
    assertSameKeys(before, keySet(d, t));
  }

  @Test
  void aSecondNodeOnTheSameDatabaseFollowsARotation() throws Exception {
    String db = PostgresServer.get().newDatabase();
    long t = NtpTime.now().seconds();
    UnaryOperator<KmsConfig.Builder> shared = b -> token(b).set(ConfigKey.DB_URL, db)
        .set(ConfigKey.SEAL_PKCS11_KEY_LABEL, "kek-t1");
    KmsServer a = start(shared.apply(node("a")));
    KmsServer b = start(shared.apply(node("b")));
    admin(a, "POST", "identities", "{\"uri\":\"" + ALICE + "\"}");
    admin(a, "POST", "keys", "{\"uri\":\"" + ALICE + "\",\"kind\":\"trk\"}");
    KmsKeySet atA = keySet(a, t);
    assertSameKeys(atA, keySet(b, t));

    // The new key made with the operator's tool while the nodes run, then named to rotate-kek.
    pkcs11Tool("--keygen", "--key-type", "AES:32", "--label", "kek-t2", "--sensitive");
    admin(a, "POST", "kek/rotate", "{\"to\":\"pkcs11\",\"label\":\"kek-t2\"}");
    // Node b learns of it the moment it seals or opens a stored key (or at its next refresh):
    // the TrK it adds now is sealed under the new key.
    admin(b, "POST", "keys", "{\"uri\":\"" + ALICE + "\",\"kind\":\"ink\"}");
    assertThat(KekResolver.tokenLabel(b.domain().record())).isEqualTo("kek-t2");
    assertSameKeys(atA, keySet(b, t));
    for (ProtectionKeyRecord k : b.store().protectionKeys()) {
      assertThat(a.domain().openProtectionKey(k.keyId(), k.sealedKey(), 32).length()).isEqualTo(32);
      assertThat(b.domain().openProtectionKey(k.keyId(), k.sealedKey(), 32).length()).isEqualTo(32);
    }

    // A restart with the old label is refused until the configuration names the new key.
    stop(b);
    assertThat(startFailure(shared.apply(node("b")))).contains("sealed by key 'kek-t2'");
    KmsServer b2 = start(shared.apply(node("b")).set(ConfigKey.SEAL_PKCS11_KEY_LABEL, "kek-t2"));
    assertSameKeys(atA, keySet(b2, t));
  }
}

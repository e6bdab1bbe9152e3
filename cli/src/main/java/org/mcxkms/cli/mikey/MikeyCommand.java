package org.mcxkms.cli.mikey;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.crypto.SecretBytes;
import org.mcxkms.crypto.eccsi.EccsiKmsKey;
import org.mcxkms.crypto.eccsi.IssuedEccsiKey;
import org.mcxkms.crypto.sakke.Rsk;
import org.mcxkms.crypto.sakke.SakkeKmsKey;
import org.mcxkms.crypto.uid.KeyPeriodPolicy;
import org.mcxkms.kms.client.profile.KeyProfile;
import org.mcxkms.kms.client.redirect.KrrCredentials;
import org.mcxkms.kms.client.redirect.Refusals;
import org.mcxkms.kms.protocol.KrrCredential;
import org.mcxkms.mcx.keys.ProfileKeyRing;
import org.mcxkms.mikey.CreatedIMessage;
import org.mcxkms.mikey.KeyDistribution;
import org.mcxkms.mikey.KeyPurpose;
import org.mcxkms.mikey.KeyStatusRule;
import org.mcxkms.mikey.KmsDirectory;
import org.mcxkms.mikey.KmsParameters;
import org.mcxkms.mikey.MikeyException;
import org.mcxkms.mikey.MikeyRejectedException;
import org.mcxkms.mikey.MikeySakkeInitiator;
import org.mcxkms.mikey.MikeySakkeResponder;
import org.mcxkms.mikey.MikeyText;
import org.mcxkms.mikey.ReceivedKey;
import org.mcxkms.mikey.StaticKeyRing;
import org.mcxkms.mikey.UserKeyRing;
import org.mcxkms.mikey.wire.ByteString;
import org.mcxkms.mikey.wire.IMessage;
import org.mcxkms.mikey.wire.IdrPayload;
import org.mcxkms.mikey.wire.MikeyConstants;
import org.mcxkms.mikey.wire.MikeyReader;
import org.mcxkms.mikey.wire.ParsedIMessage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/**
 * {@code mcx-kms mikey}: create and read MIKEY-SAKKE I_MESSAGEs (TS 33.180 Annex E). The key
 * material comes from a key management client profile ({@code --profile DIR}, made by {@code
 * mcx-kms client}; see {@link ProfileKeyRing}) or from an explicit key material file ({@code
 * --keys}, {@link KeyMaterialFile}); other KMSs come from the profile's certificate cache or from
 * KMS files ({@code --receiver-kms}, {@code --trust-kms}).
 */
@Command(
    name = "mikey",
    mixinStandardHelpOptions = true,
    description = "Create and read MIKEY-SAKKE I_MESSAGEs (GMK, PCK, CSK, MuSiK, MKFC).",
    subcommands = {MikeyCommand.Create.class, MikeyCommand.Read.class, MikeyCommand.DemoKeys.class})
public final class MikeyCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  private static Clock clock(String time) {
    return time == null ? Clock.systemUTC() : Clock.fixed(Instant.parse(time), ZoneOffset.UTC);
  }

  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Build and sign an I_MESSAGE; prints 'mikey <base64>' and the decoded message.")
  static final class Create implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--type", required = true, description = "gmk, pck, csk, musik or mkfc")
    String type;

    @Option(names = "--keys", description = "the sender's key material file (or use --profile)")
    Path keys;

    @CommandLine.Mixin ProfileSource profile = new ProfileSource();

    @Option(names = "--receiver-kms-uri", paramLabel = "URI",
        description = "with --profile: the receiver's KMS, taken from the profile's certificate cache (default: the home KMS)")
    String receiverKmsUri;

    @Option(names = "--to", required = true, description = "receiver URI (member MC Service ID, callee, MDSI...)")
    String receiver;

    @Option(names = "--receiver-kms", description = "KMS file of the receiver's KMS (default: the sender's KMS)")
    Path receiverKms;

    @Option(names = "--key", description = "the key in hex (default: 16 random octets)")
    String keyHex;

    @Option(names = "--key-id", description = "the key ID in hex, purpose tag in the top 4 bits (default: random)")
    String keyIdHex;

    @Option(names = "--rand", description = "RAND in hex (default: 16 random octets)")
    String randHex;

    @Option(names = "--time", description = "the time of T, ISO-8601 (default: now)")
    String time;

    @Option(names = "--cs-id-map", description = "generic or empty (default per type: GMK/CSK/MuSiK generic, PCK/MKFC empty)")
    String map;

    @Option(names = "--sakke-to-self", description = "add GENERAL EXTENSION 6 for the sender's other devices")
    boolean sakkeToSelf;

    @Option(names = "--no-key-parameters", description = "omit GENERAL EXTENSION 7")
    boolean noKeyParameters;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Option(names = "--show-key", description = "also print the key and key ID (secret!)")
    boolean showKey;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      SecureRandom random = new SecureRandom();
      if ((keys == null) == !profile.given()) {
        throw new CommandLine.ParameterException(spec.commandLine(), "give exactly one of --keys FILE and --profile DIR");
      }
      if (profile.given()) {
        try (KeyProfile p = profile.open()) {
          ProfileKeyRing ring = ProfileKeyRing.of(p, profile.identity(p));
          KmsParameters rk = receiverKms != null ? KeyMaterialFile.load(receiverKms).kms()
              : receiverKmsUri == null ? ring.kms()
              : ring.trustedKmss().stream().filter(k -> k.kmsUri().equals(receiverKmsUri)).findFirst()
                  .orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(),
                      "no certificate of KMS " + receiverKmsUri + " in the profile (run 'mcx-kms client certcache')"));
          return create(out, random, ring, rk);
        }
      }
      StaticKeyRing sender = KeyMaterialFile.load(keys).keyRing(false);
      KmsParameters rk = receiverKms == null ? sender.kms() : KeyMaterialFile.load(receiverKms).kms();
      return create(out, random, sender, rk);
    }

    private int create(PrintWriter out, SecureRandom random, UserKeyRing sender, KmsParameters rk)
        throws MikeyException {
      KeyPurpose purpose = KeyPurpose.valueOf(type.toUpperCase(java.util.Locale.ROOT));
      SecretBytes key = keyHex == null
          ? KeyDistribution.newKey(random)
          : SecretBytes.copyOf(HexFormat.of().parseHex(keyHex), SecretAccess.get());
      int keyId = keyIdHex == null ? KeyDistribution.newKeyId(purpose, random) : Integer.parseUnsignedInt(keyIdHex, 16);
      KeyDistribution.Builder b;
      switch (purpose) {
        case GMK: b = KeyDistribution.gmk(key, keyId); break;
        case PCK: b = KeyDistribution.pck(key, keyId); break;
        case CSK: b = KeyDistribution.csk(key, keyId); break;
        case MUSIK: b = KeyDistribution.musik(key, keyId); break;
        case MKFC: b = KeyDistribution.mkfc(key, keyId); break;
        default: throw new CommandLine.ParameterException(spec.commandLine(), "unsupported --type " + type);
      }
      b.to(receiver, rk).sakkeToSelf(sakkeToSelf);
      if (map != null) {
        b.csIdMap("empty".equalsIgnoreCase(map) ? KeyDistribution.CsIdMapStyle.EMPTY : KeyDistribution.CsIdMapStyle.GENERIC_ID);
      }
      if (randHex != null) {
        b.rand(ByteString.fromHex(randHex));
      }
      if (noKeyParameters) {
        b.keyParameters(Optional.empty());
      }
      CreatedIMessage m = MikeySakkeInitiator.create(sender, clock(time), random).create(b.build());
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("imessage", m.toText());
      if (showKey) {
        result.put("key", HexFormat.of().formatHex(key.toByteArray(SecretAccess.get())));
        result.put("keyId", Describe.hex32(keyId));
      }
      result.put("decoded", Describe.message(m.message(), m.encoded().length));
      if (json) {
        out.println(Json.write(result));
      } else {
        out.println(m.toText());
        result.remove("imessage");
        out.print(Describe.text(result));
      }
      out.flush();
      return 0;
    }
  }

  @Command(name = "read", mixinStandardHelpOptions = true,
      description = "Decode an I_MESSAGE; with --keys also verify it and extract the key as its responder.")
  static final class Read implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", description = "the message ('mikey <base64>' or base64); '-' or absent: stdin")
    String message;

    @Option(names = "--keys", description = "the receiver's key material file (process as responder)")
    Path keys;

    @CommandLine.Mixin ProfileSource profile = new ProfileSource();

    @Option(names = "--trust-kms", description = "KMS files of other KMSs whose users may send (repeatable)")
    List<Path> trustKms = new ArrayList<>();

    @Option(names = "--from", description = "the expected initiator URI")
    String from;

    @Option(names = "--time", description = "our clock, ISO-8601 (default: now)")
    String time;

    @Option(names = "--window", description = "freshness window in seconds (default 300)")
    Long windowSeconds;

    @Option(names = "--no-freshness", description = "do not check T (for recorded messages)")
    boolean noFreshness;

    @Option(names = "--key-status-rule", description = "not-revoked-flag (default, Streamwide) or ignore (Alea)")
    String statusRule = "not-revoked-flag";

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Option(names = "--show-key", description = "print the extracted key (secret!)")
    boolean showKey;

    @Option(names = "--krr-out", paramLabel = "FILE", description = {
        "when the I_MESSAGE's KMS (IDRkmsi) is not accepted (UNKNOWN_KMS), write the signed KMS Redirect Response",
        "to return (TS 33.180 D.4) to FILE"})
    Path krrOut;

    @Option(names = "--krr-key", paramLabel = "PEM", description = "KRR signing key, PKCS#8 (default: krr.key in --profile)")
    Path krrKey;

    @Option(names = "--krr-cert", paramLabel = "PEM", description = "its X.509 certificate chain (default: krr.pem in --profile)")
    Path krrCert;

    /** The KMS URIs this receiver accepts: those it was given to trust. */
    private final List<String> acceptedKms = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      String text = message == null || "-".equals(message)
          ? new String(System.in.readAllBytes(), StandardCharsets.US_ASCII)
          : message;
      byte[] bytes = MikeyText.decode(text);
      Map<String, Object> result = new LinkedHashMap<>();
      ParsedIMessage parsed = null;
      try {
        parsed = MikeyReader.read(bytes);
        result.put("decoded", Describe.message(parsed.message(), bytes.length));
        if (keys != null && profile.given()) {
          throw new CommandLine.ParameterException(spec.commandLine(), "give at most one of --keys FILE and --profile DIR");
        }
        if (keys != null || profile.given()) {
          try (KeyProfile opened = profile.given() ? profile.open() : null) {
            result.put("accepted", Describe.received(respond(bytes, opened), showKey));
          }
        }
      } catch (MikeyException e) {
        result.put("rejected", e.getMessage());
        if (krrOut != null && parsed != null && e instanceof MikeyRejectedException r
            && r.reason() == MikeyRejectedException.Reason.UNKNOWN_KMS) {
          result.put("krr", writeKrr(parsed).toString());
        }
        print(out, result);
        err.println("mikey read: " + e.getMessage());
        err.flush();
        return 1;
      }
      print(out, result);
      return 0;
    }

    /** Processes the message as its responder with the key material of --profile or --keys. */
    private ReceivedKey respond(byte[] bytes, KeyProfile opened) throws Exception {
      UserKeyRing me;
      List<KmsParameters> trusted = new ArrayList<>();
      if (opened != null) {
        ProfileKeyRing ring = ProfileKeyRing.of(opened, profile.identity(opened));
        me = ring;
        trusted.addAll(ring.trustedKmss());
      } else {
        me = KeyMaterialFile.load(keys).keyRing(true);
        trusted.add(me.kms());
      }
      for (Path p : trustKms) {
        trusted.add(KeyMaterialFile.load(p).kms());
      }
      trusted.forEach(k -> acceptedKms.add(k.kmsUri()));
      MikeySakkeResponder.Builder rb = MikeySakkeResponder.builder(me)
          .clock(clock(time))
          .kmsDirectory(KmsDirectory.of(trusted.toArray(new KmsParameters[0])))
          .keyStatusRule("ignore".equalsIgnoreCase(statusRule) ? KeyStatusRule.IGNORE_STATUS : KeyStatusRule.NOT_REVOKED_FLAG);
      if (noFreshness) {
        rb.disableFreshnessCheck();
      } else if (windowSeconds != null) {
        rb.freshnessWindow(Duration.ofSeconds(windowSeconds));
      }
      return rb.build().process(bytes, Optional.ofNullable(from));
    }

    /**
     * The KRR refusing the I_MESSAGE's KMS (TS 33.180 5.2.8, D.4.1), signed with this receiver's
     * X.509 credential, written to --krr-out; returns that path.
     */
    private Path writeKrr(ParsedIMessage parsed) throws IOException {
      Path key = krrKey != null ? krrKey : profile.dir == null ? null : profile.dir.resolve(KrrCredentials.KEY_FILE);
      Path cert = krrCert != null ? krrCert : profile.dir == null ? null : profile.dir.resolve(KrrCredentials.CERT_FILE);
      if (key == null || cert == null) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--krr-out needs --krr-key and --krr-cert (or --profile)");
      }
      KrrCredential me = KrrCredentials.load(key, cert);
      IMessage m = parsed.message();
      String rejected = m.idr(MikeyConstants.ROLE_IDRKMSI).map(IdrPayload::dataAsString).orElseThrow();
      String initiator = from != null ? from
          : m.idr(MikeyConstants.ROLE_IDRI).map(IdrPayload::dataAsString).orElse("urn:mcx-kms:unknown-initiator");
      Files.write(krrOut, Refusals.refuse(me, initiator, rejected, acceptedKms, Instant.now(), List.of()));
      return krrOut;
    }

    private void print(PrintWriter out, Map<String, Object> result) {
      out.print(json ? Json.write(result) + "\n" : Describe.text(result));
      out.flush();
    }
  }

  @Command(name = "demo-keys", mixinStandardHelpOptions = true,
      description = "Make a throw-away test KMS and key material files for some users (for trying the commands).")
  static final class DemoKeys implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", required = true, description = "directory for kms.properties and one file per user")
    Path out;

    @Option(names = "--kms-uri", defaultValue = "kms.example.org")
    String kmsUri;

    @Option(names = "--period", defaultValue = "2592000", description = "UserKeyPeriod in seconds")
    long period;

    @Option(names = "--time", description = "issue for the key period of this time, ISO-8601 (default: now)")
    String time;

    @Parameters(arity = "1..*", description = "user URIs, e.g. sip:alice@example.org")
    List<String> users;

    @Override
    public Integer call() throws IOException {
      SecureRandom random = new SecureRandom();
      EccsiKmsKey eccsi = EccsiKmsKey.generate(random);
      SakkeKmsKey sakke = SakkeKmsKey.generate(random);
      KmsParameters kms = new KmsParameters(kmsUri, KeyPeriodPolicy.of(period, 0), eccsi.kpak(), sakke.publicKey());
      long n = kms.periodPolicy().periodNumber(clock(time).instant());
      HexFormat hex = HexFormat.of();
      Files.createDirectories(out);
      Properties k = new Properties();
      k.setProperty("kms.uri", kmsUri);
      k.setProperty("kms.period", Long.toString(period));
      k.setProperty("kms.offset", "0");
      k.setProperty("kms.kpak", hex.formatHex(kms.kpak().toByteArray()));
      k.setProperty("kms.z", hex.formatHex(kms.z().toByteArray()));
      KeyMaterialFile.write(out.resolve("kms.properties"), k, "demo KMS " + kmsUri + " (public parameters)");
      PrintWriter pw = spec.commandLine().getOut();
      for (String uri : users) {
        Properties u = (Properties) k.clone();
        u.setProperty("user.uri", uri);
        for (long p = n; p <= n + 1; p++) {
          byte[] uid = kms.uid(uri, p).toByteArray();
          IssuedEccsiKey e = eccsi.deterministicIssuer().issue(uid);
          Rsk rsk = sakke.rskIssuer().issue(uid);
          u.setProperty("key." + p + ".ssk", hex.formatHex(e.ssk().toSecretBytes().toByteArray(SecretAccess.get())));
          u.setProperty("key." + p + ".pvt", hex.formatHex(e.pvt().toByteArray()));
          u.setProperty("key." + p + ".rsk", hex.formatHex(rsk.toSecretBytes().toByteArray(SecretAccess.get())));
        }
        Path file = out.resolve(fileName(uri));
        KeyMaterialFile.write(file, u, "demo key material of " + uri + ", key periods " + n + " and " + (n + 1) + " (SECRET)");
        pw.println(file);
      }
      pw.flush();
      return 0;
    }

    static String fileName(String uri) {
      return uri.replaceAll("^[a-z]+:", "").replaceAll("[^A-Za-z0-9._-]", "_") + ".properties";
    }
  }
}

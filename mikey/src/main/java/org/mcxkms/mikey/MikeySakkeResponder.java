package org.mcxkms.mikey;

import static org.mcxkms.mikey.MikeyRejectedException.Reason.*;
import static org.mcxkms.mikey.wire.MikeyConstants.*;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicLong;
import org.mcxkms.crypto.DecapsulationException;
import org.mcxkms.crypto.InvalidEncodingException;
import org.mcxkms.crypto.SecretBytes;
import org.mcxkms.crypto.SignatureVerificationException;
import org.mcxkms.crypto.eccsi.Eccsi;
import org.mcxkms.crypto.eccsi.EccsiVerifier;
import org.mcxkms.crypto.sakke.SakkeDecapsulation;
import org.mcxkms.crypto.sakke.SakkeReceiverKey;
import org.mcxkms.crypto.uid.NtpTime;
import org.mcxkms.crypto.uid.Uid;
import org.mcxkms.mikey.kdf.MikeyKdf;
import org.mcxkms.mikey.wire.ByteString;
import org.mcxkms.mikey.wire.CsIdMap;
import org.mcxkms.mikey.wire.GeneralExtensionPayload;
import org.mcxkms.mikey.wire.IMessage;
import org.mcxkms.mikey.wire.IdrPayload;
import org.mcxkms.mikey.wire.KeyParameters;
import org.mcxkms.mikey.wire.KeyParametersExtension;
import org.mcxkms.mikey.wire.MikeyParseException;
import org.mcxkms.mikey.wire.MikeyReader;
import org.mcxkms.mikey.wire.ParsedIMessage;
import org.mcxkms.mikey.wire.SakkePayload;

/**
 * Receives MIKEY-SAKKE I_MESSAGEs for one MC identity (TS 33.180 Annex E, RFC 6509).
 *
 * <p>In order, cheapest first: strict parse; T within the freshness window; the responder identity
 * (IDRuidr must be this user's UID for the key period of T or an adjacent one, IDRkmsr this user's
 * KMS); the initiator's KMS (IDRkmsi) among the trusted ones; the ECCSI signature under the
 * initiator's UID and that KMS's KPAK (over HDR..SIGN header; the known vendor variant without the
 * SIGN header is accepted on receipt); not a replay; SAKKE decapsulation with the RSK of the
 * matching period; GENERAL EXTENSION 7 decrypted under DPCK and its status honoured; the GMK-ID
 * recovered from the GUK-ID. Only then is the message remembered in the replay cache.
 *
 * <p>If IDRuidr is not this user but IDRuidi is and GENERAL EXTENSION 6 is present, the message was
 * sent by another device of this same user, and the key is opened from the SAKKE-to-self payload
 * (TS 33.180 E.5).
 */
public final class MikeySakkeResponder {
  /**
   * Name under which {@link #strippedGrCount()} is exported as a metric: SAKKE payloads accepted
   * only because their sender hashed g^r without its leading zero octets.
   */
  public static final String STRIPPED_GR_METRIC = "mcx_mikey_sakke_stripped_gr_total";

  /** Default freshness window: T may differ from our clock by this much either way. */
  public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);

  private final UserKeyRing self;
  private final KmsDirectory kmsDirectory;
  private final Clock clock;
  private final Duration window; // null: disabled
  private final ReplayCache replayCache;
  private final KeyStatusRule statusRule;
  private final boolean acceptVendorSignatureVariant;
  private final boolean acceptStrippedSakkeGr;
  private final AtomicLong strippedGr = new AtomicLong();

  private MikeySakkeResponder(Builder b) {
    this.self = b.self;
    this.kmsDirectory = b.kmsDirectory != null ? b.kmsDirectory : KmsDirectory.of(b.self.kms());
    this.clock = b.clock;
    this.window = b.window;
    this.replayCache = b.replayCache != null
        ? b.replayCache
        : new BoundedReplayCache(BoundedReplayCache.DEFAULT_CAPACITY, b.clock, b.window == null);
    this.statusRule = b.statusRule;
    this.acceptVendorSignatureVariant = b.acceptVendorSignatureVariant;
    this.acceptStrippedSakkeGr = b.acceptStrippedSakkeGr;
  }

  /**
   * How many SAKKE payloads (including SAKKE-to-self) this responder opened only with g^r hashed
   * without its leading zero octets ({@link #STRIPPED_GR_METRIC}). Counted when decapsulation
   * succeeds, even if a later check refuses the message.
   */
  public long strippedGrCount() {
    return strippedGr.get();
  }

  public static Builder builder(UserKeyRing self) {
    return new Builder(self);
  }

  /** Processes an I_MESSAGE whose initiator is not known in advance (identity hiding, E.7). */
  public ReceivedKey process(byte[] message) throws MikeyException {
    return process(message, Optional.empty());
  }

  /**
   * Processes an I_MESSAGE and requires that its initiator be {@code expectedSender} (for example
   * the GMS URI from the group document, or the caller from SIP): its UID for the key period of T,
   * or an adjacent one, must be the one in IDRuidi.
   */
  public ReceivedKey process(byte[] message, Optional<String> expectedSender) throws MikeyException {
    ParsedIMessage parsed = MikeyReader.read(message);
    IMessage m = parsed.message();
    NtpTime t = m.timestamp().orElseThrow().time(clock.instant());
    checkFreshness(t);
    int csb = m.header().csbId();
    KeyPurpose purpose = KeyPurpose.ofKeyId(csb).orElseThrow(() ->
        new MikeyRejectedException(UNKNOWN_PURPOSE, "CSB ID purpose tag " + (csb >>> 28) + " is not defined"));
    Recipient me = recipient(m, t);
    KmsParameters senderKms = senderKms(m);
    Optional<String> senderUri = expectedSender.or(() -> m.idr(ROLE_IDRI).map(IdrPayload::dataAsString));
    List<Uid> candidates = senderCandidates(m, senderKms, t, senderUri, expectedSender);
    VerifiedSender sender = verifySignature(parsed, senderKms, candidates);
    ByteString digest = sha256(parsed.signedOctets());
    if (replayCache.contains(digest)) {
      throw new MikeyRejectedException(REPLAY, "this I_MESSAGE was accepted before");
    }

    SecretBytes key = openKey(m, me);
    Optional<KeyParameters> params = keyParameters(m, key, csb, purpose);
    if (params.isPresent() && statusRule.revoked(params.get())) {
      key.destroy();
      throw new MikeyRejectedException(KEY_REVOKED, "the key parameters mark the key revoked (status "
          + Long.toHexString(params.get().status()) + ")");
    }
    int keyId = csb;
    OptionalInt gukId = OptionalInt.empty();
    if (purpose.usesGukId()) {
      // The member recovers the GMK-ID with its own MC Service ID (TS 33.180 5.2.3); a device of the
      // GMS itself (SAKKE-to-self) would need the member's URI, which the message hides, so it
      // takes the GMK-ID from a GMK-ID || GUK-ID SPI when there is one.
      gukId = OptionalInt.of(csb);
      keyId = me.toSelf() ? gmkIdFromSpi(m, csb).orElse(csb) : MikeyKdf.gmkIdFromGukId(key, csb, self.uri());
    }
    checkSpis(m, purpose, keyId, csb, key);

    Instant expiry = window == null ? Instant.MAX : t.toInstant().plus(window);
    if (!replayCache.add(digest, expiry)) {
      key.destroy();
      throw new MikeyRejectedException(REPLAY, "this I_MESSAGE was accepted before");
    }
    return new ReceivedKey(purpose, key, keyId, csb, gukId, m.rand().orElseThrow().rand(), m.header().csIdMap(),
        m.securityPolicies(), t, sender.uid(), senderUri, senderKms.kmsUri(), me.period(), params, sender.vendorVariant(),
        me.toSelf());
  }

  /** This user's key period the message is for, and whether it came from our own other device. */
  private record Recipient(long period, boolean toSelf) {}

  /** The initiator UID the signature verified under, and whether only the vendor variant verified. */
  private record VerifiedSender(Uid uid, boolean vendorVariant) {}

  private void checkFreshness(NtpTime t) throws MikeyRejectedException {
    if (window == null) {
      return;
    }
    Duration skew = Duration.between(clock.instant(), t.toInstant()).abs();
    if (skew.compareTo(window) > 0) {
      throw new MikeyRejectedException(STALE, "T is " + t.toInstant() + ", " + skew.toSeconds()
          + " s from our clock; the window is " + window.toSeconds() + " s");
    }
  }

  /**
   * IDRkmsr must be our KMS; IDRuidr (or a plain IDRr) must be our UID for T's key period or an
   * adjacent one. Failing that, IDRuidi with a SAKKE-to-self extension means our own other device.
   */
  private Recipient recipient(IMessage m, NtpTime t) throws MikeyRejectedException {
    KmsParameters own = self.kms();
    Optional<IdrPayload> kmsr = m.idr(ROLE_IDRKMSR);
    if (kmsr.isPresent() && !kmsr.get().dataAsString().equals(own.kmsUri())) {
      throw new MikeyRejectedException(NOT_FOR_ME, "IDRkmsr names another KMS");
    }
    long p = own.periodPolicy().periodNumber(t);
    OptionalInt match = matchPeriod(m.idr(ROLE_IDRUIDR), m.idr(ROLE_IDRR), self.uri(), own, p);
    if (match.isPresent()) {
      return new Recipient(p + match.getAsInt(), false);
    }
    if (m.generalExtension(EXT_SAKKE_TO_SELF).isPresent()) {
      match = matchPeriod(m.idr(ROLE_IDRUIDI), m.idr(ROLE_IDRI), self.uri(), own, p);
      if (match.isPresent()) {
        return new Recipient(p + match.getAsInt(), true);
      }
    }
    if (m.idr(ROLE_IDRUIDR).isEmpty() && m.idr(ROLE_IDRR).isEmpty()) {
      throw new MikeyRejectedException(INCOMPLETE, "no responder identity (IDRuidr or IDRr)");
    }
    throw new MikeyRejectedException(NOT_FOR_ME,
        "the responder identity is not " + self.uri() + " in key periods " + (p - 1) + ".." + (p + 1));
  }

  /** The initiator's KMS from IDRkmsi; without IDRkmsi the initiator is taken to share our KMS. */
  private KmsParameters senderKms(IMessage m) throws MikeyRejectedException {
    Optional<IdrPayload> kmsi = m.idr(ROLE_IDRKMSI);
    if (kmsi.isEmpty()) {
      return self.kms();
    }
    String uri = kmsi.get().dataAsString();
    return kmsDirectory.find(uri)
        .orElseThrow(() -> new MikeyRejectedException(UNKNOWN_KMS, "IDRkmsi " + uri + " is not a trusted KMS"));
  }

  /**
   * The UIDs the signature may be under: IDRuidi (which must be the UID of the known initiator URI
   * for T's key period or an adjacent one, when a URI is known), else the UIDs of IDRi's URI.
   */
  private static List<Uid> senderCandidates(IMessage m, KmsParameters kms, NtpTime t, Optional<String> senderUri,
      Optional<String> expectedSender) throws MikeyRejectedException {
    long p = kms.periodPolicy().periodNumber(t);
    Optional<IdrPayload> idri = m.idr(ROLE_IDRI);
    if (expectedSender.isPresent() && idri.isPresent() && !idri.get().dataAsString().equals(expectedSender.get())) {
      throw new MikeyRejectedException(SENDER_MISMATCH, "IDRi is not " + expectedSender.get());
    }
    Optional<IdrPayload> uidi = m.idr(ROLE_IDRUIDI);
    if (uidi.isPresent()) {
      Uid claimed = Uid.of(uidi.get().data().toByteArray());
      if (senderUri.isPresent() && !candidateUids(senderUri.get(), kms, p).contains(claimed)) {
        throw new MikeyRejectedException(SENDER_MISMATCH, "IDRuidi is not the UID of " + senderUri.get()
            + " in key periods " + (p - 1) + ".." + (p + 1));
      }
      return List.of(claimed);
    }
    if (senderUri.isPresent()) {
      return candidateUids(senderUri.get(), kms, p);
    }
    throw new MikeyRejectedException(INCOMPLETE, "no initiator identity (IDRuidi or IDRi)");
  }

  /** ECCSI over HDR..SIGN header; the vendor variant without the SIGN header if allowed. */
  private VerifiedSender verifySignature(ParsedIMessage parsed, KmsParameters kms, List<Uid> candidates)
      throws MikeyRejectedException {
    byte[] signed = parsed.signedOctets();
    byte[] signature = parsed.message().signature().signature().toByteArray();
    for (Uid candidate : candidates) {
      EccsiVerifier v = Eccsi.verifier(kms.kpak(), candidate.toByteArray());
      if (verifies(v, signed, signature)) {
        return new VerifiedSender(candidate, false);
      }
      if (acceptVendorSignatureVariant && verifies(v, parsed.signedOctetsWithoutSignHeader(), signature)) {
        return new VerifiedSender(candidate, true);
      }
    }
    throw new MikeyRejectedException(BAD_SIGNATURE, "the ECCSI signature does not verify for the initiator");
  }

  /** SAKKE decapsulation (or SAKKE-to-self) with our RSK of the matching key period. */
  private SecretBytes openKey(IMessage m, Recipient me) throws MikeyException {
    KmsParameters own = self.kms();
    SakkeReceiverKey rsk = self.receiverKey(me.period()).orElseThrow(() ->
        new MikeyRejectedException(NO_KEY_FOR_PERIOD, "no RSK for key period " + me.period()));
    if (!Arrays.equals(rsk.identifier(), own.uid(self.uri(), me.period()).toByteArray())) {
      throw new MikeyRejectedException(NO_KEY_FOR_PERIOD, "the RSK held for key period " + me.period() + " is not for this user");
    }
    SakkePayload sakke = me.toSelf()
        ? MikeyReader.sakkeToSelf(m.generalExtension(EXT_SAKKE_TO_SELF).orElseThrow())
        : m.sakke().orElseThrow();
    try {
      if (!acceptStrippedSakkeGr) {
        return rsk.decapsulator().decapsulate(sakke.data().toByteArray());
      }
      // Deployed senders that hash g^r as a minimal integer (not the 128 octets of RFC 6508 2.2)
      // are accepted: the RFC form is tried first and the recomputed R authenticates either form.
      SakkeDecapsulation d = rsk.tolerantDecapsulator().decapsulate(sakke.data().toByteArray());
      if (d.strippedGr()) {
        strippedGr.incrementAndGet();
      }
      return d.ssv();
    } catch (InvalidEncodingException | DecapsulationException e) {
      throw new MikeyRejectedException(DECAPSULATION_FAILED, e.getMessage(), e);
    }
  }

  /** Offset (-1, 0, +1) of the key period whose UID of {@code uri} is in {@code uidIdr}, or whose URI is in {@code uriIdr}. */
  private static OptionalInt matchPeriod(
      Optional<IdrPayload> uidIdr, Optional<IdrPayload> uriIdr, String uri, KmsParameters kms, long p) {
    if (uidIdr.isPresent()) {
      ByteString claimed = uidIdr.get().data();
      for (int d : new int[] {0, -1, 1}) {
        if (p + d >= 0 && claimed.constantTimeEquals(ByteString.of(kms.uid(uri, p + d).toByteArray()))) {
          return OptionalInt.of(d);
        }
      }
      return OptionalInt.empty();
    }
    if (uriIdr.isPresent() && uriIdr.get().dataAsString().equals(uri)) {
      return OptionalInt.of(0);
    }
    return OptionalInt.empty();
  }

  /**
   * A GENERIC-ID SPI is the SRTP MKI (TS 33.180 E.1.2 as Streamwide sends it): GMK-ID || GUK-ID for a
   * GMK, the key ID otherwise. A different value would key the media under the wrong MKI, so it is
   * refused. Empty SPIs are allowed.
   */
  private static void checkSpis(IMessage m, KeyPurpose purpose, int keyId, int csb, SecretBytes key)
      throws MikeyRejectedException {
    if (!(m.header().csIdMap() instanceof CsIdMap.GenericId generic)) {
      return;
    }
    ByteString expected = purpose.usesGukId() ? MikeyKdf.gmkMki(keyId, csb) : MikeyKdf.keyIdMki(keyId);
    for (CsIdMap.GenericIdEntry e : generic.entries()) {
      if (e.spi().size() > 0 && !e.spi().equals(expected)) {
        key.destroy();
        throw new MikeyRejectedException(INCONSISTENT_KEY_ID,
            "the SPI of CS ID " + e.csId() + " is " + e.spi().hex() + ", not the MKI " + expected.hex() + " of this key");
      }
    }
  }

  /** GMK-ID from a GENERIC-ID SPI of the form GMK-ID || GUK-ID (Streamwide), for SAKKE-to-self. */
  private static OptionalInt gmkIdFromSpi(IMessage m, int gukId) {
    if (m.header().csIdMap() instanceof CsIdMap.GenericId generic) {
      for (CsIdMap.GenericIdEntry e : generic.entries()) {
        byte[] spi = e.spi().toByteArray();
        if (spi.length == 8 && ByteBuffer.wrap(spi).getInt(4) == gukId) {
          return OptionalInt.of(ByteBuffer.wrap(spi).getInt(0));
        }
      }
    }
    return OptionalInt.empty();
  }

  private static List<Uid> candidateUids(String uri, KmsParameters kms, long p) {
    List<Uid> out = new ArrayList<>(3);
    for (int d : new int[] {0, -1, 1}) {
      if (p + d >= 0) {
        out.add(kms.uid(uri, p + d));
      }
    }
    return out;
  }

  private static boolean verifies(EccsiVerifier v, byte[] message, byte[] signature) {
    try {
      v.verify(message, signature);
      return true;
    } catch (InvalidEncodingException | SignatureVerificationException e) {
      return false;
    }
  }

  private Optional<KeyParameters> keyParameters(IMessage m, SecretBytes key, int csb, KeyPurpose purpose)
      throws MikeyException {
    Optional<GeneralExtensionPayload> ext = m.generalExtension(EXT_KEY_PARAMETERS);
    if (ext.isEmpty()) {
      return Optional.empty();
    }
    KeyParametersExtension kpe = MikeyReader.keyParameters(ext.get());
    KeyParameters kp;
    if (kpe instanceof KeyParametersExtension.Protected protectedParameters) {
      try {
        kp = KeyParametersCipher.open(key, csb, protectedParameters);
      } catch (MikeyRejectedException e) {
        key.destroy(); // TS 33.180 E.6.1: a key whose parameters fail to decrypt is rejected
        throw e;
      }
    } else {
      kp = ((KeyParametersExtension.Legacy) kpe).parameters();
    }
    if (kp.keyType() != purpose.tag()) {
      key.destroy();
      throw new MikeyRejectedException(KEY_PARAMETERS_INVALID,
          "key parameters say key type " + kp.keyType() + " but the CSB ID carries purpose " + purpose);
    }
    return Optional.of(kp);
  }

  private static ByteString sha256(byte[] b) {
    try {
      return ByteString.of(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static final class Builder {
    private final UserKeyRing self;
    private KmsDirectory kmsDirectory;
    private Clock clock = Clock.systemUTC();
    private Duration window = DEFAULT_WINDOW;
    private ReplayCache replayCache;
    private KeyStatusRule statusRule = KeyStatusRule.NOT_REVOKED_FLAG;
    private boolean acceptVendorSignatureVariant = true;
    private boolean acceptStrippedSakkeGr = true;

    private Builder(UserKeyRing self) {
      this.self = Objects.requireNonNull(self, "self");
    }

    /** The KMSs whose users may send to us; default: only our own KMS. */
    public Builder kmsDirectory(KmsDirectory d) {
      this.kmsDirectory = Objects.requireNonNull(d);
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock);
      return this;
    }

    /** How far T may be from our clock, either way (default 5 minutes). */
    public Builder freshnessWindow(Duration window) {
      if (window.isNegative()) {
        throw new IllegalArgumentException("negative window");
      }
      this.window = window;
      return this;
    }

    /**
     * Turns the T check off (for replaying recorded vectors). The replay cache then never expires
     * entries and forgets the oldest when full, so replay protection is weaker: do not use in service.
     */
    public Builder disableFreshnessCheck() {
      this.window = null;
      return this;
    }

    public Builder replayCache(ReplayCache cache) {
      this.replayCache = Objects.requireNonNull(cache);
      return this;
    }

    public Builder keyStatusRule(KeyStatusRule rule) {
      this.statusRule = Objects.requireNonNull(rule);
      return this;
    }

    /** Whether to accept the vendor signature variant that excludes the SIGN header (default true). */
    public Builder acceptVendorSignatureVariant(boolean on) {
      this.acceptVendorSignatureVariant = on;
      return this;
    }

    /**
     * Whether to accept SAKKE data whose sender hashed g^r without its leading zero octets
     * (default true; RFC 6508 form first, see {@code TolerantSakkeDecapsulator}).
     */
    public Builder acceptStrippedSakkeGr(boolean on) {
      this.acceptStrippedSakkeGr = on;
      return this;
    }

    public MikeySakkeResponder build() {
      return new MikeySakkeResponder(this);
    }
  }
}

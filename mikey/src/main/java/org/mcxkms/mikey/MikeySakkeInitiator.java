package org.mcxkms.mikey;

import static org.mcxkms.mikey.wire.MikeyConstants.*;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.mcxkms.crypto.eccsi.EccsiSigner;
import org.mcxkms.crypto.eccsi.EccsiSigningKey;
import org.mcxkms.crypto.sakke.Sakke;
import org.mcxkms.crypto.uid.NtpTime;
import org.mcxkms.crypto.uid.Uid;
import org.mcxkms.mikey.kdf.MikeyKdf;
import org.mcxkms.mikey.wire.ByteString;
import org.mcxkms.mikey.wire.CommonHeader;
import org.mcxkms.mikey.wire.CsIdMap;
import org.mcxkms.mikey.wire.IMessage;
import org.mcxkms.mikey.wire.IdrPayload;
import org.mcxkms.mikey.wire.KeyParametersExtension;
import org.mcxkms.mikey.wire.MikeyWriter;
import org.mcxkms.mikey.wire.Payload;
import org.mcxkms.mikey.wire.RandPayload;
import org.mcxkms.mikey.wire.SakkePayload;
import org.mcxkms.mikey.wire.SakkeToSelf;
import org.mcxkms.mikey.wire.TimestampPayload;

/**
 * Builds and signs MIKEY-SAKKE I_MESSAGEs (RFC 6509 2.1, TS 33.180 E.1-E.7) for one sender:
 * the GMS distributing GMKs, a client sending a PCK or uploading a CSK, an MCX server downloading a
 * CSK or MuSiK.
 *
 * <p>Payload order as Streamwide writes it: HDR, T, RAND, IDRuidi, IDRuidr, IDRkmsi, IDRkmsr, SP,
 * SAKKE, GENERAL EXTENSION 7, [GENERAL EXTENSION 6], SIGN. T is the sender's clock (NTP-UTC), which
 * also selects the key period of both UIDs; RAND is 16 random octets; the signature covers HDR up to
 * and including the SIGN type/length field.
 */
public final class MikeySakkeInitiator {
  private final UserKeyRing sender;
  private final Clock clock;
  private final SecureRandom random;

  private MikeySakkeInitiator(UserKeyRing sender, Clock clock, SecureRandom random) {
    this.sender = Objects.requireNonNull(sender, "sender");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
  }

  public static MikeySakkeInitiator create(UserKeyRing sender, Clock clock, SecureRandom random) {
    return new MikeySakkeInitiator(sender, clock, random);
  }

  /**
   * Builds, encrypts and signs the I_MESSAGE for {@code d}.
   *
   * @throws IllegalStateException if the sender holds no signing key for the current key period
   */
  public CreatedIMessage create(KeyDistribution d) {
    NtpTime now = NtpTime.of(clock.instant());
    KmsParameters own = sender.kms();
    long senderPeriod = own.periodPolicy().periodNumber(now);
    EccsiSigningKey signingKey = sender.signingKey(senderPeriod).orElseThrow(() ->
        new IllegalStateException("no ECCSI signing key for " + sender.uri() + " in key period " + senderPeriod));
    Uid senderUid = own.uid(sender.uri(), senderPeriod);
    if (!Arrays.equals(signingKey.identifier(), senderUid.toByteArray())) {
      throw new IllegalStateException("the signing key of period " + senderPeriod + " is not for " + sender.uri());
    }
    KmsParameters rk = d.receiverKms();
    long receiverPeriod = rk.periodPolicy().periodNumber(now);
    Uid receiverUid = rk.uid(d.receiverUri(), receiverPeriod);

    int csbId = d.purpose().usesGukId() ? MikeyKdf.gukId(d.key(), d.keyId(), d.receiverUri()) : d.keyId();
    CsIdMap map;
    if (d.mapStyle() == KeyDistribution.CsIdMapStyle.EMPTY) {
      map = new CsIdMap.Empty();
    } else {
      ByteString spi = d.purpose().usesGukId() ? MikeyKdf.gmkMki(d.keyId(), csbId) : MikeyKdf.keyIdMki(d.keyId());
      int policyNo = d.policy().map(p -> p.policyNo()).orElse(0);
      map = new CsIdMap.GenericId(List.of(CsIdMap.GenericIdEntry.srtp(d.csId(), policyNo, spi)));
    }
    CommonHeader hdr = CommonHeader.sakkeIMessage(csbId, map);

    ByteString rand = d.rand().orElseGet(() -> {
      byte[] r = new byte[16];
      random.nextBytes(r);
      return ByteString.of(r);
    });
    List<Payload> payloads = new ArrayList<>();
    payloads.add(TimestampPayload.ntpUtc(now));
    payloads.add(new RandPayload(rand));
    payloads.add(new IdrPayload(ROLE_IDRUIDI, ID_TYPE_URI, ByteString.of(senderUid.toByteArray())));
    payloads.add(new IdrPayload(ROLE_IDRUIDR, ID_TYPE_URI, ByteString.of(receiverUid.toByteArray())));
    payloads.add(IdrPayload.uri(ROLE_IDRKMSI, own.kmsUri()));
    payloads.add(IdrPayload.uri(ROLE_IDRKMSR, rk.kmsUri()));
    d.policy().ifPresent(payloads::add);
    payloads.add(SakkePayload.uidScheme(Sakke.encapsulator(rk.z(), receiverUid.toByteArray()).encapsulate(d.key())));
    d.keyParameters().ifPresent(kp -> {
      // Date/time: the Unix seconds of T, as Alea sends (Streamwide sends 1; epoch UNCONFIRMED).
      long dateTime = now.seconds() - NtpTime.UNIX_EPOCH_OFFSET;
      payloads.add(KeyParametersCipher.seal(d.key(), csbId, kp, KeyParametersExtension.MESSAGE_TYPE_STREAMWIDE, dateTime, random)
          .toGeneralExtension());
    });
    if (d.sakkeToSelf()) {
      byte[] self = Sakke.encapsulator(own.z(), senderUid.toByteArray()).encapsulate(d.key());
      payloads.add(SakkeToSelf.encode(SakkePayload.uidScheme(self)));
    }
    EccsiSigner signer = signingKey.signer(random);
    IMessage m = MikeyWriter.writeSigned(hdr, payloads, SIGN_ECCSI, ECCSI_SIGNATURE_LENGTH, signer::sign);
    return new CreatedIMessage(m, MikeyWriter.write(m));
  }
}

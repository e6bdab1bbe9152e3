package org.mcxkms.kms.server.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mcxkms.kms.protocol.EncryptedKey;
import org.mcxkms.kms.protocol.KmsInit;
import org.mcxkms.kms.protocol.KmsKeyProv;
import org.mcxkms.kms.protocol.KmsMessage;
import org.mcxkms.kms.protocol.KmsProtocolException;
import org.mcxkms.kms.protocol.KmsProtocolException.Reason;
import org.mcxkms.kms.protocol.KmsRequest;
import org.mcxkms.kms.protocol.KmsResponse;
import org.mcxkms.kms.protocol.KmsXmlReader;
import org.mcxkms.kms.protocol.Received;
import org.mcxkms.kms.protocol.security.ProtectionKey;
import org.mcxkms.kms.protocol.security.SignaturePolicy;
import org.mcxkms.kms.protocol.security.TransportProtection;
import org.mcxkms.kms.server.error.KmsErrorCode;
import org.mcxkms.kms.server.error.KmsException;

/**
 * The Annex D security extension on the request path (TS 33.180 D.1-D.3), per request:
 *
 * <ol>
 *   <li>the caller's TrK/InK are looked up after authentication, so a request can only name the
 *       caller's own keys;
 *   <li>a {@code SignedKmsRequest} must verify (HMAC-SHA256) under one of them; a client with an
 *       InK must sign with the InK (D.2.2); a client the operator marked "required" must send a
 *       signed request and, if it holds a TrK, name it in {@code TrK-ID};
 *   <li>if the request named a TrK, the key material of the answer is encrypted under it and the
 *       response carries {@code TrK-ID}; pending keys of a rotation are added as
 *       {@code NewTransportKey}/{@code NewIntegrityKey} wrapped under the TrK;
 *   <li>a response to a request that used the extension is signed with the client's InK (its TrK
 *       when it has no InK). Error responses are not signed.
 * </ol>
 */
public final class SecurityExtension {
  private final ProtectionKeyService keys;
  private final TransportProtection protection;

  public SecurityExtension(ProtectionKeyService keys, TransportProtection protection) {
    this.keys = keys;
    this.protection = protection;
  }

  /** What one request did with the extension. */
  public final class Session {
    private ClientKeys client;
    private boolean used;
    private ProtectionKey trk;

    private Session(ClientKeys client) {
      this.client = client;
    }

    /** Refuses an empty body from a client that must sign its requests. */
    public void checkEmptyBodyAllowed() throws KmsException {
      if (client.required()) {
        throw refusal(Reason.SIGNATURE_REQUIRED, "this client must send a signed KmsRequest (security extension)");
      }
    }

    /** Reads the body under the caller's keys and applies the rules of the class comment. */
    public KmsRequest read(KmsXmlReader reader, byte[] body) throws KmsProtocolException, KmsException {
      SignaturePolicy policy = client.required() ? SignaturePolicy.required(client.resolver())
          : SignaturePolicy.ifSigned(client.resolver());
      Received<KmsRequest> r = reader.readRequest(body, policy);
      KmsRequest req = r.document();
      List<ProtectionKey> usedKeys = new ArrayList<>();
      if (r.isSigned()) {
        ProtectionKey by = r.signedBy().orElseThrow();
        if (by.kind() == ProtectionKey.Kind.TRANSPORT && client.hasIntegrityKey()) {
          throw refusal(Reason.SIGNATURE_INVALID, "signed with the TrK although the client has an InK (D.2.2)");
        }
        usedKeys.add(by);
        used = true;
      }
      if (req.trkId().isPresent()) {
        trk = client.transportKey(req.trkId().get()).orElseThrow(() -> refusal(Reason.UNKNOWN_KEY,
            "TrK-ID names no TrK of this client"));
        usedKeys.add(trk);
        used = true;
      } else if (client.required() && client.current(ProtectionKey.Kind.TRANSPORT).isPresent()) {
        throw refusal(Reason.MISSING_ELEMENT, "this client must name its TrK (TrK-ID): the operator requires"
            + " confidentiality of key material");
      }
      for (ProtectionKey k : usedKeys) {
        keys.used(client, k);
      }
      if (!usedKeys.isEmpty()) {
        client = keys.keysOf(client.identity());
      }
      return req;
    }

    /** Whether the request used the extension (then the answer is protected and signed). */
    public boolean used() {
      return used;
    }
  }

  /** The response as sent, and the key to sign it with (null: unsigned). */
  public record Protected(KmsResponse response, ProtectionKey signWith) {}

  public Session begin(String callerIdentity) throws KmsException {
    return new Session(keys.keysOf(callerIdentity));
  }

  /** Encrypts, adds rotated keys and picks the signing key, for a request that used the extension. */
  public Protected protect(Session s, KmsResponse out) {
    if (!s.used) {
      return new Protected(out, null);
    }
    ClientKeys c = s.client;
    KmsResponse.Builder b = out.toBuilder();
    Optional<ProtectionKey> wrapUnder = s.trk != null ? Optional.of(s.trk) : c.current(ProtectionKey.Kind.TRANSPORT);
    KmsMessage m = out.message().orElse(null);
    if (m instanceof KmsKeyProv && s.trk != null) {
      m = protection.encrypt((KmsKeyProv) m, s.trk);
      b.trkId(s.trk.id());
    }
    if (wrapUnder.isPresent() && (m instanceof KmsInit || m instanceof KmsKeyProv)) {
      List<EncryptedKey> newTrks = new ArrayList<>();
      List<EncryptedKey> newInks = new ArrayList<>();
      for (ProtectionKey k : c.pending(ProtectionKey.Kind.TRANSPORT)) {
        newTrks.add(protection.wrapNewKey(k, wrapUnder.get()));
      }
      for (ProtectionKey k : c.pending(ProtectionKey.Kind.INTEGRITY)) {
        newInks.add(protection.wrapNewKey(k, wrapUnder.get()));
      }
      if (!newTrks.isEmpty() || !newInks.isEmpty()) {
        m = withNewKeys(m, newTrks, newInks);
        b.trkId(wrapUnder.get().id());
      }
    }
    b.message(m);
    ProtectionKey signer = c.current(ProtectionKey.Kind.INTEGRITY)
        .orElse(s.trk != null ? s.trk : c.current(ProtectionKey.Kind.TRANSPORT).orElse(null));
    return new Protected(b.build(), signer);
  }

  private static KmsMessage withNewKeys(KmsMessage m, List<EncryptedKey> trks, List<EncryptedKey> inks) {
    if (m instanceof KmsInit) {
      KmsInit i = (KmsInit) m;
      KmsInit.Builder b = KmsInit.builder().version(i.version()).id(i.id().orElse(null)).certificate(i.certificate());
      i.newTransportKeys().forEach(b::addNewTransportKey);
      i.newIntegrityKeys().forEach(b::addNewIntegrityKey);
      trks.forEach(b::addNewTransportKey);
      inks.forEach(b::addNewIntegrityKey);
      return b.build();
    }
    KmsKeyProv k = (KmsKeyProv) m;
    KmsKeyProv.Builder b = KmsKeyProv.builder().version(k.version()).id(k.id().orElse(null));
    k.keySets().forEach(b::addKeySet);
    k.newTransportKeys().forEach(b::addNewTransportKey);
    k.newIntegrityKeys().forEach(b::addNewIntegrityKey);
    trks.forEach(b::addNewTransportKey);
    inks.forEach(b::addNewIntegrityKey);
    return b.build();
  }

  private static KmsException refusal(Reason reason, String message) {
    return new KmsException(KmsErrorCode.INVALID_DOCUMENT, reason.kmsErrorCode(), message);
  }
}

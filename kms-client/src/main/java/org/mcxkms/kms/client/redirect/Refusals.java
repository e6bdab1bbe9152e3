package org.mcxkms.kms.client.redirect;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import org.mcxkms.kms.protocol.KmsRedirectResponse;
import org.mcxkms.kms.protocol.KrrCredential;
import org.mcxkms.kms.protocol.KrrXmlWriter;
import org.mcxkms.kms.protocol.OpaqueXml;

/**
 * The KMS Redirect Response a client returns when it refuses an I_MESSAGE because the KMS in it
 * (IDRkmsi, the initiator's KMS) is not one it accepts (TS 33.180 5.2.8, D.4.1): signed with the
 * client's X.509 credential, the client as processor and receiver, proposing the KMSs the client
 * does accept (its Home KMS and its External KMSs). The caller returns it in a SIP 488 with
 * {@value KmsRedirectResponse#MIME_TYPE}, and may keep it to upload to its Home KMS.
 */
public final class Refusals {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Refusals() {}

  /**
   * @param me the refusing client's credential; its URI subjectAltName is the receiver identity
   * @param initiatorUri the sender of the refused I_MESSAGE (IDRi)
   * @param rejectedKmsUri the KMS URI of the I_MESSAGE that was not accepted (IDRkmsi)
   * @param acceptedKmsUris the KMS URIs this client accepts instead
   * @param earlier KRRs received earlier in the same exchange, embedded as D.4.3 describes
   */
  public static byte[] refuse(KrrCredential me, String initiatorUri, String rejectedKmsUri, List<String> acceptedKmsUris,
      Instant now, List<OpaqueXml> earlier) {
    Objects.requireNonNull(rejectedKmsUri, "rejectedKmsUri");
    LinkedHashSet<String> accepted = new LinkedHashSet<>(acceptedKmsUris);
    accepted.remove(rejectedKmsUri);
    byte[] id = new byte[8];
    RANDOM.nextBytes(id);
    KmsRedirectResponse krr = new KmsRedirectResponse("krr-" + HexFormat.of().formatHex(id),
        now.truncatedTo(ChronoUnit.SECONDS), me.identity(), initiatorUri, me.identity(), rejectedKmsUri,
        List.copyOf(accepted), earlier);
    return KrrXmlWriter.create().write(krr, me);
  }
}

package org.mcxkms.kms.protocol;

import static org.mcxkms.kms.protocol.Fields.required;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A KMS Redirect Response (TS 33.180 D.4, 5.2.8): an entity on the path of a MIKEY I_MESSAGE
 * refuses a KMS URI in it and tells the sender which KMS URIs it would accept. A KRR that refuses a
 * URI proposed by an earlier KRR embeds that earlier KRR verbatim (D.4.3), signature and all.
 *
 * <p>The element names are our reading of D.4.3/D.4.4 (UNCONFIRMED, see docs/decisions.md):
 * <pre>
 * KmsRedirectResponse @Id @Version      in urn:3gpp:ns:mcsecKMSKRR:1.0
 *   Time             when the KRR was made
 *   ProcessorUri     the entity that refused (and signs)
 *   InitiatorUri     the sender of the I_MESSAGE
 *   ReceiverUri      the receiver named in the I_MESSAGE
 *   RejectedKmsUri   the KMS URI of the I_MESSAGE that was refused
 *   AcceptedKmsUri*  KMS URIs the processor accepts instead (none: no acceptable choice)
 *   KrrList?         earlier KRRs, each a complete signed KmsRedirectResponse
 *   ds:Signature     enveloped, D.4.2 profile
 * </pre>
 *
 * @param id {@code @Id}, the target of the signature reference
 * @param earlier the embedded earlier KRRs, verbatim (each a signed {@code KmsRedirectResponse})
 */
public record KmsRedirectResponse(String id, Instant time, String processorUri, String initiatorUri,
    String receiverUri, String rejectedKmsUri, List<String> acceptedKmsUris, List<OpaqueXml> earlier) {

  /** {@code @Version} we write. */
  public static final String VERSION = "1.0.0";
  /** MIME type of a KRR body (D.4.1). */
  public static final String MIME_TYPE = "application/vnd.3gpp.kmsredirectresponse+xml";

  /**
   * @throws IllegalStateException if a required field is missing
   * @throws IllegalArgumentException if an earlier KRR is not a {@code KmsRedirectResponse} in the KRR namespace
   */
  public KmsRedirectResponse {
    required(id, "Id");
    required(time, "Time");
    required(processorUri, "ProcessorUri");
    required(initiatorUri, "InitiatorUri");
    required(receiverUri, "ReceiverUri");
    required(rejectedKmsUri, "RejectedKmsUri");
    acceptedKmsUris = List.copyOf(acceptedKmsUris);
    for (String u : acceptedKmsUris) {
      required(u, "AcceptedKmsUri");
    }
    earlier = List.copyOf(earlier);
    for (OpaqueXml e : earlier) {
      if (!(KmsXml.KRR_NS.equals(e.namespace()) && "KmsRedirectResponse".equals(e.localName()))) {
        throw new IllegalArgumentException("an earlier KRR must be a {" + KmsXml.KRR_NS + "}KmsRedirectResponse element");
      }
    }
  }

  /** Whether this KRR refuses {@code kmsUri}. */
  public boolean refuses(String kmsUri) {
    return rejectedKmsUri.equals(Objects.requireNonNull(kmsUri));
  }

  @Override
  public String toString() {
    return "KmsRedirectResponse[" + processorUri + " refuses " + rejectedKmsUri + " for " + initiatorUri + " -> "
        + receiverUri + ", accepts " + acceptedKmsUris + ", " + earlier.size() + " earlier, at " + time + "]";
  }
}

package org.mcxkms.kms.protocol;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * A KMS Redirect Response whose signature, signer certificate and fields were verified, with the
 * earlier KRRs it embeds, each verified the same way.
 *
 * @param krr the fields
 * @param signer the certificate whose key signed it (its URI subjectAltName is {@code krr.processorUri()})
 * @param earlier the embedded KRRs, in document order
 */
public record VerifiedKrr(KmsRedirectResponse krr, X509Certificate signer, List<VerifiedKrr> earlier) {
  public VerifiedKrr {
    earlier = List.copyOf(earlier);
  }

  /** This KRR and every KRR nested in it, outermost first. */
  public List<VerifiedKrr> flatten() {
    List<VerifiedKrr> out = new ArrayList<>();
    out.add(this);
    for (VerifiedKrr e : earlier) {
      out.addAll(e.flatten());
    }
    return List.copyOf(out);
  }
}

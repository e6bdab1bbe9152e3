package org.mcxkms.kms.server.domain;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.mcxkms.kms.protocol.KrrException;
import org.mcxkms.kms.protocol.KrrTrust;
import org.mcxkms.kms.protocol.KrrXmlReader;
import org.mcxkms.kms.protocol.OpaqueXml;
import org.mcxkms.kms.protocol.SafeText;
import org.mcxkms.kms.protocol.VerifiedKrr;
import org.mcxkms.kms.server.config.ConfigException;
import org.mcxkms.kms.server.error.KmsErrorCode;
import org.mcxkms.kms.server.error.KmsException;
import org.mcxkms.kms.server.store.ExternalKmsRecord;
import org.mcxkms.kms.server.store.KmsStore;
import org.mcxkms.kms.server.store.RedirectRecord;

/**
 * The KMS Redirect Responses clients upload to their Home KMS (TS 33.180 5.3.1, D.2.2 KrrList,
 * D.4): each KRR of the list is verified as a whole before anything is stored.
 *
 * <ul>
 *   <li>every KRR, and every earlier KRR nested in it, is signed with the D.4.2 profile by a
 *       certificate that chains to {@code krr.trust.anchors} (this domain's and the partners' CAs),
 *       valid now, naming the KRR's {@code ProcessorUri} (kms-protocol {@code KrrXmlReader});
 *   <li>the outermost KRR is at most {@code krr.max.age.seconds} old;
 *   <li>the uploader is the outermost KRR's initiator (it received the KRR) or its processor (it
 *       made it): nobody uploads KRRs about other people's calls;
 *   <li>every refused KMS ({@code RejectedKmsUri}, at every level) is this KMS or one of its
 *       External KMSs: the I_MESSAGE was keyed by a KMS this domain knows;
 *   <li>at most {@value #MAX_KRRS} KRRs per upload.
 * </ul>
 * A refusal is a {@link KmsErrorCode#INVALID_KRR} whose wire code is the KRR reason's; the list is
 * recorded only when every KRR passes. A KRR already recorded (same SHA-256) is not stored twice.
 */
public final class RedirectResponses {
  /** Most KRRs accepted in one upload. */
  public static final int MAX_KRRS = 16;
  private static final int QUOTE = 80;

  private final KmsStore store;
  private final String ownKmsUri;
  private final KrrTrust trust;
  private final Clock clock;
  private final KrrXmlReader reader;

  /**
   * @param trust what signers must chain to; null when none is configured (every upload refused)
   * @param maxBytes largest KRR document accepted
   */
  public RedirectResponses(KmsStore store, String ownKmsUri, KrrTrust trust, Clock clock, int maxBytes) {
    this.store = store;
    this.ownKmsUri = ownKmsUri;
    this.trust = trust;
    this.clock = clock;
    this.reader = KrrXmlReader.withMaxBytes(maxBytes);
  }

  /**
   * The trust of {@code krr.trust.anchors}: the certificates of a PEM file; null when {@code pem}
   * is null.
   *
   * @throws ConfigException if the file cannot be read or holds no certificate
   */
  public static KrrTrust loadTrust(Path pem, Duration maxAge, Duration clockSkew) {
    if (pem == null) {
      return null;
    }
    try {
      List<X509Certificate> anchors = new ArrayList<>();
      for (Certificate c : CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(pem)))) {
        anchors.add((X509Certificate) c);
      }
      if (anchors.isEmpty()) {
        throw new ConfigException("krr.trust.anchors " + pem + " holds no certificate");
      }
      return new KrrTrust(anchors, maxAge, clockSkew);
    } catch (IOException | CertificateException e) {
      throw new ConfigException("cannot read krr.trust.anchors " + pem + ": " + e.getMessage());
    }
  }

  /** What one upload did. */
  public record Recorded(List<RedirectRecord> added, int alreadyRecorded) {
    public Recorded {
      added = List.copyOf(added);
    }
  }

  /**
   * Verifies every KRR of {@code krrList} and records them.
   *
   * @param uploader the authenticated caller
   * @throws KmsException INVALID_KRR when one KRR fails, NOT_AUTHORIZED_FOR_IDENTITY when the
   *     caller is not party to it; nothing is stored then
   */
  public Recorded record(String uploader, OpaqueXml krrList) throws KmsException {
    if (trust == null) {
      throw refusal(KrrException.Reason.UNKNOWN_SIGNER, "KrrList", "this KMS trusts no KRR signer (krr.trust.anchors is not set)");
    }
    List<byte[]> documents;
    try {
      documents = reader.split(krrList);
    } catch (KrrException e) {
      throw refusal(e);
    }
    if (documents.isEmpty() || documents.size() > MAX_KRRS) {
      throw refusal(KrrException.Reason.MALFORMED, "KrrList", "holds " + documents.size() + " KRRs; 1 to " + MAX_KRRS + " are accepted");
    }
    Instant now = clock.instant();
    Set<String> knownKms = new HashSet<>();
    knownKms.add(ownKmsUri);
    for (ExternalKmsRecord e : store.externalKms()) {
      knownKms.add(e.kmsUri());
    }
    List<RedirectRecord> checked = new ArrayList<>();
    for (int i = 0; i < documents.size(); i++) {
      String path = "KrrList/KmsRedirectResponse[" + (i + 1) + "]";
      VerifiedKrr v;
      try {
        v = reader.read(documents.get(i), trust, now);
      } catch (KrrException e) {
        throw refusal(e.reason(), path + " " + e.element(), messageOf(e));
      }
      if (!uploader.equals(v.krr().initiatorUri()) && !uploader.equals(v.krr().processorUri())) {
        throw new KmsException(KmsErrorCode.NOT_AUTHORIZED_FOR_IDENTITY, path + ": " + uploader
            + " is neither the initiator nor the processor of this KRR");
      }
      for (VerifiedKrr level : v.flatten()) {
        if (!knownKms.contains(level.krr().rejectedKmsUri())) {
          throw refusal(KrrException.Reason.UNKNOWN_KMS, path + "/RejectedKmsUri",
              "'" + SafeText.clip(level.krr().rejectedKmsUri(), QUOTE) + "' is neither this KMS nor an External KMS");
        }
      }
      String document = new String(documents.get(i), StandardCharsets.UTF_8);
      checked.add(new RedirectRecord(0, sha256(documents.get(i)), uploader, v.krr().processorUri(), v.krr().initiatorUri(),
          v.krr().receiverUri(), v.krr().rejectedKmsUri(), v.krr().acceptedKmsUris(), v.flatten().size() - 1,
          v.krr().time(), now, document));
    }
    List<RedirectRecord> added = new ArrayList<>();
    int duplicates = 0;
    for (RedirectRecord r : checked) {
      if (store.addRedirect(r)) {
        added.add(r);
      } else {
        duplicates++;
      }
    }
    return new Recorded(added, duplicates);
  }

  /** The most recent KRRs, newest first. */
  public List<RedirectRecord> list(int limit) {
    return store.redirects(limit);
  }

  private static String messageOf(KrrException e) {
    String m = e.getMessage();
    int colon = m.indexOf(": ");
    return colon < 0 ? m : m.substring(colon + 2);
  }

  private static KmsException refusal(KrrException e) {
    return refusal(e.reason(), e.element(), messageOf(e));
  }

  private static KmsException refusal(KrrException.Reason reason, String element, String detail) {
    return new KmsException(KmsErrorCode.INVALID_KRR, reason.kmsErrorCode(), element + ": " + detail);
  }

  private static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

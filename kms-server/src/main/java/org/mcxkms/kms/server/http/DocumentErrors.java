package org.mcxkms.kms.server.http;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.mcxkms.kms.protocol.KmsProtocolException;
import org.mcxkms.kms.protocol.KmsProtocolException.Reason;
import org.mcxkms.kms.server.error.KmsErrorCode;
import org.mcxkms.kms.server.error.KmsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request body the reader refused, in our own words. The reader's detail for some reasons comes
 * from the XML parser, the schema validator or the signature library (messages such as
 * "JAXP00010006" or "extend class to handle"); those details stay in the debug log and the client
 * gets the element path and what is wrong with it as we describe it.
 */
final class DocumentErrors {
  private static final Logger LOG = LoggerFactory.getLogger("mcx.kms.http");
  /** Reasons whose detail is written by kms-protocol itself, not taken from a library. */
  private static final Set<Reason> OWN_DETAIL = EnumSet.of(Reason.TOO_LARGE, Reason.DOCTYPE_FORBIDDEN,
      Reason.UNEXPECTED_ROOT, Reason.MISSING_ELEMENT, Reason.DUPLICATE_ELEMENT, Reason.UNSUPPORTED_VERSION,
      Reason.SIGNATURE_REQUIRED, Reason.UNKNOWN_KEY, Reason.UNSUPPORTED_ALGORITHM);

  private DocumentErrors() {}

  static KmsException refusal(KmsProtocolException e) {
    if (e.reason() == Reason.TOO_LARGE) {
      return new KmsException(KmsErrorCode.BODY_TOO_LARGE, e.getMessage());
    }
    String message;
    if (OWN_DETAIL.contains(e.reason())) {
      message = e.getMessage();
    } else {
      LOG.debug("request body refused ({}): {}", e.reason(), RequestChecks.clip(e.getMessage()));
      message = e.element() + ": " + words(e.reason());
    }
    return new KmsException(KmsErrorCode.INVALID_DOCUMENT, e.reason().kmsErrorCode(), message);
  }

  private static String words(Reason reason) {
    return switch (reason) {
      case MALFORMED_XML -> "not well-formed XML, or beyond the reader's limits (depth, names, attributes)";
      case INVALID_VALUE -> "a value is malformed or out of range";
      case UNSUPPORTED_CONTENT -> "uses a construct this KMS does not support";
      case SCHEMA_VIOLATION -> "does not follow the Annex D schema";
      case SIGNATURE_INVALID -> "the signature does not verify or does not follow the TS 33.180 D.1 profile";
      case DECRYPTION_FAILED -> "encrypted content could not be decrypted";
      default -> reason.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    };
  }
}

package org.mcxkms.kms.server.edge;

import java.net.URI;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.mcxkms.kms.protocol.KmsError;
import org.mcxkms.kms.protocol.KmsResponse;
import org.mcxkms.kms.protocol.KmsXml;
import org.mcxkms.kms.protocol.KmsXmlWriter;

/**
 * A {@code KmsResponse} carrying only a {@code KmsError} (TS 33.180 D.3), for answers given before
 * the front controller sees a request: rate limits and HTTP-level errors. Nothing is taken from
 * the request but a path made only of URL characters; ClientReqUrl starts with the public URL.
 */
public final class KmsErrorBody {
  /** UserUri of a response to a caller we could not identify (the element is required). */
  static final String UNAUTHENTICATED = "urn:mcx-kms:unauthenticated";
  static final String PREFIX = "/keymanagement/identity/v1/";
  private static final Pattern SAFE_PATH = Pattern.compile("/[A-Za-z0-9._~!$&'()*+,;=:@/%-]{0,255}");

  private final String kmsUri;
  private final Supplier<String> baseUrl;
  private final Clock clock;
  private final KmsXmlWriter writer = KmsXmlWriter.create();

  /** @param baseUrl the public URL of the KMS without a path (e.g. https://kms.example.org:8443) */
  public KmsErrorBody(String kmsUri, Supplier<String> baseUrl, Clock clock) {
    this.kmsUri = kmsUri;
    this.baseUrl = baseUrl;
    this.clock = clock;
  }

  public byte[] xml(long wireCode, String message, String path) {
    String base = baseUrl.get();
    if (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    String p = path != null && SAFE_PATH.matcher(path).matches() ? path : PREFIX;
    String url = base + p;
    try {
      URI.create(url);
    } catch (IllegalArgumentException e) {
      url = base + PREFIX;
    }
    return writer.write(KmsResponse.builder()
        .version(KmsXml.RESPONSE_VERSION)
        .id("xmldoc")
        .userUri(UNAUTHENTICATED)
        .kmsUri(kmsUri)
        .time(clock.instant().truncatedTo(ChronoUnit.MILLIS))
        .clientReqUrl(url)
        .error(KmsError.of(wireCode, message))
        .build());
  }
}

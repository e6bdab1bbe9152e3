package org.mcxkms.kms.server.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.mcxkms.kms.protocol.KmsRequest;
import org.mcxkms.kms.protocol.SafeText;
import org.mcxkms.kms.server.config.KmsConfig.UrlCheck;
import org.mcxkms.kms.server.error.KmsErrorCode;
import org.mcxkms.kms.server.error.KmsException;

/**
 * Checks of a KmsRequest body against the request it came with (TS 33.180 D.2.2, Table D.2.2-1):
 * {@code KmsUri} names this KMS, {@code ClientReqUrl} is the URL that was
 * requested, {@code Time} is within the configured skew of our clock, and {@code UserUri} is the
 * authenticated caller.
 *
 * <p>ClientReqUrl: by default only the path is compared (each segment percent-decoded, the NTP hex
 * in either case), because behind a TLS-terminating proxy the scheme, host and port the client
 * used are not the ones we see. With {@code request.url.check=full} the URL must be
 * {@code public.url} followed by that path.
 */
final class RequestChecks {
  private final String kmsUri;
  private final UrlCheck mode;
  private final String publicUrl;
  private final Duration skew;
  private final Clock clock;

  RequestChecks(String kmsUri, UrlCheck mode, String publicUrl, Duration skew, Clock clock) {
    this.kmsUri = kmsUri;
    this.mode = mode;
    this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    this.skew = skew;
    this.clock = clock;
  }

  void check(KmsRequest req, String callerIdentity, String rawPath) throws KmsException {
    if (!kmsUri.equals(req.kmsUri())) {
      throw new KmsException(KmsErrorCode.WRONG_KMS_URI, "KmsUri '" + clip(req.kmsUri()) + "' does not name this KMS ("
          + kmsUri + ")");
    }
    checkUrl(req.clientReqUrl(), rawPath);
    Instant now = clock.instant();
    Instant t = req.time();
    if (Duration.between(t, now).abs().compareTo(skew) > 0) {
      throw new KmsException(KmsErrorCode.STALE_TIME, "Time " + t + " is more than " + skew.getSeconds()
          + " s from the KMS clock (" + now + ")");
    }
    if (!callerIdentity.equals(req.userUri())) {
      throw new KmsException(KmsErrorCode.USER_URI_MISMATCH, "UserUri '" + clip(req.userUri())
          + "' is not the authenticated caller " + callerIdentity);
    }
  }

  private void checkUrl(String clientReqUrl, String rawPath) throws KmsException {
    String url = clientReqUrl.trim();
    String path;
    if (mode == UrlCheck.FULL) {
      if (!url.startsWith(publicUrl + "/")) {
        throw wrongUrl(clientReqUrl);
      }
      path = url.substring(publicUrl.length());
    } else {
      int scheme = url.indexOf("://");
      if (scheme > 0) {
        int slash = url.indexOf('/', scheme + 3);
        if (slash < 0) {
          throw wrongUrl(clientReqUrl);
        }
        path = url.substring(slash);
      } else if (url.startsWith("/")) {
        path = url;
      } else {
        throw wrongUrl(clientReqUrl);
      }
    }
    int q = indexOfAny(path, '?', '#');
    if (q >= 0) {
      path = path.substring(0, q);
    }
    String want;
    String got;
    try {
      want = Route.normalisedPath(rawPath);
      got = Route.normalisedPath(path);
    } catch (KmsException e) {
      throw wrongUrl(clientReqUrl);
    }
    if (!want.equals(got)) {
      throw wrongUrl(clientReqUrl);
    }
  }

  private static int indexOfAny(String s, char a, char b) {
    int i = s.indexOf(a);
    int j = s.indexOf(b);
    return i < 0 ? j : j < 0 ? i : Math.min(i, j);
  }

  private static KmsException wrongUrl(String clientReqUrl) {
    return new KmsException(KmsErrorCode.WRONG_CLIENT_REQ_URL, "ClientReqUrl '" + clip(clientReqUrl)
        + "' does not match the requested URL");
  }

  static String clip(String s) {
    return SafeText.clip(s, 200);
  }
}

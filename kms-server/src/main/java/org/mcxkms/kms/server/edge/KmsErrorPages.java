package org.mcxkms.kms.server.edge;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.mcxkms.kms.server.error.KmsErrorCode;

/**
 * Jetty's own error answers (a malformed request line or path, headers too large, an unsupported
 * HTTP version, anything refused before our handlers run) as {@code KmsError} documents in our
 * words, never Jetty's HTML page or its parser's message.
 */
public final class KmsErrorPages extends ErrorHandler {
  private static final String XML = "application/xml; charset=UTF-8";
  private final KmsErrorBody body;

  public KmsErrorPages(KmsErrorBody body) {
    this.body = body;
  }

  /** The wire code and message for an HTTP status Jetty answers by itself. */
  static KmsErrorCode code(int status) {
    return switch (status) {
      case 404 -> KmsErrorCode.NOT_FOUND;
      case 405 -> KmsErrorCode.METHOD_NOT_ALLOWED;
      case 413 -> KmsErrorCode.BODY_TOO_LARGE;
      case 429 -> KmsErrorCode.RATE_LIMITED;
      case 503 -> KmsErrorCode.UNAVAILABLE;
      case 501, 505 -> KmsErrorCode.BAD_HTTP_REQUEST;
      default -> status >= 500 ? KmsErrorCode.INTERNAL : KmsErrorCode.BAD_HTTP_REQUEST;
    };
  }

  static String message(int status) {
    return switch (status) {
      case 400 -> "the HTTP request is malformed (request line, path or headers)";
      case 408 -> "the request did not arrive in time";
      case 414 -> "the request line is too long";
      case 431 -> "the request headers are too large";
      case 501 -> "this method is not served; use POST";
      case 505 -> "this HTTP version is not served; use HTTP/1.1";
      default -> code(status).meaning();
    };
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    Object s = request.getAttribute(ERROR_STATUS);
    int status = s instanceof Integer i ? i : response.getStatus();
    if (status < 400) {
      status = 500;
    }
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, XML);
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    String path = request.getHttpURI() == null ? null : request.getHttpURI().getPath();
    response.write(true, ByteBuffer.wrap(body.xml(code(status).code(), message(status),
        path != null && path.startsWith(KmsErrorBody.PREFIX) ? path : null)), callback);
    return true;
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(HttpHeader.CONTENT_TYPE, XML);
    fields.put(HttpHeader.CACHE_CONTROL, "no-store");
    return ByteBuffer.wrap(body.xml(code(status).code(), message(status), null));
  }
}

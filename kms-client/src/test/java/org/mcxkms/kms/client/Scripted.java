package org.mcxkms.kms.client;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A canned KMS: answers by the last path segments of the URL and records what was sent. */
final class Scripted implements KmsTransport {
  record Sent(URI url, String token, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private final Map<String, Response> answers = new LinkedHashMap<>();
  final List<Sent> sent = new ArrayList<>();

  Scripted answer(String pathSuffix, String xml) {
    answers.put(pathSuffix, new Response(200, xml.getBytes(StandardCharsets.UTF_8)));
    return this;
  }

  Scripted answer(String pathSuffix, int status, String xml) {
    answers.put(pathSuffix, new Response(status, xml.getBytes(StandardCharsets.UTF_8)));
    return this;
  }

  @Override
  public Response post(URI url, String bearerToken, byte[] body) {
    sent.add(new Sent(url, bearerToken, body));
    String path = url.getRawPath();
    Response best = null;
    int bestLen = -1;
    for (Map.Entry<String, Response> e : answers.entrySet()) {
      if (path.endsWith(e.getKey()) && e.getKey().length() > bestLen) {
        best = e.getValue();
        bestLen = e.getKey().length();
      }
    }
    if (best == null) {
      return new Response(404, new byte[0]);
    }
    return best;
  }

  Sent last() {
    return sent.get(sent.size() - 1);
  }
}

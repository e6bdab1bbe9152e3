package org.mcxkms.mcx.ue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.mcxkms.kms.client.TokenSource;
import org.mcxkms.kms.client.trust.TlsTrust;
import org.mcxkms.mcx.gms.KeyMessage;
import org.mcxkms.mikey.KeyPurpose;

/**
 * A member's side of the GMS's HTTPS delivery adapter: fetches its pending key messages with the
 * IdM access token it also uses at the KMS, over TLS pinned to the GMS's certificate.
 */
public final class HttpsKeyFetcher {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_BODY = 4 * 1024 * 1024;
  private final URI url;
  private final HttpClient http;
  private final TokenSource tokens;
  private final String member;

  public HttpsKeyFetcher(URI url, TlsTrust trust, TokenSource tokens, String member) {
    this.url = url;
    this.http = HttpClient.newBuilder().sslContext(trust.sslContext()).version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();
    this.tokens = tokens;
    this.member = member;
  }

  /** The pending key messages, each handed out once; empty if none. */
  public List<KeyMessage> fetch() throws IOException {
    String token;
    try {
      token = tokens.token();
    } catch (Exception e) {
      throw new IOException("no access token for " + member + ": " + e.getMessage(), e);
    }
    HttpRequest r = HttpRequest.newBuilder(url).header("Authorization", "Bearer " + token)
        .timeout(Duration.ofSeconds(30)).GET().build();
    HttpResponse<byte[]> resp;
    try {
      resp = http.send(r, HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    if (resp.statusCode() != 200) {
      throw new IOException("GMS key fetch for " + member + ": HTTP " + resp.statusCode());
    }
    if (resp.body().length > MAX_BODY) {
      throw new IOException("GMS answer larger than " + MAX_BODY + " octets");
    }
    List<KeyMessage> out = new ArrayList<>();
    for (JsonNode n : JSON.readTree(resp.body())) {
      KeyPurpose p = KeyPurpose.valueOf(n.path("purpose").asText());
      int keyId = Integer.parseUnsignedInt(n.path("key_id").asText(), 16);
      out.add(new KeyMessage(member, n.path("group").asText(), p, keyId,
          Base64.getDecoder().decode(n.path("mikey").asText())));
    }
    return out;
  }
}

package org.mcxkms.cli.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.HexFormat;
import org.mcxkms.crypto.uid.KeyPeriodPolicy;
import org.mcxkms.kms.client.profile.KeyPeriodInfo;
import org.mcxkms.kms.client.trust.CertificateFingerprint;
import org.mcxkms.kms.protocol.KmsCertificate;

/** How the client commands show certificates and key periods, for people and as JSON. */
final class Render {
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Render() {}

  static ObjectNode certificate(KmsCertificate c) {
    ObjectNode o = JSON.createObjectNode().put("fingerprint", CertificateFingerprint.of(c).toString())
        .put("kms_uri", c.kmsUri());
    c.role().ifPresent(r -> o.put("role", r.xmlValue()));
    c.certUri().ifPresent(u -> o.put("cert_uri", u));
    c.issuer().ifPresent(u -> o.put("issuer", u));
    c.validFrom().ifPresent(t -> o.put("valid_from", t.toString()));
    c.validTo().ifPresent(t -> o.put("valid_to", t.toString()));
    o.put("revoked", c.revoked()).put("user_id_format", c.userIdFormat()).put("user_key_period", c.userKeyPeriod())
        .put("user_key_offset", c.userKeyOffset()).put("pub_auth_key", HexFormat.of().formatHex(c.pubAuthKey()))
        .put("pub_enc_key", HexFormat.of().formatHex(c.pubEncKey()));
    return o;
  }

  static ObjectNode period(KeyPeriodInfo k) {
    return JSON.createObjectNode().put("identity", k.identity()).put("period", k.period())
        .put("valid_from", k.validFrom().toString()).put("valid_to", k.validTo().toString())
        .put("uid", k.uid().toHex()).put("certificate", k.certificate().toString())
        .put("fetched_at", k.fetchedAt().toString());
  }

  static void describe(PrintWriter w, KmsCertificate c) {
    KeyPeriodPolicy p = c.keyPeriodPolicy();
    w.println("  KmsUri       " + c.kmsUri() + c.certUri().map(u -> "  (CertUri " + u + ")").orElse(""));
    w.println("  fingerprint  " + CertificateFingerprint.of(c));
    w.println("  key periods  " + p.periodSeconds() + " s, offset " + p.offsetSeconds() + " s");
    w.println("  valid        " + c.validFrom().map(Instant::toString).orElse("-") + " .. "
        + c.validTo().map(Instant::toString).orElse("-") + (c.revoked() ? "  REVOKED" : ""));
  }
}

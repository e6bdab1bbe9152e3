package org.mcxkms.cli.client;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import org.mcxkms.kms.client.CertCacheResult;
import org.mcxkms.kms.client.KmsClient;
import org.mcxkms.kms.client.profile.KeyProfile;
import org.mcxkms.kms.client.trust.CertificateFingerprint;
import org.mcxkms.kms.protocol.KmsCertificate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "certcache", mixinStandardHelpOptions = true,
    description = "KMS CertCache: fetch the KMS certificates for inter-domain use (certcache/<n> with the held number).")
final class CertCacheCommand extends ClientSubcommand {
  @Mixin ProfileOptions profile;
  @Mixin TokenOptions token;

  @Option(names = "--full", description = "Ask for the whole cache even if one is held.")
  boolean full;

  @Override
  ProfileOptions profileOptions() {
    return profile;
  }

  @Override
  Integer run() throws Exception {
    try (KeyProfile p = profile.open(err())) {
      CertCacheResult r = KmsClient.builder(p).tokenSource(token.source()).build().fetchCertCache(full);
      if (profile.json) {
        ObjectNode o = JSON.createObjectNode().put("ok", true).put("changed", r.changed());
        r.cacheNum().ifPresent(n -> o.put("cache_num", n));
        ArrayNode a = o.putArray("certificates");
        r.certificates().forEach(c -> a.add(Render.certificate(c)));
        ArrayNode m = o.putArray("migration_kms");
        p.migrationKmss().forEach(k -> m.addObject().put("kms_uri", k.kmsUri()).put("kms_url", k.kmsUrl().toString())
            .put("tls_pin", k.tlsPin().orElse(null)));
        printJson(o);
      } else {
        PrintWriter w = out();
        w.println("Certificate cache " + r.cacheNum().map(String::valueOf).orElse("(no number)") + ": "
            + r.certificates().size() + " certificate(s)" + (r.changed() ? "" : ", unchanged"));
        for (KmsCertificate c : r.certificates()) {
          w.println("  " + c.role().map(KmsCertificate.Role::xmlValue).orElse("-") + "  " + c.kmsUri() + "  "
              + CertificateFingerprint.of(c) + (c.revoked() ? "  REVOKED" : ""));
        }
        p.migrationKmss().forEach(k -> w.println("  Migration  " + k.kmsUri() + "  " + k.kmsUrl()));
        w.flush();
      }
    }
    return 0;
  }
}

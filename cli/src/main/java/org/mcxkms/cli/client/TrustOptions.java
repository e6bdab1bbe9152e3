package org.mcxkms.cli.client;

import java.io.IOException;
import java.nio.file.Path;
import org.mcxkms.kms.client.trust.TlsTrust;
import picocli.CommandLine.Option;

/** TLS trust options for a new profile (exactly one). */
final class TrustOptions {
  @Option(names = "--tls-fingerprint", paramLabel = "SHA256",
      description = "Pin the KMS's TLS certificate by its SHA-256 fingerprint (as 'serve' prints it).")
  String fingerprint;

  @Option(names = "--tls-cert", paramLabel = "PEM", description = "Trust this certificate or CA (PKIX, host name checked).")
  Path pem;

  @Option(names = "--truststore", paramLabel = "FILE", description = "Trust the certificates of this PKCS#12/JKS truststore.")
  Path truststore;

  @Option(names = "--truststore-password-file", paramLabel = "FILE", description = "Its password (first line).")
  Path truststorePassword;

  TlsTrust trust() throws IOException {
    int given = (fingerprint != null ? 1 : 0) + (pem != null ? 1 : 0) + (truststore != null ? 1 : 0);
    if (given != 1) {
      throw new IllegalArgumentException("give exactly one of --tls-fingerprint, --tls-cert, --truststore");
    }
    if (fingerprint != null) {
      return TlsTrust.pinned(fingerprint);
    }
    if (pem != null) {
      return TlsTrust.pemFile(pem);
    }
    char[] pw = truststorePassword == null ? new char[0] : Secrets.read(truststorePassword, "", "");
    return TlsTrust.truststore(truststore, pw);
  }
}

package org.mcxkms.cli.client;

import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * {@code mcx-kms client ...}: the key management client (kms-client) on a profile directory, for
 * operators and tests: create a profile and pin the KMS certificate, provision key material,
 * fetch the certificate cache, show the status, import TrK/InK, run the refresh.
 *
 * <p>Exit codes: 0 done; 2 usage or configuration; 3 profile (wrong passphrase, damaged file, a
 * save that failed, the lock not obtained in time); 4 TLS or network; 5 token, authentication or
 * authorisation; 6 the KMS answered with an error or an unacceptable document; 7 refused on
 * security grounds (key material, certificate, signature); 8 the KMS certificate changed and the
 * change awaits the operator's confirmation; 9 the KMS revoked its certificate or held key material.
 */
@Command(name = "client", mixinStandardHelpOptions = true,
    description = {"Key management client (TS 33.180 Annex D) on a profile directory.",
        "The profile is sealed with a passphrase (MCX_KMS_PROFILE_PASSPHRASE, --passphrase-file, or asked)",
        "or a PKCS#12 keystore key (--keystore)."},
    subcommands = {InitCommand.class, KeyProvCommand.class, CertCacheCommand.class, StatusCommand.class,
        ImportKeysCommand.class, RefreshCommand.class, KrrCommand.class, LookupCommand.class})
public final class ClientCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

}

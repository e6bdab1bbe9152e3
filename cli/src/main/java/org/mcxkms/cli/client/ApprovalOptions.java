package org.mcxkms.cli.client;

import picocli.CommandLine.Option;

final class ApprovalOptions {
  @Option(names = "--accept-rotation", paramLabel = "FINGERPRINT",
      description = "Approve a rotation to the KMS certificate with this fingerprint (other rotation conditions still apply).")
  String rotation;

  @Option(names = "--replace-pin", paramLabel = "FINGERPRINT",
      description = "Replace the pinned KMS certificate with this one although it is no rotation (rebuilt domain). Drops held keys.")
  String replace;
}

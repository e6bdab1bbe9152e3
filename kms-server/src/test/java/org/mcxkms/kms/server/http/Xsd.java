package org.mcxkms.kms.server.http;

import org.mcxkms.kms.protocol.KmsSchema;

/** Validates documents against the Annex D schema bundled with kms-protocol (TS 33.180 Annex D). */
final class Xsd {
  private Xsd() {}

  static void validate(byte[] xml) throws Exception {
    KmsSchema.annexD().validate(xml);
  }
}

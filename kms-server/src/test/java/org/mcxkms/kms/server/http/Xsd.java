package org.mcxkms.kms.server.http;

import org.mcxkms.kms.protocol.KmsSchema;

/** Validates documents against the Annex D schema exactly as quoted in the spec digest (kms-protocol). */
final class Xsd {
  private Xsd() {}

  static void validate(byte[] xml) throws Exception {
    KmsSchema.annexD().validate(xml);
  }
}

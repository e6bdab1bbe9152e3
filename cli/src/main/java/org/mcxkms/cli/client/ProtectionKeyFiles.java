package org.mcxkms.cli.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.crypto.SecretBytes;
import org.mcxkms.kms.protocol.security.ProtectionKey;
import picocli.CommandLine.Option;

/** TrK/InK received out of band: an ID and a file of 64 hex digits each. */
final class ProtectionKeyFiles {
  @Option(names = "--trk-id", paramLabel = "ID", description = "ID of the TrK received out of band.") String trkId;
  @Option(names = "--trk-file", paramLabel = "FILE", description = "File with the TrK (64 hex digits).") Path trkFile;
  @Option(names = "--ink-id", paramLabel = "ID", description = "ID of the InK received out of band.") String inkId;
  @Option(names = "--ink-file", paramLabel = "FILE", description = "File with the InK (64 hex digits).") Path inkFile;

  List<ProtectionKey> keys() throws IOException {
    if ((trkId == null) != (trkFile == null) || (inkId == null) != (inkFile == null)) {
      throw new IllegalArgumentException("give --trk-id with --trk-file and --ink-id with --ink-file");
    }
    List<ProtectionKey> keys = new ArrayList<>();
    if (trkId != null) {
      keys.add(ProtectionKey.transport(trkId, keyFile(trkFile)));
    }
    if (inkId != null) {
      keys.add(ProtectionKey.integrity(inkId, keyFile(inkFile)));
    }
    return keys;
  }

  static SecretBytes keyFile(Path f) throws IOException {
    String hex = Files.readString(f, StandardCharsets.US_ASCII).strip();
    if (!hex.matches("[0-9A-Fa-f]{64}")) {
      throw new IllegalArgumentException(f + " must hold a 256-bit key as 64 hex digits");
    }
    byte[] b = HexFormat.of().parseHex(hex);
    try {
      return SecretBytes.copyOf(b, SecretAccess.get());
    } finally {
      Arrays.fill(b, (byte) 0);
    }
  }
}

package org.mcxkms.cli.client;

import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Secrets for the client commands: passphrases, keystore passwords. */
final class Secrets {
  private Secrets() {}

  /** A secret from the first line of {@code file}, else the environment variable {@code env}, else the terminal. */
  static char[] read(Path file, String env, String prompt) throws IOException {
    if (file != null) {
      String s = Files.readString(file, StandardCharsets.UTF_8);
      int nl = s.indexOf('\n');
      return (nl < 0 ? s : s.substring(0, nl)).replace("\r", "").toCharArray();
    }
    String v = System.getenv(env);
    if (v != null && !v.isEmpty()) {
      return v.toCharArray();
    }
    Console console = System.console();
    if (console == null) {
      throw new IOException("no secret given: use " + env + " or a file option (no terminal to ask on)");
    }
    char[] c = console.readPassword(prompt);
    if (c == null || c.length == 0) {
      throw new IOException("no secret given");
    }
    return c;
  }

}

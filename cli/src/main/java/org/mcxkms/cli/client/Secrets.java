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
    return read(file, env, System.getenv(env), prompt);
  }

  /**
   * As {@link #read(Path, String, String)} with the environment variable's value given: a file and
   * the variable are read alike (the first line, without its line end), so a value written with a
   * trailing newline works from both.
   */
  static char[] read(Path file, String env, String envValue, String prompt) throws IOException {
    if (file != null) {
      String s;
      try {
        s = Files.readString(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new IOException("cannot read " + file + ": " + (e.getMessage() == null ? e : e.getMessage()), e);
      }
      return firstLine(s).toCharArray();
    }
    if (envValue != null && !firstLine(envValue).isEmpty()) {
      return firstLine(envValue).toCharArray();
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

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).replace("\r", "");
  }

}

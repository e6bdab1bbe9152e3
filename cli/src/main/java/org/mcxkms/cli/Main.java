package org.mcxkms.cli;

import org.mcxkms.cli.client.ClientCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The {@code mcx-kms} command. Each area of the product adds its subcommand here. */
@Command(
    name = "mcx-kms",
    mixinStandardHelpOptions = true,
    version = "mcx-kms 0.1.0-SNAPSHOT",
    description = "MCX Key Management Server (3GPP TS 33.180) and its clients.",
    subcommands = {CommandLine.HelpCommand.class, ServeCommand.class, AdminCommand.class, ClientCommand.class,
        org.mcxkms.cli.mikey.MikeyCommand.class, DemoCommand.class})
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }
}

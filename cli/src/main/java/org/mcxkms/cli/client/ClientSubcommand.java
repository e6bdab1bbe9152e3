package org.mcxkms.cli.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.mcxkms.kms.client.CertificateChangeException;
import org.mcxkms.kms.client.error.KeyMaterialRejectedException;
import org.mcxkms.kms.client.error.KmsClientException;
import org.mcxkms.kms.client.error.KmsErrorException;
import org.mcxkms.kms.client.error.ProfileException;
import picocli.CommandLine;

/** Base of the subcommands: typed failures become a message on stderr and an exit code. */
abstract class ClientSubcommand implements Callable<Integer> {
  static final ObjectMapper JSON = Render.JSON;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  abstract ProfileOptions profileOptions();

  abstract Integer run() throws Exception;

  @Override
  public final Integer call() {
    try {
      return run();
    } catch (KmsClientException e) {
      report(e);
      return exitCode(e.problem());
    } catch (IOException | IllegalArgumentException e) {
      return fail(KmsClientException.Problem.CONFIGURATION.name(), e.getMessage() == null ? e.toString() : e.getMessage(),
          2);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    } catch (Exception e) {
      return fail("UNEXPECTED", "unexpected failure: " + e, 1);
    }
  }

  /** A failure that is not a {@link KmsClientException}, reported as JSON with --json. */
  private int fail(String problem, String message, int code) {
    if (profileOptions() != null && profileOptions().json) {
      printJson(JSON.createObjectNode().put("ok", false).put("problem", problem).put("message", message));
    } else {
      err().println("mcx-kms client: " + message);
      err().flush();
    }
    return code;
  }

  private void report(KmsClientException e) {
    if (profileOptions().json) {
      ObjectNode o = JSON.createObjectNode().put("ok", false).put("problem", e.problem().name())
          .put("message", e.getMessage());
      if (e instanceof ProfileException p) {
        o.put("reason", p.reason().name());
      }
      if (e instanceof KeyMaterialRejectedException k) {
        o.put("identity", k.identity()).put("period", k.period()).put("check", k.check().name());
      }
      if (e instanceof CertificateChangeException c) {
        o.put("pinned", c.pinned().toString()).put("offered", c.offered().toString());
        c.unmet().forEach(o.putArray("unmet")::add);
      }
      if (e instanceof KmsErrorException k) {
        o.put("http_status", k.httpStatus());
        k.kmsError().ifPresent(x -> o.put("kms_error_code", x.code()).put("kms_error_message", x.message()));
      }
      printJson(o);
    } else {
      err().println("mcx-kms client: " + e.getMessage());
      if (e instanceof CertificateChangeException c) {
        err().println("  pinned:  " + c.pinned());
        err().println("  offered: " + c.offered());
        c.unmet().forEach(u -> err().println("  - " + u));
      }
      err().flush();
    }
  }

  void printJson(Object node) {
    try {
      out().println(JSON.writeValueAsString(node));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    out().flush();
  }

  /** The exit code of a failure of this kind (see the class comment of {@link ClientCommand}). */
  static int exitCode(KmsClientException.Problem p) {
    return switch (p) {
      case CONFIGURATION -> 2;
      case PROFILE -> 3;
      case TLS, NETWORK -> 4;
      case TOKEN, AUTHENTICATION, FORBIDDEN, NOT_PERMITTED -> 5;
      case KMS_ERROR, PROTOCOL -> 6;
      case CERTIFICATE_CHANGED -> 8;
      case REVOKED -> 9;
      default -> 7;
    };
  }
}

package dev.pipeline.engine.web;

import dev.pipeline.api.error.UsageException;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Where the UI listens and who may use it. It binds the loopback address unless told otherwise;
 * any other address needs a token (then every request must carry it), and the "stop run" action
 * exists only when enabled, with a token. The token comes from the environment or a file, never
 * from the command line, which the journal records.
 */
public record UiOptions(String bind, int port, String token, boolean allowStop) {
  public static final String TOKEN_VARIABLE = "PIPELINE_UI_TOKEN";
  public static final int DEFAULT_PORT = 8765;

  /** Checks the combination: a one-line usage error for what is not allowed. */
  public UiOptions {
    if (port < 0 || port > 65535) {
      throw new UsageException("--port must be between 0 and 65535 (0: any free port), got " + port);
    }
    if (token != null && token.length() < 16) {
      throw new UsageException("the UI token (" + TOKEN_VARIABLE + ") must be at least 16"
          + " characters long; e.g. export " + TOKEN_VARIABLE + "=$(head -c 24 /dev/urandom | base64)");
    }
    if (!isLoopback(bind) && token == null) {
      throw new UsageException("--bind " + bind + " makes the UI reachable from other machines;"
          + " set a token in " + TOKEN_VARIABLE + " (every request must then carry it)");
    }
    if (allowStop && token == null) {
      throw new UsageException("--allow-stop needs a token in " + TOKEN_VARIABLE + " (the stop"
          + " action is refused without it)");
    }
  }

  /** The loopback address, the default port, read-only. */
  public static UiOptions local(int port) {
    return new UiOptions("127.0.0.1", port, null, false);
  }

  public boolean loopback() {
    return isLoopback(bind);
  }

  private static boolean isLoopback(String address) {
    try {
      return InetAddress.getByName(address).isLoopbackAddress();
    } catch (UnknownHostException e) {
      throw new UsageException("--bind " + address + ": unknown address");
    }
  }
}

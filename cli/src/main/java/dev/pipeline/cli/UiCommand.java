package dev.pipeline.cli;

import dev.pipeline.api.error.UsageException;
import dev.pipeline.engine.runview.RunCatalog;
import dev.pipeline.engine.web.UiOptions;
import dev.pipeline.engine.web.UiServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code pipeline ui [--port P] [--run-dir DIR ...]}: a web page over the runs of directories. */
@Command(
    name = "ui",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {"Serve a live web page over every run in the run directories' journals.",
        "Listens on 127.0.0.1 only, read-only, unless --bind and --allow-stop say otherwise"
            + " (both need a token in $" + UiOptions.TOKEN_VARIABLE + ")."},
    footer = {"%nExample: pipeline ui --run-dir ~/run --port 8765, then open http://127.0.0.1:8765/"})
final class UiCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--port", paramLabel = "P",
      description = "Port to listen on (default: " + UiOptions.DEFAULT_PORT + "; 0: any free port).")
  int port = UiOptions.DEFAULT_PORT;

  @Option(names = "--run-dir", paramLabel = "DIR",
      description = "A run directory (repeatable; default: $PIPELINE_RUN_DIR or .).")
  List<Path> runDirectories = new ArrayList<>();

  @Option(names = "--bind", paramLabel = "ADDRESS",
      description = "Listen on this address instead of 127.0.0.1 (needs $"
          + UiOptions.TOKEN_VARIABLE + "; every request must then carry the token).")
  String bind = "127.0.0.1";

  @Option(names = "--allow-stop",
      description = "Offer a \"stop run\" button (SIGTERM to a run of this host; needs $"
          + UiOptions.TOKEN_VARIABLE + ").")
  boolean allowStop;

  @Option(names = "--stacktrace", description = "Print stack traces of errors.")
  boolean stacktrace;

  @Override
  public Integer call() throws InterruptedException {
    List<Path> directories = directories();
    String token = System.getenv(UiOptions.TOKEN_VARIABLE);
    UiOptions options = new UiOptions(bind, port,
        token == null || token.isEmpty() ? null : token, allowStop);
    RunCatalog catalog = new RunCatalog(directories, null);
    UiServer server = UiServer.start(catalog, options);
    spec.commandLine().getOut().println("pipeline ui: " + catalog.runs().size() + " runs in "
        + directories + "; open " + server.address()
        + (options.token() != null ? "?token=$" + UiOptions.TOKEN_VARIABLE : "")
        + " (Ctrl-C stops it)");
    spec.commandLine().getOut().flush();
    new CountDownLatch(1).await(); // serves until the process is stopped
    return 0;
  }

  private List<Path> directories() {
    List<Path> out = new ArrayList<>(runDirectories);
    if (out.isEmpty()) {
      String env = System.getenv("PIPELINE_RUN_DIR");
      out.add(Path.of(env == null || env.isBlank() ? "." : env));
    }
    for (Path d : out) {
      if (!Files.isDirectory(d)) {
        throw new UsageException("--run-dir " + d + " is not a directory; give the directory that"
            + " holds .pipeline/");
      }
    }
    return out;
  }
}

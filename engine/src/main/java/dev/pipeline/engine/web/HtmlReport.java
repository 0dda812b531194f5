package dev.pipeline.engine.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pipeline.api.error.UsageException;
import dev.pipeline.engine.runview.RunCatalog;
import dev.pipeline.engine.runview.RunModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * One self-contained HTML file about a run, which opens with no network: its script, style, data
 * and dagre are inlined. Written to a temporary name beside the target and renamed, so a reader
 * never sees half a report. {@link #trace} writes {@code trace.tsv} the same way.
 */
public final class HtmlReport {
  private static final ObjectMapper JSON = new ObjectMapper();

  private HtmlReport() {}

  /**
   * Reads the journals of {@code catalog} and picks run {@code runId}, or the newest when null; a
   * usage error when there is no such run.
   */
  public static RunModel select(RunCatalog catalog, String runId, Path runDirectory) {
    catalog.refresh();
    Optional<RunModel> run = runId == null ? catalog.runs().stream().findFirst()
        : catalog.run(runId);
    return run.orElseThrow(() -> new UsageException(runId == null
        ? "no run recorded in " + runDirectory + "/.pipeline/journal.jsonl; give the --run-dir of"
            + " a run (one not started with --no-journal)"
        : "no run " + runId + " in " + runDirectory + "/.pipeline/journal.jsonl"));
  }

  /** Writes the report of {@code run}; {@code catalog} tells the run's state. */
  public static void write(RunCatalog catalog, RunModel run, Path file) {
    String data = toJson(ReportData.of(catalog, run));
    String page = Assets.own("report.html")
        .replace("/*STYLE*/", Assets.own("app.css") + Assets.own("report.css"))
        .replace("/*DAGRE*/", script(Assets.dagreWithLicence()))
        .replace("/*SCRIPT*/", script(Assets.own("dag.js") + "\n" + Assets.own("report.js")))
        .replace("/*DATA*/", data);
    atomically(file, out -> out.write(page));
  }

  /** Writes {@code trace.tsv} of {@code run}. */
  public static void trace(RunModel run, Path file) {
    atomically(file, out -> TraceWriter.write(run, out));
  }

  /** Checks before a run that the report can be written there: a usage error if not. */
  public static void checkWritable(Path file) {
    Path parent = file.toAbsolutePath().getParent();
    if (Files.isDirectory(file) || parent == null || !Files.isDirectory(parent)
        || !Files.isWritable(parent)) {
      throw new UsageException("cannot write the report " + file + ": "
          + (Files.isDirectory(file) ? "it is a directory" : "its directory is missing or not"
          + " writable") + "; give a file in an existing, writable directory");
    }
  }

  /** A script's text made safe to sit inside a script element. */
  private static String script(String source) {
    return source.replace("</script", "<\\/script");
  }

  private static String toJson(Object data) {
    try {
      // "<" never appears raw, so the data cannot close its script element.
      return JSON.writeValueAsString(data).replace("<", "\\u003c");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private interface Body {
    void write(Writer out) throws IOException;
  }

  private static void atomically(Path file, Body body) {
    Path target = file.toAbsolutePath();
    Path temporary = target.resolveSibling("." + target.getFileName() + ".tmp");
    try {
      try (Writer out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
        body.write(out);
      }
      Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      try {
        Files.deleteIfExists(temporary);
      } catch (IOException ignored) {
        // the error below is the one to report
      }
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}

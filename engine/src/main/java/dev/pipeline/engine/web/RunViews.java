package dev.pipeline.engine.web;

import dev.pipeline.engine.runview.LiveRun;
import dev.pipeline.engine.runview.RunCatalog;
import dev.pipeline.engine.runview.RunModel;
import dev.pipeline.engine.scheduler.Scheduler;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code pipeline run --ui [PORT] --report FILE} adds to a run: a live page while it runs
 * and a report (with {@code trace.tsv} beside it) when it ends, both fed by one {@link LiveRun}
 * listener. Nothing at all when neither is asked for.
 */
public final class RunViews {
  private final LiveRun live;
  private final UiServer server;
  private final Path report;
  private final PrintWriter err;

  private RunViews(LiveRun live, UiServer server, Path report, PrintWriter err) {
    this.live = live;
    this.server = server;
    this.report = report;
    this.err = err;
  }

  /** Adds the listener and starts the page; checks the report's place before the run. */
  public static RunViews attach(Scheduler scheduler, Integer uiPort, Path report,
      PrintWriter err) {
    if (uiPort == null && report == null) {
      return new RunViews(null, null, null, err);
    }
    if (report != null) {
      HtmlReport.checkWritable(report);
    }
    LiveRun live = LiveUi.listener(scheduler);
    scheduler.listener(live);
    UiServer server = null;
    if (uiPort != null) {
      server = UiServer.start(new RunCatalog(List.of(), live), UiOptions.local(uiPort));
      err.println("pipeline: live UI at " + server.address());
      err.flush();
    }
    return new RunViews(live, server, report, err);
  }

  /** After the run: writes the report, stops the page. A report that fails does not fail the run. */
  public void finish() {
    try {
      RunModel run = live == null ? null : live.model();
      if (report != null && run != null) {
        RunCatalog catalog = new RunCatalog(List.of(), live);
        HtmlReport.write(catalog, run, report);
        Path trace = report.toAbsolutePath().resolveSibling("trace.tsv");
        HtmlReport.trace(run, trace);
        err.println("pipeline: report in " + report + ", trace in " + trace);
      }
    } catch (UncheckedIOException e) {
      err.println("pipeline: " + e.getMessage());
    } finally {
      if (server != null) {
        server.close();
      }
      err.flush();
    }
  }
}

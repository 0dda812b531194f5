package dev.pipeline.engine.web;

import dev.pipeline.engine.journal.JournalRecord;
import dev.pipeline.engine.runview.AttemptView;
import dev.pipeline.engine.runview.RunCatalog;
import dev.pipeline.engine.runview.RunModel;
import dev.pipeline.engine.runview.TaskDetails;
import dev.pipeline.engine.runview.TaskView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON the page reads, built from the models while holding their lock. Every answer is
 * aggregated or paged: a run of 100,000 tasks is a handful of families with counts, and a family
 * is read a page at a time.
 */
final class ApiViews {
  static final int MAX_PAGE = 500;

  private ApiViews() {}

  /** The runs: state, start, duration, counts. */
  static List<Map<String, Object>> runs(RunCatalog catalog) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (RunModel run : catalog.runs()) {
      synchronized (run) {
        out.add(runHeader(catalog, run));
      }
    }
    return out;
  }

  private static Map<String, Object> runHeader(RunCatalog catalog, RunModel run) {
    Map<String, Object> m = new LinkedHashMap<>();
    JournalRecord started = run.started();
    m.put("id", run.runId());
    m.put("state", catalog.state(run));
    m.put("start", run.start() == null ? null : run.start().toString());
    m.put("end", run.end() == null ? null : run.end().toString());
    Instant stop = run.end() != null ? run.end() : Instant.now();
    m.put("seconds", run.start() == null ? 0
        : (stop.toEpochMilli() - run.start().toEpochMilli()) / 1000.0);
    m.put("total", run.total());
    m.put("counts", run.counts());
    m.put("roots", started == null ? List.of() : started.roots());
    m.put("directory", started == null ? null : started.directory());
    m.put("host", started == null ? null : started.host());
    m.put("pid", started == null ? null : started.pid());
    m.put("argv", started == null ? List.of() : started.argv());
    m.put("exitCode", run.finished() == null ? null : run.finished().exitCode());
    m.put("version", run.version());
    return m;
  }

  /** A run: its header and its graph of families with counts. */
  static Map<String, Object> run(RunCatalog catalog, RunModel run) {
    synchronized (run) {
      Map<String, Object> m = runHeader(catalog, run);
      List<Map<String, Object>> families = new ArrayList<>();
      for (RunModel.FamilySummary f : run.families()) {
        Map<String, Object> family = new LinkedHashMap<>();
        family.put("name", f.name());
        family.put("tasks", f.tasks());
        family.put("counts", f.counts());
        family.put("requires", f.requires());
        families.add(family);
      }
      m.put("families", families);
      return m;
    }
  }

  /** A page of a family's tasks. */
  static Map<String, Object> family(RunModel run, String family, String state, int offset,
      int limit) {
    synchronized (run) {
      RunModel.Page page = run.page(family, state, offset, Math.min(limit, MAX_PAGE));
      Instant now = Instant.now();
      List<Map<String, Object>> tasks = new ArrayList<>();
      for (TaskView t : page.tasks()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("state", t.state());
        m.put("attempts", t.attempts().size());
        m.put("seconds", t.seconds(now));
        tasks.add(m);
      }
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("family", family);
      out.put("total", page.total());
      out.put("offset", offset);
      out.put("tasks", tasks);
      return out;
    }
  }

  /** A task: parameters, attempts, host, GPUs, outputs and provenance where known, log. */
  static Map<String, Object> task(RunModel run, TaskView t, TaskDetails details) {
    synchronized (run) {
      Instant now = Instant.now();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", t.id());
      m.put("family", t.family());
      m.put("state", t.state());
      m.put("message", t.message());
      m.put("parameters", t.parameters());
      m.put("host", run.started() == null ? null : run.started().host());
      AttemptView last = t.lastAttempt();
      m.put("gpus", last == null ? List.of() : last.gpus());
      m.put("log", t.log());
      List<Map<String, Object>> attempts = new ArrayList<>();
      for (AttemptView a : t.attempts()) {
        attempts.add(attempt(a, now));
      }
      m.put("attempts", attempts);
      List<Map<String, Object>> published = new ArrayList<>();
      for (TaskView.PublishedItem p : t.published()) {
        published.add(Map.of("name", p.name(), "path", p.path()));
      }
      m.put("published", published);
      m.put("outputs", details.outputs(t.id()).orElse(null));
      m.put("provenance", details.provenance(t.id()).orElse(null));
      return m;
    }
  }

  private static Map<String, Object> attempt(AttemptView a, Instant now) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("number", a.number());
    m.put("state", a.state());
    m.put("start", a.start().toString());
    m.put("end", a.end() == null ? null : a.end().toString());
    m.put("seconds", a.seconds(now));
    m.put("gpus", a.gpus());
    m.put("exitCode", a.exitCode());
    m.put("cpuSeconds", a.cpuSeconds());
    m.put("peakRssKb", a.peakRssKb());
    m.put("message", a.message());
    return m;
  }
}

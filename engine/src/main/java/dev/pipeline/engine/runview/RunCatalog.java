package dev.pipeline.engine.runview;

import dev.pipeline.engine.journal.HostName;
import dev.pipeline.engine.journal.JournalRecord;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Every run a UI serves: the live run of this process, if any, and the runs in the journals of
 * the given run directories, followed as they grow ({@link #refresh()}).
 */
public final class RunCatalog {
  private final List<JournalTail> journals = new ArrayList<>();
  private final LiveRun live;
  private final String localHost = HostName.current();

  public RunCatalog(List<Path> runDirectories, LiveRun live) {
    runDirectories.forEach(d -> journals.add(new JournalTail(d)));
    this.live = live;
  }

  /** Reads what the journals gained; true when anything changed. */
  public boolean refresh() {
    boolean changed = false;
    for (JournalTail j : journals) {
      changed |= j.poll();
    }
    return changed;
  }

  /** Every run, newest first. */
  public List<RunModel> runs() {
    List<RunModel> out = new ArrayList<>();
    RunModel own = live == null ? null : live.model();
    if (own != null) {
      out.add(own);
    }
    for (JournalTail j : journals) {
      for (RunModel m : j.runs()) {
        if (own == null || !m.runId().equals(own.runId())) {
          out.add(m);
        }
      }
    }
    out.sort(Comparator.comparing((RunModel m) -> m.start() == null ? Instant.EPOCH : m.start())
        .reversed());
    return out;
  }

  public Optional<RunModel> run(String runId) {
    return runs().stream().filter(m -> m.runId().equals(runId)).findFirst();
  }

  /** Outputs and provenance beyond the journal: known for the live run only. */
  public TaskDetails details(RunModel run) {
    return live != null && run == live.model() ? live.details() : TaskDetails.NONE;
  }

  /** A sum of every run's version: changes whenever any run does. */
  public long version() {
    long v = 0;
    for (RunModel m : runs()) {
      v += m.version();
    }
    return v;
  }

  /**
   * {@code running}, {@code finished}, {@code failed} (finished with a non-zero exit), or
   * {@code stopped} (no end recorded and its process, on this host, is gone).
   */
  public String state(RunModel run) {
    JournalRecord end = run.finished();
    if (end != null) {
      return end.exitCode() != null && end.exitCode() != 0 ? "failed" : "finished";
    }
    if (live != null && run == live.model()) {
      return "running";
    }
    JournalRecord start = run.started();
    if (start == null || start.pid() == null || !localHost.equals(start.host())) {
      return "running";
    }
    return process(run).isPresent() ? "running" : "stopped";
  }

  /**
   * The engine process of a run on this host, if it still lives: the recorded pid, and a process
   * that started before the run did (not a later one that reused the pid).
   */
  private Optional<ProcessHandle> process(RunModel run) {
    JournalRecord start = run.started();
    if (start == null || start.pid() == null || !localHost.equals(start.host())) {
      return Optional.empty();
    }
    Instant began = run.start();
    return ProcessHandle.of(start.pid()).filter(ProcessHandle::isAlive).filter(p -> began == null
        || p.info().startInstant().map(t -> !t.isAfter(began.plusSeconds(1))).orElse(true));
  }

  /** Stops a run: the live one through its own interrupt, another local one by SIGTERM. */
  public boolean stop(RunModel run) {
    if (live != null && run == live.model()) {
      live.stop();
      return true;
    }
    if (run.finished() != null) {
      return false;
    }
    return process(run).map(ProcessHandle::destroy).orElse(false);
  }
}

package dev.pipeline.sweep;

import dev.pipeline.engine.config.ValueParsers;
import dev.pipeline.api.Command;
import dev.pipeline.api.CommandFailedException;
import dev.pipeline.api.Family;
import dev.pipeline.api.Param;
import dev.pipeline.api.ResourceRequest;
import dev.pipeline.api.Task;
import dev.pipeline.api.TaskContext;
import dev.pipeline.api.TaskFailedException;
import dev.pipeline.engine.journal.HostName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One point of a sweep: its commands, run in template order through the task's executor; the
 * first failure skips the rest of the point. Every outcome goes to {@code stat.json} as it
 * happens (written atomically); the point is complete when all its selected commands succeeded
 * ({@link StatTarget}), so succeeded points are skipped and failed ones run again.
 *
 * <p>Identity is the output directory and the name, not the commands or the template text: two
 * processes working on one output directory share each point's claim (one runs it, the other
 * waits), whatever commands each was asked to run.
 */
@Family(value = "sweep.SweepPoint", description = "one point of an experiment sweep (pipeline sweep)")
public final class SweepPoint extends Task {
  @Param(description = "the sweep's output directory", required = true)
  Path dir;

  @Param(description = "the point's name", required = true)
  String name;

  @Param(description = "state files kept in the output directory itself (--no-param-dir)")
  boolean sharedDir;

  /** Not part of the identity: processes with different selections still share a point's claim. */
  @Param(significant = false, description = "the invocation's frozen plan"
      + " (.pipeline/sweep/plan-RUN.json), from which a cluster job rebuilds the point")
  Path plan;

  private volatile SweepPlan.Point point;
  private volatile SweepContext sweep;

  /**
   * For {@code pipeline run-task SweepPoint} in a cluster job: the engine sets the parameters
   * after construction, and the point and its context are read from {@link #plan} on first use.
   */
  public SweepPoint() {}

  SweepPoint(SweepPlan.Point point, SweepContext sweep, Path plan) {
    this.sweep = sweep;
    this.point = point;
    this.dir = sweep.layout().output;
    this.name = point.name();
    this.sharedDir = sweep.layout().sharedDir;
    this.plan = plan;
  }

  SweepPlan.Point point() {
    resolve();
    return point;
  }

  private SweepContext sweep() {
    resolve();
    return sweep;
  }

  private void resolve() {
    if (point != null) {
      return;
    }
    synchronized (this) {
      if (point == null) {
        if (plan == null) {
          throw new IllegalStateException("SweepPoint " + name + " has no --plan; sweep points are"
              + " built by 'pipeline sweep', which freezes them to a plan file for cluster jobs");
        }
        FrozenSweep frozen = FrozenSweep.read(plan);
        SweepPlan.Point p = frozen.point(name, plan);
        sweep = frozen.context();
        point = p;
      }
    }
  }

  @Override
  public StatTarget output() {
    return target();
  }

  StatTarget target() {
    return new StatTarget(sweep().layout().statFile(name), new ArrayList<>(point().commands().keySet()),
        forcedRun());
  }

  /** With -f, the invocation whose successes count; null otherwise. */
  String forcedRun() {
    return sweep().force() ? sweep().runId() : null;
  }

  @Override
  public ResourceRequest resources() {
    return sweep().gpuSlots() ? ResourceRequest.gpus(1) : ResourceRequest.NONE;
  }

  @Override
  public void run(TaskContext context) throws Exception {
    SweepLayout layout = sweep().layout();
    String gpu = context.environment().get("CUDA_VISIBLE_DEVICES");
    Files.createDirectories(layout.pointDir(name));
    String record = layout.recordText(name);
    if (record != null) {
      Files.createDirectories(layout.resolve(record));
      writeArgs(layout.resolve(record).resolve("args.txt"));
    }
    writeParams(layout.paramFile(name), gpu);

    Path statFile = layout.statFile(name);
    LinkedHashMap<String, Object> stat = JsonText.readObject(statFile);
    long deadline = sweep().timeout() == null ? 0 : System.nanoTime() + sweep().timeout().toNanos();
    String failed = null;
    String reason = null;
    for (Map.Entry<String, List<String>> c : point().commands().entrySet()) {
      String command = c.getKey();
      if (failed != null) {
        stat.put(command, entry(-1, "skipped", null, gpu, null, null, "command '" + failed + "' failed"));
        continue;
      }
      if (StatTarget.succeeded(stat.get(command), forcedRun())) {
        sweep().reporter().skip(point(), command);
        continue;
      }
      Duration left = deadline == 0 ? null : Duration.ofNanos(deadline - System.nanoTime());
      if (left != null && (left.isNegative() || left.isZero())) {
        failed = command;
        reason = timedOut();
        stat.put(command, entry(1, "failed", null, gpu, Instant.now(), Instant.now(), reason));
        sweep().reporter().fail(point(), command, gpu, reason, 0, null);
        continue;
      }
      Instant start = Instant.now();
      LinkedHashMap<String, Object> running = entry(-1, "running", null, gpu, start, null, null);
      running.put("host", HostName.current());
      running.put("pid", ProcessHandle.current().pid());
      stat.put(command, running);
      JsonText.replace(statFile, stat);
      sweep().reporter().start(point(), command, gpu);
      Path out = layout.resolve(layout.stdoutText(name, command));
      Path err = layout.resolve(layout.stderrText(name, command));
      try {
        // The engine opens the point's log files for the program: no shell in between.
        context.exec(new Command(c.getValue(), layout.workDir, Map.of(), left).redirect(out, err));
        Instant end = Instant.now();
        stat.put(command, entry(0, "finished", 0, gpu, start, end, null));
        sweep().reporter().succeed(point(), command, gpu, seconds(start, end));
      } catch (TaskFailedException e) {
        Instant end = Instant.now();
        if (context.cancelled()) {
          stat.put(command, entry(-1, "interrupted", null, gpu, start, end, "the sweep was interrupted"));
          JsonText.replace(statFile, stat);
          throw new InterruptedException("interrupted");
        }
        Integer code = e instanceof CommandFailedException f && f.exitCode().isPresent()
            ? f.exitCode().getAsInt() : null;
        boolean late = deadline != 0 && System.nanoTime() - deadline >= 0;
        reason = late ? timedOut() : code != null ? "exited with code " + code
            : firstLine(e.getMessage());
        stat.put(command, entry(1, "failed", code, gpu, start, end, reason));
        failed = command;
        sweep().reporter().fail(point(), command, gpu, reason, seconds(start, end),
            layout.stdoutText(name, command));
      } catch (InterruptedException e) {
        stat.put(command, entry(-1, "interrupted", null, gpu, start, Instant.now(),
            "the sweep was interrupted"));
        JsonText.replace(statFile, stat);
        throw e;
      } catch (IOException | RuntimeException e) {
        stat.put(command, entry(1, "failed", null, gpu, start, Instant.now(), "could not run: " + e));
        JsonText.replace(statFile, stat);
        throw e;
      }
      JsonText.replace(statFile, stat);
    }
    JsonText.replace(statFile, stat);
    if (failed != null) {
      throw new TaskFailedException("command '" + failed + "' " + reason + " (log: "
          + layout.stdoutText(name, failed) + ")");
    }
  }

  private String timedOut() {
    return "timed out after " + ValueParsers.formatDuration(sweep().timeout())
        + " (--timeout, for the whole point) and was killed";
  }

  /** param.json: the point's parameters and reserved values; command lines merge with earlier ones. */
  private void writeParams(Path file, String gpu) throws IOException {
    SweepLayout layout = sweep().layout();
    LinkedHashMap<String, Object> old = JsonText.readObject(file);
    LinkedHashMap<String, Object> commands = new LinkedHashMap<>();
    if (old.get("_commands") instanceof Map<?, ?> m) {
      m.forEach((k, v) -> commands.put(String.valueOf(k), v));
    }
    point().commands().forEach((c, argv) -> commands.put(c, ShellText.line(gpu, argv,
        layout.stdoutText(name, c), layout.stderrText(name, c))));
    LinkedHashMap<String, Object> params = new LinkedHashMap<>(old);
    params.putAll(point().params());
    params.put("_name", name);
    params.put("_output", layout.outputPlaceholder(name));
    params.put("_datetime", layout.datetime);
    params.put("_commands", commands);
    JsonText.replace(file, params);
  }

  /** args.txt of a dict-style point: one {@code name=value} per line, as the job submitter wrote. */
  private void writeArgs(Path file) throws IOException {
    StringBuilder text = new StringBuilder();
    point().params().forEach((k, v) -> text.append(k).append('=').append(PyFormat.str(v)).append('\n'));
    dev.pipeline.api.targets.local.LocalFileTarget.of(file).writeString(text.toString());
  }

  private LinkedHashMap<String, Object> entry(int code, String status, Integer exit, String gpu,
      Instant start, Instant end, String error) {
    LinkedHashMap<String, Object> e = new LinkedHashMap<>();
    e.put("code", code);
    e.put("status", status);
    if (exit != null) {
      e.put("exit", exit);
    }
    e.put("gpu", gpu);
    if (start != null) {
      e.put("start", start.truncatedTo(ChronoUnit.MILLIS).toString());
    }
    if (end != null) {
      e.put("end", end.truncatedTo(ChronoUnit.MILLIS).toString());
      e.put("seconds", seconds(start, end));
    }
    if (error != null) {
      e.put("error", error);
    }
    e.put("run", sweep().runId());
    return e;
  }

  private static double seconds(Instant start, Instant end) {
    return start == null ? 0 : Math.round(Duration.between(start, end).toMillis() / 10.0) / 100.0;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "failed";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}

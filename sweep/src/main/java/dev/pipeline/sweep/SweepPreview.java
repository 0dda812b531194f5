package dev.pipeline.sweep;

import dev.pipeline.api.error.ExitCode;
import dev.pipeline.api.error.UsageException;
import dev.pipeline.engine.executor.grid.JobScripts;
import dev.pipeline.engine.executor.k8s.KubernetesExecutor;
import dev.pipeline.engine.executor.k8s.KubernetesExecutor.ManualJob;
import dev.pipeline.engine.executor.grid.PreparedSubmission;
import dev.pipeline.engine.graph.CompletenessChecker;
import dev.pipeline.api.TaskFailedException;
import dev.pipeline.engine.scheduler.ManualSubmissions;
import dev.pipeline.engine.scheduler.RunOptions;
import dev.pipeline.api.targets.local.LocalFileTarget;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The modes that run nothing: {@code --dry-run} (what would run) and {@code --manual} (job
 * scripts to run by hand: a bash script per point here, or the cluster submissions the engine
 * would make (job arrays, Kubernetes Job manifests), with the commands that submit them).
 */
final class SweepPreview {
  /** The Secret that the Jobs written by {@code --manual} read their S3 credentials from. */
  static final String MANUAL_SECRET = "pipeline-sweep-s3";

  private final PrintWriter out;
  private final SweepLayout layout;
  private final List<String> slots;

  SweepPreview(PrintWriter out, SweepLayout layout, List<String> slots) {
    this.out = out;
    this.layout = layout;
    this.slots = slots;
  }

  int dryRun(List<SweepPoint> tasks) {
    out.println("Tasks: " + tasks.size() + ", commands to run: " + SweepRunner.commandsToRun(tasks)
        + " (dry run: nothing runs, nothing is written)");
    if (slots != null) {
      out.println("GPU slots: " + String.join(" | ", slots)
          + " (each point gets one; CUDA_VISIBLE_DEVICES is set to it)");
    }
    for (SweepPoint t : tasks) {
      SweepPlan.Point p = t.point();
      var stat = JsonText.readObject(layout.statFile(p.name()));
      boolean complete = CompletenessChecker.isComplete(t);
      out.println((complete ? "SKIP " : "RUN  ") + p.index() + "/" + tasks.size() + " " + p.name());
      p.commands().forEach((c, argv) -> {
        if (StatTarget.succeeded(stat.get(c), t.forcedRun())) {
          out.println("  " + c + ": succeeded before, skipped");
        } else {
          out.println("  " + c + ": " + ShellText.line(null, argv, layout.stdoutText(p.name(), c),
              layout.stderrText(p.name(), c)));
        }
      });
    }
    out.flush();
    return ExitCode.OK.code();
  }

  /**
   * {@code --manual}: for points that run here, one script per point that needs to run, in {@code
   * OUTPUT/manual/}, and the command that runs each (GPU slots handed out round-robin); for points
   * that go to a cluster, the job arrays written as the engine would submit them, and the submit
   * commands. Nothing is run or submitted.
   */
  int manual(List<SweepPoint> tasks, SweepExecutors executors, RunOptions options) {
    List<SweepPoint> pending = new ArrayList<>();
    for (SweepPoint t : tasks) {
      if (!CompletenessChecker.isComplete(t)) {
        pending.add(t);
      }
    }
    List<SweepPoint> remote = new ArrayList<>();
    List<SweepPoint> kubernetes = new ArrayList<>();
    List<SweepPoint> local = new ArrayList<>();
    for (SweepPoint t : pending) {
      String executor = executors.elsewhere(t);
      (executor == null ? local : "kubernetes".equals(executor) ? kubernetes : remote).add(t);
    }
    int written = local.isEmpty() ? 0 : localScripts(local);
    if (!remote.isEmpty()) {
      written += submissions(remote, executors, options);
    }
    if (!kubernetes.isEmpty()) {
      written += kubernetesJobs(kubernetes, executors, options);
    }
    String already = pending.size() < tasks.size()
        ? " (" + (tasks.size() - pending.size()) + " point(s) already succeeded)" : "";
    out.println("# " + written + " job file(s) written" + (!remote.isEmpty() ? "" : " to "
        + layout.outputText + "/manual/") + already + "; nothing was run");
    out.flush();
    return ExitCode.OK.code();
  }

  private int submissions(List<SweepPoint> points, SweepExecutors executors, RunOptions options) {
    List<PreparedSubmission> prepared;
    try {
      prepared = ManualSubmissions.prepare(executors.remote(), options, points);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the job scripts: " + e.getMessage(), e);
    }
    for (PreparedSubmission s : prepared) {
      List<String> words = new ArrayList<>();
      s.command().forEach(w -> words.add(JobScripts.shellQuote(w)));
      out.println(String.join(" ", words));
    }
    out.println("# each job runs one point (pipeline run-task sweep.SweepPoint) and records it in its"
        + " stat.json; the jobs' output goes to " + layout.outputText + "/.pipeline/logs/ unless"
        + " --run-dir moved it");
    return prepared.size();
  }

  /**
   * One Job manifest per point in {@code OUTPUT/manual/}, as the engine would submit it, except
   * that all of them read the S3 credentials from one Secret the user creates (the engine makes
   * one per Job and deletes it afterwards; no credential is ever written here).
   */
  private int kubernetesJobs(List<SweepPoint> points, SweepExecutors executors, RunOptions options) {
    Path dir = layout.output.resolve("manual");
    List<String> applies = new ArrayList<>();
    String namespace = null;
    List<ManualJob> jobs;
    try {
      jobs = ManualSubmissions.kubernetesJobs(executors.remote(), options, points, MANUAL_SECRET);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the Job manifests: " + e.getMessage(), e);
    } catch (TaskFailedException e) {
      throw new UsageException("--manual: " + e.getMessage());
    }
    for (int i = 0; i < points.size(); i++) {
      Path file = dir.resolve(points.get(i).point().name() + ".job.yaml");
      try {
        LocalFileTarget.of(file).writeString(jobs.get(i).yaml());
        namespace = jobs.get(i).namespace();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
      }
      applies.add("kubectl apply -f "
          + ShellText.quote(layout.outputText + "/manual/" + file.getFileName()));
    }
    String ns = ShellText.quote(namespace);
    out.println("# the Jobs read the S3 credentials from the Secret " + MANUAL_SECRET
        + "; create it once, from your environment (delete it when the Jobs are done):");
    out.println("kubectl -n " + ns + " create secret generic " + MANUAL_SECRET
        + " --from-literal=AWS_ACCESS_KEY_ID=\"$AWS_ACCESS_KEY_ID\""
        + " --from-literal=AWS_SECRET_ACCESS_KEY=\"$AWS_SECRET_ACCESS_KEY\""
        // temporary credentials (STS, SSO) are refused without their session token
        + (executors.hasVariable("AWS_SESSION_TOKEN") ? " --from-literal=AWS_SESSION_TOKEN=\"$AWS_SESSION_TOKEN\"" : ""));
    applies.forEach(out::println);
    out.println("# follow them: kubectl -n " + ns + " get jobs -l "
        + KubernetesExecutor.FAMILY_LABEL + "=" + SweepExecutors.FAMILY
        + "; each Job's pod runs one point and records it in its stat.json");
    return points.size();
  }

  private int localScripts(List<SweepPoint> points) {
    Path dir = layout.output.resolve("manual");
    int written = 0;
    for (SweepPoint t : points) {
      SweepPlan.Point p = t.point();
      Path script = dir.resolve(p.name() + ".sh");
      try {
        LocalFileTarget.of(script).writeString(script(p, written));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + script + ": " + e.getMessage(), e);
      }
      out.println("bash " + ShellText.quote(layout.outputText + "/manual/" + p.name() + ".sh"));
      written++;
    }
    return written;
  }

  private String script(SweepPlan.Point p, int slot) {
    StringBuilder s = new StringBuilder("#!/usr/bin/env bash\n");
    s.append("# Sweep point ").append(p.name()).append(", written by 'pipeline sweep --manual' at ")
        .append(layout.datetime).append(".\n");
    s.append("# Runs the point's commands in order and stops at the first failure. It does not\n");
    s.append("# record outcomes in stat.json; 'pipeline sweep' without --manual does.\n");
    s.append("set -u\n");
    s.append("cd ").append(ShellText.quote(layout.workDir.toString())).append(" || exit\n");
    if (slots != null) {
      s.append("export CUDA_VISIBLE_DEVICES=").append(ShellText.quote(slots.get(slot % slots.size())))
          .append('\n');
    }
    Set<String> dirs = new LinkedHashSet<>();
    p.commands().keySet().forEach(c -> {
      dirs.add(parent(layout.stdoutText(p.name(), c)));
      dirs.add(parent(layout.stderrText(p.name(), c)));
    });
    s.append("mkdir -p");
    dirs.forEach(d -> s.append(' ').append(ShellText.quote(d)));
    s.append('\n');
    p.commands().forEach((c, argv) -> s.append(ShellText.line(null, argv,
        layout.stdoutText(p.name(), c), layout.stderrText(p.name(), c))).append(" || exit\n"));
    return s.toString();
  }

  private static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash <= 0 ? "." : path.substring(0, slash);
  }
}

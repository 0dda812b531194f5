package dev.pipeline.cli.cluster;

import dev.pipeline.api.Family;
import dev.pipeline.api.Param;
import dev.pipeline.api.ResourceRequest;
import dev.pipeline.api.Task;
import dev.pipeline.api.TaskContext;
import dev.pipeline.api.targets.local.LocalFileTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Task families for the cluster tests (registered only through a test's --classpath services
 * file, so they never show up in other tests). Each writes what it saw on the node.
 */
public final class ClusterTasks {
  private ClusterTasks() {}

  static String seen(TaskContext ctx) {
    return "cuda=" + ctx.environment().getOrDefault("CUDA_VISIBLE_DEVICES", "unset")
        + " gpus=" + String.join(",", ctx.gpus())
        + " job=" + System.getenv().getOrDefault("SLURM_JOB_ID", "none")
        + " array=" + System.getenv().getOrDefault("SLURM_ARRAY_TASK_ID", "none")
        + " restart=" + ctx.restartCount() + "\n";
  }

  /** Writes a marker; the start of the DAG. */
  @Family("CtPrep")
  public static class Prep extends Task {
    @Param(required = true) Path out;

    @Override
    public Object output() {
      return LocalFileTarget.of(out.resolve("prep.txt"));
    }

    @Override
    public void run(TaskContext ctx) throws Exception {
      ((LocalFileTarget) outputTarget()).writeString(seen(ctx));
    }
  }

  /** An in-process Java task on GPUs: records the CUDA_VISIBLE_DEVICES it was given. */
  @Family("CtGpuProbe")
  public static class GpuProbe extends Task {
    @Param(required = true) Path out;
    @Param int index;
    @Param int gpus = 1;
    @Param int sleepSeconds = 3;

    @Override
    public Object requires() {
      return req(Prep.class);
    }

    @Override
    public ResourceRequest resources() {
      return ResourceRequest.gpus(gpus);
    }

    @Override
    public Object output() {
      return LocalFileTarget.of(out.resolve("gpu-probe-" + index + ".txt"));
    }

    @Override
    public void run(TaskContext ctx) throws Exception {
      Thread.sleep(sleepSeconds * 1000L); // overlap with the other GPU task
      ((LocalFileTarget) outputTarget()).writeString(seen(ctx));
    }
  }

  /** A command task on a GPU: the child process prints the CUDA_VISIBLE_DEVICES it inherits. */
  @Family("CtGpuCommand")
  public static class GpuCommand extends Task {
    @Param(required = true) Path out;

    @Override
    public Object requires() {
      return req(Prep.class);
    }

    @Override
    public ResourceRequest resources() {
      return ResourceRequest.gpus(1);
    }

    @Override
    public Object output() {
      return LocalFileTarget.of(out.resolve("gpu-command.txt"));
    }

    @Override
    public void run(TaskContext ctx) throws Exception {
      LocalFileTarget target = outputTarget();
      try (var staged = target.stage()) {
        ctx.exec(List.of("bash", "-c", "echo \"cuda=$CUDA_VISIBLE_DEVICES job=$SLURM_JOB_ID\" > \"$0\"",
            staged.path().toString()));
        staged.commit();
      }
    }
  }

  /** A small DAG: prep, two GPU probes (Java), one GPU command, then a summary. */
  @Family("CtGpuDag")
  public static class GpuDag extends Task {
    @Param(required = true) Path out;

    @Override
    public Object requires() {
      return List.of(req(GpuProbe.class, "index", 0), req(GpuProbe.class, "index", 1),
          req(GpuCommand.class));
    }

    @Override
    public Object output() {
      return LocalFileTarget.of(out.resolve("summary.txt"));
    }

    @Override
    public void run(TaskContext ctx) throws Exception {
      StringBuilder all = new StringBuilder();
      for (String f : List.of("gpu-probe-0.txt", "gpu-probe-1.txt", "gpu-command.txt")) {
        all.append(f).append(": ").append(Files.readString(out.resolve(f)));
      }
      ((LocalFileTarget) outputTarget()).writeString(all.toString());
    }
  }

  /** One leaf of a fan-out; leaves of one family go out as one job array. */
  @Family("CtLeaf")
  public static class Leaf extends Task {
    @Param(required = true) Path out;
    @Param int index;
    @Param int sleepSeconds = 2;

    @Override
    public Object output() {
      return LocalFileTarget.of(out.resolve("leaf-" + index + ".txt"));
    }

    @Override
    public void run(TaskContext ctx) throws Exception {
      Thread.sleep(sleepSeconds * 1000L);
      ((LocalFileTarget) outputTarget()).writeString(seen(ctx));
    }
  }

  /** Touches 50 MB and burns 0.3 s of CPU: its job's figures in the journal must show both. */
  @Family("CtBurn")
  public static class Burn extends Task {
    @Param(required = true) Path out;
    static volatile byte[] sink;

    @Override
    public Object output() {
      return LocalFileTarget.of(out.resolve("burnt.txt"));
    }

    @Override
    public void run(TaskContext ctx) throws Exception {
      sink = new byte[50_000_000];
      java.util.Arrays.fill(sink, (byte) 1);
      var threads = java.lang.management.ManagementFactory.getThreadMXBean();
      long start = threads.getCurrentThreadCpuTime();
      while (threads.getCurrentThreadCpuTime() - start < 300_000_000L) {
        sink[(int) (System.nanoTime() % sink.length)]++;
      }
      ((LocalFileTarget) outputTarget()).writeString(seen(ctx));
    }
  }

  /** A fan-out of {@code n} leaves (a wrapper: no output, so it runs in the engine). */
  @Family("CtFanout")
  public static class Fanout extends Task {
    @Param(required = true) Path out;
    @Param int n = 4;

    @Override
    public Object requires() {
      List<Task> leaves = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        leaves.add(req(Leaf.class, "index", i));
      }
      return leaves;
    }
  }

  /**
   * Long work in steps, saved to its checkpoint directory after each step: a job killed at its
   * wall time resumes where it stopped when it is resubmitted.
   */
  @Family("CtCheckpointed")
  public static class Checkpointed extends Task {
    @Param(required = true) Path out;
    @Param int steps = 20;
    @Param int stepSeconds = 5;

    @Override
    public Object output() {
      return LocalFileTarget.of(out.resolve("checkpointed.txt"));
    }

    @Override
    public void run(TaskContext ctx) throws Exception {
      Path state = ctx.checkpointDirectory().resolve("step");
      int start = Files.exists(state) ? Integer.parseInt(Files.readString(state).strip()) : 0;
      ctx.log().println("restart " + ctx.restartCount() + ": starting at step " + start);
      Path history = ctx.checkpointDirectory().resolve("history");
      Files.writeString(history, "restart " + ctx.restartCount() + " from step " + start + "\n",
          java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
      for (int i = start; i < steps; i++) {
        Thread.sleep(stepSeconds * 1000L);
        Path tmp = state.resolveSibling("step.tmp");
        Files.writeString(tmp, Integer.toString(i + 1));
        Files.move(tmp, state, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        ctx.log().println("step " + (i + 1) + " of " + steps + " done");
      }
      ((LocalFileTarget) outputTarget()).writeString(Files.readString(history));
    }
  }

  /** Sleeps, then writes its output: a job that is still running when the engine goes away. */
  @Family("CtSleeper")
  public static class Sleeper extends Task {
    @Param(required = true) Path out;
    @Param int index;
    @Param int seconds = 20;

    @Override
    public Object output() {
      return LocalFileTarget.of(out.resolve("sleeper-" + index + ".txt"));
    }

    @Override
    public void run(TaskContext ctx) throws Exception {
      Thread.sleep(seconds * 1000L);
      ((LocalFileTarget) outputTarget()).writeString(seen(ctx));
    }
  }

  /** Several sleepers side by side. */
  @Family("CtSleepers")
  public static class Sleepers extends Task {
    @Param(required = true) Path out;
    @Param int n = 2;

    @Override
    public Object requires() {
      List<Task> all = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        all.add(req(Sleeper.class, "index", i));
      }
      return all;
    }
  }
}

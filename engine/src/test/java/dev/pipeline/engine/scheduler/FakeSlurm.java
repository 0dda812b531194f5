package dev.pipeline.engine.scheduler;

import dev.pipeline.engine.executor.grid.CommandResult;
import dev.pipeline.engine.executor.grid.FakeCommandRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A SLURM the test drives by hand: sbatch registers the submission's entries as jobs (RUNNING),
 * squeue reports their states, scancel cancels, and {@link #finish} ends a job the way a node
 * would (exit-code file, then the final state). Jobs run nothing; the test writes outputs.
 */
final class FakeSlurm {
  /** One job as the fake cluster holds it. */
  record Job(String id, Path dir, int index, Path exitFile, List<String> env, List<String> argv) {}

  final FakeCommandRunner runner = new FakeCommandRunner();
  private final Map<String, Job> jobs = new LinkedHashMap<>();
  private final Map<String, String> states = new LinkedHashMap<>();
  private final List<Path> submissions = new ArrayList<>();
  private int next = 100;

  FakeSlurm() {
    runner.on("sbatch", this::sbatch).on("squeue", this::squeue).on("scancel", this::scancel)
        .on("sacct", 1, "", "Slurm accounting storage is disabled")
        .on("scontrol", 1, "", "slurm_load_jobs error: Invalid job id specified");
  }

  synchronized List<Path> submissions() {
    return new ArrayList<>(submissions);
  }

  synchronized List<Job> jobs() {
    return new ArrayList<>(jobs.values());
  }

  synchronized String state(String id) {
    return states.get(id);
  }

  synchronized void setState(String id, String state) {
    states.put(id, state);
  }

  /** Ends a job: writes its exit-code file (unless null), then the state squeue reports. */
  synchronized void finish(String id, String state, Integer exitCode) throws IOException {
    if (exitCode != null) {
      Files.writeString(jobs.get(id).exitFile(), exitCode + "\n");
    }
    states.put(id, state);
  }

  /** Registers a job an earlier engine submitted (for re-attach). */
  synchronized void adopt(String id, Path exitFile, String state) {
    jobs.put(id, new Job(id, null, 0, exitFile, List.of(), List.of()));
    states.put(id, state);
  }

  private synchronized CommandResult sbatch(List<String> argv) {
    Path script = Path.of(argv.get(argv.size() - 1));
    Path dir = script.getParent();
    try {
      boolean array = Files.readString(script).contains("#SBATCH --array=");
      int count = 0;
      while (Files.exists(dir.resolve(count + ".job"))) {
        count++;
      }
      String id = Integer.toString(next++);
      for (int i = 0; i < count; i++) {
        String[] f = new String(Files.readAllBytes(dir.resolve(i + ".job")), StandardCharsets.UTF_8).split("\0");
        int nEnv = Integer.parseInt(f[3]);
        String jobId = array ? id + "_" + i : id;
        jobs.put(jobId, new Job(jobId, dir, i, Path.of(f[0]), List.of(f).subList(4, 4 + nEnv),
            List.of(f).subList(4 + nEnv, f.length)));
        states.put(jobId, "RUNNING");
      }
      submissions.add(dir);
      return new CommandResult(argv, 0, id + "\n", "");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private synchronized CommandResult squeue(List<String> argv) {
    StringBuilder out = new StringBuilder();
    states.forEach((id, s) -> out.append(id).append('|').append(s).append('|')
        .append(s.equals("TIMEOUT") ? "TimeLimit" : "None").append('\n'));
    return new CommandResult(argv, 0, out.toString(), "");
  }

  private synchronized CommandResult scancel(List<String> argv) {
    for (String id : argv.subList(1, argv.size())) {
      String s = states.get(id);
      if (s != null && (s.equals("RUNNING") || s.equals("PENDING"))) {
        states.put(id, "CANCELLED");
      }
    }
    return new CommandResult(argv, 0, "", "");
  }
}

package dev.pipeline.engine.executor.slurm;

import dev.pipeline.engine.executor.JobHandle;
import dev.pipeline.engine.executor.JobSpec;
import dev.pipeline.engine.executor.JobStatus;
import dev.pipeline.engine.executor.grid.FakeCommandRunner;
import dev.pipeline.engine.executor.grid.GridOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Polling cost with N tracked SLURM jobs (default 10,000): one generated {@code squeue} output in
 * the exact format the executor asks for (100 arrays of 100 elements: 70% RUNNING, 25% PENDING,
 * 5% COMPLETED with exit-code files to read), parsed and matched against N handles. Prints the
 * number of status commands per poll and the parse and full-poll times (median and max of 30
 * polls after 10 warm-up polls). Run through {@code bench/slurm-poll.sh}; no JUnit, no SLURM.
 */
public final class SlurmPollBench {
  private SlurmPollBench() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    Path dir = Files.createTempDirectory("slurm-poll-bench");
    String squeue = generate(n);
    FakeCommandRunner slurm = new FakeCommandRunner().on("squeue", squeue);
    SlurmExecutor executor = new SlurmExecutor(GridOptions.of(dir, slurm), "bench",
        SlurmExecutor.Accounting.NO);
    List<JobHandle> jobs = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String id = (1000 + i / 100) + "_" + (i % 100);
      Path exit = dir.resolve("exit").resolve(i + ".exitcode");
      if (i % 100 >= 95) {
        Files.createDirectories(exit.getParent());
        Files.writeString(exit, "0\n");
      }
      jobs.add(executor.reattach(id, new JobSpec("b", List.of(), Map.of(), dir,
          dir.resolve("log"), exit, null), dir));
    }
    long[] parse = new long[30];
    long[] poll = new long[30];
    int calls = 0;
    for (int round = -10; round < 30; round++) {
      long t0 = System.nanoTime();
      int parsed = SlurmStates.parseSqueue(squeue).size();
      long t1 = System.nanoTime();
      slurm.reset();
      Map<JobHandle, JobStatus> result = executor.poll(jobs);
      long t2 = System.nanoTime();
      calls = slurm.calls().size();
      if (parsed != n || result.size() != n) {
        throw new IllegalStateException("parsed " + parsed + ", polled " + result.size());
      }
      if (round >= 0) {
        parse[round] = t1 - t0;
        poll[round] = t2 - t1;
      }
    }
    System.out.printf("jobs=%d squeue_bytes=%d status_calls_per_poll=%d parse_ms_median=%.2f"
        + " parse_ms_max=%.2f poll_ms_median=%.2f poll_ms_max=%.2f%n", n, squeue.length(), calls,
        median(parse), max(parse), median(poll), max(poll));
  }

  /** What {@code squeue -h -t all -r -o '%i|%T|%r'} prints for N array elements. */
  static String generate(int n) {
    StringBuilder out = new StringBuilder(n * 24);
    for (int i = 0; i < n; i++) {
      int element = i % 100;
      out.append(1000 + i / 100).append('_').append(element).append('|');
      if (element >= 95) {
        out.append("COMPLETED|None");
      } else if (element >= 70) {
        out.append("PENDING|JobArrayTaskLimit");
      } else {
        out.append("RUNNING|None");
      }
      out.append('\n');
    }
    return out.toString();
  }

  private static double median(long[] v) {
    long[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2] / 1e6;
  }

  private static double max(long[] v) {
    return Arrays.stream(v).max().orElse(0) / 1e6;
  }
}

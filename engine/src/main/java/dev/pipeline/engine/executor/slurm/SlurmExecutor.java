package dev.pipeline.engine.executor.slurm;

import dev.pipeline.engine.executor.grid.CommandResult;
import dev.pipeline.engine.executor.grid.GridExecutor;
import dev.pipeline.engine.executor.grid.GridJob;
import dev.pipeline.engine.executor.grid.GridOptions;
import dev.pipeline.engine.executor.grid.JobResources;
import dev.pipeline.engine.executor.grid.QueueStatus;
import dev.pipeline.engine.executor.grid.Submission;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SLURM through its command-line tools: {@code sbatch --parsable} (job arrays for fan-outs),
 * one {@code squeue -t all -r -u USER} per poll, {@code sacct} (where accounting exists) or
 * {@code scontrol show job} for jobs that left the queue, batched {@code scancel}.
 */
public final class SlurmExecutor extends GridExecutor {
  private static final Logger LOG = LoggerFactory.getLogger(SlurmExecutor.class);
  private static final int SCONTROL_PER_POLL = 20;

  /** Whether to ask {@code sacct} about jobs that left the queue. */
  public enum Accounting { AUTO, YES, NO }

  /** SLURM's MaxArraySize when the cluster does not say (its documented default). */
  static final int DEFAULT_MAX_ARRAY_SIZE = 1001;

  private final String user;
  private volatile Accounting accounting;
  /** The cluster's MaxArraySize, asked once ({@code scontrol show config}) at the first array. */
  private volatile Integer clusterMaxArraySize;

  public SlurmExecutor(GridOptions options, String user, Accounting accounting) throws IOException {
    super(options);
    this.user = user;
    this.accounting = accounting;
  }

  @Override
  public String name() {
    return "slurm";
  }

  @Override
  protected String displayName() {
    return "SLURM";
  }

  @Override
  protected String header(Submission s, Path dir) {
    List<String> d = new ArrayList<>();
    d.add("--job-name=" + s.label());
    d.add("--output=" + quoteIfNeeded((s.isArray() ? dir.resolve("%a.out")
        : s.entries().get(0).logFile()).toString()));
    d.add("--open-mode=append");
    if (s.isArray()) {
      d.add("--array=0-" + (s.entries().size() - 1) + (s.parallelism() > 0 ? "%" + s.parallelism() : ""));
    }
    JobResources r = s.resources();
    if (r.queue() != null) {
      d.add("--partition=" + r.queue());
    }
    if (r.account() != null) {
      d.add("--account=" + r.account());
    }
    if (r.time() != null) {
      d.add("--time=" + formatTime(r.time()));
    }
    if (r.cpus() > 0) {
      d.add("--cpus-per-task=" + r.cpus());
    }
    if (r.memoryMb() > 0) {
      d.add("--mem=" + r.memoryMb() + "M");
    }
    if (r.diskMb() > 0) {
      d.add("--tmp=" + r.diskMb() + "M");
    }
    if (r.gpus() > 0) {
      d.add("--gres=gpu:" + r.gpus());
    }
    StringBuilder out = new StringBuilder();
    d.forEach(line -> out.append("#SBATCH ").append(line).append('\n'));
    for (String extra : r.extra()) {
      String line = extra.strip();
      out.append(line.startsWith("#SBATCH") ? line : "#SBATCH " + line).append('\n');
    }
    return out.toString();
  }

  /**
   * An array's indices run from 0 to MaxArraySize - 1, so an array holds at most MaxArraySize
   * entries (0 disables arrays: then every entry is a job of its own).
   */
  @Override
  protected int maxArraySize() {
    Integer max = clusterMaxArraySize;
    if (max == null) {
      CommandResult r = run(List.of("scontrol", "show", "config"));
      OptionalInt read = r != null && r.ok() ? SlurmStates.parseMaxArraySize(r.stdout())
          : OptionalInt.empty();
      if (read.isEmpty()) {
        LOG.info("slurm: could not read MaxArraySize from scontrol show config; submitting arrays"
            + " of at most {} (SLURM's default){}", DEFAULT_MAX_ARRAY_SIZE,
            r == null ? "" : ":\n" + r.describe());
      }
      max = read.orElse(DEFAULT_MAX_ARRAY_SIZE);
      clusterMaxArraySize = max;
    }
    return max;
  }

  @Override
  protected List<String> submitCommand(Submission s, Path dir, Path script) {
    return List.of("sbatch", "--parsable", script.toString());
  }

  /** {@code 123} or {@code 123;cluster}, as {@code sbatch --parsable} prints it. */
  @Override
  protected String parseJobId(String stdout) {
    String first = stdout.strip().split("\n")[0].strip();
    int semi = first.indexOf(';');
    String id = semi >= 0 ? first.substring(0, semi) : first;
    if (!id.matches("\\d+")) {
      throw new IllegalArgumentException("expected a job id, got '" + first + "'");
    }
    return id;
  }

  @Override
  protected String elementId(String jobId, int index) {
    return jobId + "_" + index;
  }

  @Override
  protected List<String> statusCommand() {
    return List.of("squeue", "-h", "-t", "all", "-r", "-u", user, "-o", "%i|%T|%r");
  }

  @Override
  protected Map<String, QueueStatus> parseStatus(String stdout) {
    return SlurmStates.parseSqueue(stdout);
  }

  /**
   * Array elements that never started are not listed on their own once they end (cancelled while
   * pending): SLURM folds them into the array's own record ({@code 44|CANCELLED}), which then
   * speaks for them.
   */
  @Override
  protected QueueStatus find(Map<String, QueueStatus> queue, String jobId) {
    QueueStatus q = queue.get(jobId);
    int underscore = jobId.indexOf('_');
    return q != null || underscore < 0 ? q : queue.get(jobId.substring(0, underscore));
  }

  @Override
  protected List<String> cancelCommand(List<String> ids) {
    List<String> argv = new ArrayList<>();
    argv.add("scancel");
    argv.addAll(ids);
    return argv;
  }

  static List<String> sacctCommand(List<String> ids) {
    return List.of("sacct", "-X", "-n", "-P", "-j", String.join(",", ids), "-o", "JobID,State,ExitCode");
  }

  static List<String> scontrolCommand(String id) {
    return List.of("scontrol", "show", "job", "-o", id);
  }

  @Override
  protected Map<String, QueueStatus> queryHistory(List<GridJob> jobs) {
    List<String> ids = new ArrayList<>();
    jobs.forEach(j -> ids.add(j.jobId()));
    Map<String, QueueStatus> out = new HashMap<>();
    if (accounting != Accounting.NO) {
      CommandResult r = run(sacctCommand(ids));
      if (r != null && r.ok()) {
        out.putAll(SlurmStates.parseSacct(r.stdout()));
        return out;
      }
      if (accounting == Accounting.AUTO) {
        accounting = Accounting.NO;
        LOG.info("slurm: sacct is not usable here; asking scontrol about finished jobs instead{}",
            r == null ? "" : ":\n" + r.describe());
      }
    }
    // Without accounting, scontrol knows finished jobs until MinJobAge; one call per job, capped.
    for (String id : ids.subList(0, Math.min(ids.size(), SCONTROL_PER_POLL))) {
      CommandResult r = run(scontrolCommand(id));
      if (r != null && r.ok()) {
        out.putAll(SlurmStates.parseScontrol(r.stdout()));
      }
    }
    return out;
  }

  private CommandResult run(List<String> argv) {
    try {
      return options.runner().run(argv);
    } catch (IOException e) {
      LOG.debug("slurm: {} failed: {}", argv.get(0), e.getMessage());
      return null;
    }
  }

  /** SLURM's {@code --time}: {@code HH:MM:SS}, or {@code D-HH:MM:SS} from a day on. */
  static String formatTime(Duration d) {
    long s = Math.max(1, (d.toMillis() + 999) / 1000);
    long days = s / 86_400;
    String hms = String.format(Locale.ROOT, "%02d:%02d:%02d", (s % 86_400) / 3600, (s % 3600) / 60, s % 60);
    return days > 0 ? days + "-" + hms : hms;
  }

  private static String quoteIfNeeded(String path) {
    return path.matches("[^\\s\"']+") ? path : "\"" + path + "\"";
  }
}

package dev.pipeline.engine.executor.pbs;

import dev.pipeline.engine.executor.grid.GridExecutor;
import dev.pipeline.engine.executor.grid.GridOptions;
import dev.pipeline.engine.executor.grid.JobResources;
import dev.pipeline.engine.executor.grid.QueueStatus;
import dev.pipeline.engine.executor.grid.Submission;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * PBS Professional (OpenPBS) and Torque through their command-line tools: {@code #PBS} directives
 * in the job script, {@code qsub} (array jobs {@code -J 0-N} on PBS Pro, {@code -t 0-N} on
 * Torque), one {@code qstat -f} per poll that includes finished jobs ({@code -F json -x} on PBS
 * Pro, XML ({@code -x}) on Torque), batched {@code qdel}. A job killed at its walltime (its used
 * walltime reached the limit, or the comment says the walltime was exceeded) is resubmitted like
 * SLURM's {@code TIMEOUT}.
 */
public final class PbsExecutor extends GridExecutor {
  /** Which PBS: the two differ in array syntax, resource requests and qstat's output. */
  public enum Flavor { PBSPRO, TORQUE }

  private final Flavor flavor;

  public PbsExecutor(GridOptions options, Flavor flavor) throws IOException {
    super(options);
    this.flavor = flavor;
  }

  @Override
  public String name() {
    return "pbs";
  }

  @Override
  protected String displayName() {
    return flavor == Flavor.PBSPRO ? "PBS" : "Torque";
  }

  @Override
  protected String header(Submission s, Path dir) {
    List<String> d = new ArrayList<>();
    d.add("-N " + s.label());
    d.add("-V");
    d.add("-j oe");
    // The job script sends its output to the task's log; PBS's own file catches what comes before.
    String out = s.isArray() && flavor == Flavor.PBSPRO ? "pbs.^array_index^.out" : "pbs.out";
    d.add("-o " + dir.resolve(out));
    if (s.isArray()) {
      String range = "0-" + (s.entries().size() - 1) + (s.parallelism() > 0 ? "%" + s.parallelism() : "");
      d.add((flavor == Flavor.PBSPRO ? "-J " : "-t ") + range);
    }
    JobResources r = s.resources();
    if (r.queue() != null) {
      d.add("-q " + r.queue());
    }
    if (r.account() != null) {
      d.add("-A " + r.account());
    }
    if (r.time() != null) {
      d.add("-l walltime=" + formatWalltime(r.time()));
    }
    d.addAll(resourceRequests(r));
    StringBuilder text = new StringBuilder();
    d.forEach(line -> text.append("#PBS ").append(line).append('\n'));
    for (String extra : r.extra()) {
      String line = extra.strip();
      text.append(line.startsWith("#PBS") ? line : "#PBS " + line).append('\n');
    }
    return text.toString();
  }

  /** PBS Pro: one chunk {@code select=1:ncpus=..:mem=..:ngpus=..}; Torque: nodes/ppn and mem. */
  private List<String> resourceRequests(JobResources r) {
    List<String> out = new ArrayList<>();
    if (flavor == Flavor.PBSPRO) {
      StringBuilder select = new StringBuilder("select=1");
      if (r.cpus() > 0) {
        select.append(":ncpus=").append(r.cpus());
      }
      if (r.memoryMb() > 0) {
        select.append(":mem=").append(r.memoryMb()).append("mb");
      }
      if (r.gpus() > 0) {
        select.append(":ngpus=").append(r.gpus());
      }
      if (!select.toString().equals("select=1")) {
        out.add("-l " + select);
      }
    } else {
      if (r.cpus() > 0 || r.gpus() > 0) {
        out.add("-l nodes=1:ppn=" + Math.max(1, r.cpus()) + (r.gpus() > 0 ? ":gpus=" + r.gpus() : ""));
      }
      if (r.memoryMb() > 0) {
        out.add("-l mem=" + r.memoryMb() + "mb");
      }
    }
    if (r.diskMb() > 0) {
      out.add("-l file=" + r.diskMb() + "mb");
    }
    return out;
  }

  @Override
  protected List<String> submitCommand(Submission s, Path dir, Path script) {
    return List.of("qsub", script.toString());
  }

  /** {@code 1234.server} or, for an array, {@code 1234[].server}. */
  @Override
  protected String parseJobId(String stdout) {
    String first = stdout.strip().split("\n")[0].strip();
    if (!first.matches("\\d+(\\[])?(\\..*)?")) {
      throw new IllegalArgumentException("expected a job id such as 1234.server, got '" + first + "'");
    }
    return first;
  }

  /** {@code 1234[0].server} .. for the elements of {@code 1234[].server}. */
  @Override
  protected String elementId(String jobId, int index) {
    return jobId.replace("[]", "[" + index + "]");
  }

  @Override
  protected List<String> statusCommand() {
    return flavor == Flavor.PBSPRO
        ? List.of("qstat", "-f", "-F", "json", "-x", "-t")
        : List.of("qstat", "-f", "-x", "-t");
  }

  @Override
  protected Map<String, QueueStatus> parseStatus(String stdout) {
    return flavor == Flavor.PBSPRO ? PbsStates.parseJson(stdout) : PbsStates.parseXml(stdout);
  }

  /** qstat may name the server differently (short or full host name): match on the number. */
  @Override
  protected QueueStatus find(Map<String, QueueStatus> queue, String jobId) {
    return queue.get(PbsStates.shortId(jobId));
  }

  @Override
  protected List<String> cancelCommand(List<String> ids) {
    List<String> argv = new ArrayList<>();
    argv.add("qdel");
    argv.addAll(ids);
    return argv;
  }

  /** {@code HH:MM:SS}, hours unbounded. */
  static String formatWalltime(Duration d) {
    long s = Math.max(1, (d.toMillis() + 999) / 1000);
    return String.format(Locale.ROOT, "%02d:%02d:%02d", s / 3600, (s % 3600) / 60, s % 60);
  }
}

package dev.pipeline.engine.executor.lsf;

import dev.pipeline.engine.executor.grid.CommandResult;
import dev.pipeline.engine.executor.grid.GridExecutor;
import dev.pipeline.engine.executor.grid.GridOptions;
import dev.pipeline.engine.executor.grid.JobResources;
import dev.pipeline.engine.executor.grid.JobScripts;
import dev.pipeline.engine.executor.grid.QueueStatus;
import dev.pipeline.engine.executor.grid.Submission;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * IBM Spectrum LSF through its command-line tools: {@code bsub} with every option on its command
 * line (LSF reads {@code #BSUB} lines only from a script piped into bsub; the job script lists the
 * options as a comment instead), job arrays {@code name[1-N]%K} for fan-outs, one {@code bjobs -a
 * -u USER} per poll ({@code -json}, or {@code -o ... delimiter='|'} for LSF before 10.1.0.2),
 * batched {@code bkill}. A job killed at its run limit ends {@code EXIT} with {@code
 * TERM_RUNLIMIT}, which the engine resubmits like SLURM's {@code TIMEOUT}.
 */
public final class LsfExecutor extends GridExecutor {
  private final String user;
  private final boolean json;

  /**
   * @param user whose jobs {@code bjobs} lists ({@code -u})
   * @param json {@code bjobs -json} (LSF 10.1.0.2 and later); false: delimited {@code -o} output
   */
  public LsfExecutor(GridOptions options, String user, boolean json) throws IOException {
    super(options);
    this.user = user;
    this.json = json;
  }

  @Override
  public String name() {
    return "lsf";
  }

  @Override
  protected String displayName() {
    return "LSF";
  }

  @Override
  protected String header(Submission s, Path dir) {
    StringBuilder out = new StringBuilder("# LSF job for " + s.label() + ", submitted as:\n#   bsub");
    for (String arg : options(s, dir)) {
      out.append(' ').append(JobScripts.shellQuote(arg));
    }
    return out.append(" /bin/bash job.sh\n").toString();
  }

  /** bsub's options: name or array, output files, queue, project, limits, GPUs, extra lines. */
  static List<String> options(Submission s, Path dir) {
    List<String> o = new ArrayList<>();
    int n = s.entries().size();
    o.add("-J");
    o.add(s.isArray() ? s.label() + "[1-" + n + "]" + (s.parallelism() > 0 ? "%" + s.parallelism() : "")
        : s.label());
    // The job script sends its output to the task's log; LSF's own files catch what comes before
    // and its job report after, without mixing them into the task log.
    o.add("-o");
    o.add(dir.resolve(s.isArray() ? "lsf.%I.out" : "lsf.out").toString());
    JobResources r = s.resources();
    add(o, "-q", r.queue());
    add(o, "-P", r.account());
    if (r.time() != null) {
      o.add("-W");
      o.add(formatRunLimit(r.time()));
    }
    if (r.cpus() > 0) {
      o.add("-n");
      o.add(Integer.toString(r.cpus()));
      o.add("-R");
      o.add("span[hosts=1]");
    }
    if (r.memoryMb() > 0) {
      o.add("-R");
      o.add("rusage[mem=" + r.memoryMb() + "MB]");
      o.add("-M");
      o.add(r.memoryMb() + "MB");
    }
    if (r.gpus() > 0) {
      o.add("-gpu");
      o.add("num=" + r.gpus());
    }
    for (String line : r.extra()) {
      String words = line.strip().replaceFirst("^#BSUB\\s+", "");
      for (String w : words.split("\\s+")) {
        if (!w.isEmpty()) {
          o.add(w);
        }
      }
    }
    return o;
  }

  private static void add(List<String> o, String flag, String value) {
    if (value != null) {
      o.add(flag);
      o.add(value);
    }
  }

  @Override
  protected List<String> submitCommand(Submission s, Path dir, Path script) {
    List<String> argv = new ArrayList<>();
    argv.add("bsub");
    argv.addAll(options(s, dir));
    argv.add("/bin/bash");
    argv.add(script.toString());
    return argv;
  }

  /** {@code Job <1234> is submitted to queue <normal>.} */
  @Override
  protected String parseJobId(String stdout) {
    return LsfStates.parseSubmitted(stdout);
  }

  /** LSF numbers array elements from 1: {@code 1234[1]} is the first entry. */
  @Override
  protected String elementId(String jobId, int index) {
    return jobId + "[" + (index + 1) + "]";
  }

  @Override
  protected List<String> statusCommand() {
    return json
        ? List.of("bjobs", "-a", "-u", user, "-json", "-o", LsfStates.FIELDS)
        : List.of("bjobs", "-a", "-u", user, "-noheader", "-o", LsfStates.FIELDS + " delimiter='|'");
  }

  @Override
  protected boolean statusAnswered(CommandResult r) {
    return r.ok() || LsfStates.noJobs(r.stdout() + r.stderr());
  }

  @Override
  protected Map<String, QueueStatus> parseStatus(String stdout) {
    return json ? LsfStates.parseJson(stdout) : LsfStates.parseDelimited(stdout);
  }

  @Override
  protected List<String> cancelCommand(List<String> ids) {
    List<String> argv = new ArrayList<>();
    argv.add("bkill");
    argv.addAll(ids);
    return argv;
  }

  /** LSF's {@code -W}: {@code [hours:]minutes}, rounded up to whole minutes. */
  static String formatRunLimit(Duration d) {
    long minutes = Math.max(1, (d.toSeconds() + 59) / 60);
    return minutes < 60 ? Long.toString(minutes) : (minutes / 60) + ":" + String.format("%02d", minutes % 60);
  }
}

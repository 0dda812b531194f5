package dev.pipeline.engine.executor.condor;

import dev.pipeline.engine.executor.grid.CommandResult;
import dev.pipeline.engine.executor.grid.GridExecutor;
import dev.pipeline.engine.executor.grid.GridJob;
import dev.pipeline.engine.executor.grid.GridOptions;
import dev.pipeline.engine.executor.grid.QueueStatus;
import dev.pipeline.engine.executor.grid.Submission;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTCondor through its command-line tools: a submit description and the user log in each
 * submission directory, {@code condor_submit -terse} (one cluster per fan-out), one {@code
 * condor_q -json} per poll, {@code condor_history -json} and then the user log for jobs that left
 * the queue, batched {@code condor_rm}.
 */
public final class CondorExecutor extends GridExecutor {
  private static final Logger LOG = LoggerFactory.getLogger(CondorExecutor.class);
  private static final int CLUSTERS_PER_HISTORY_QUERY = 50;

  private final Map<String, String> environment;
  private final int maxRetries;

  /**
   * @param environment variables forwarded into every job (HTCondor jobs do not inherit the
   *     submitter's environment)
   * @param maxRetries HTCondor's {@code max_retries} (0: none)
   */
  public CondorExecutor(GridOptions options, Map<String, String> environment, int maxRetries)
      throws IOException {
    super(options);
    this.environment = Map.copyOf(environment);
    this.maxRetries = maxRetries;
  }

  @Override
  public String name() {
    return "condor";
  }

  @Override
  protected String displayName() {
    return "HTCondor";
  }

  @Override
  protected String header(Submission s, Path dir) {
    return "# HTCondor job for " + s.label() + "; submit description: " + dir.resolve("job.sub");
  }

  @Override
  protected Map<String, String> extraFiles(Submission s, Path dir, Path script) {
    Path initial = s.entries().get(0).workDir() != null ? s.entries().get(0).workDir() : dir;
    return Map.of("job.sub",
        CondorSubmitDescription.render(s, dir, script, initial, environment, maxRetries));
  }

  @Override
  protected List<String> submitCommand(Submission s, Path dir, Path script) {
    return List.of("condor_submit", "-terse", dir.resolve("job.sub").toString());
  }

  /** {@code condor_submit -terse}: {@code 123.0 - 123.3}. */
  @Override
  protected String parseJobId(String stdout) {
    String first = stdout.strip().split("\n")[0].strip();
    int dot = first.indexOf('.');
    String cluster = dot > 0 ? first.substring(0, dot) : first;
    if (!cluster.matches("\\d+")) {
      throw new IllegalArgumentException("expected 'cluster.proc - cluster.proc', got '" + first + "'");
    }
    return cluster;
  }

  @Override
  protected boolean numbersSingleJobs() {
    return true; // a single job is cluster.0
  }

  @Override
  protected String elementId(String jobId, int index) {
    return jobId + "." + index;
  }

  @Override
  protected List<String> statusCommand() {
    return List.of("condor_q", "-json", "-attributes", CondorStates.ATTRIBUTES);
  }

  @Override
  protected Map<String, QueueStatus> parseStatus(String stdout) {
    return CondorStates.parseAds(stdout);
  }

  @Override
  protected List<String> cancelCommand(List<String> ids) {
    List<String> argv = new ArrayList<>();
    argv.add("condor_rm");
    argv.addAll(ids);
    return argv;
  }

  static List<String> historyCommand(Set<String> clusters) {
    List<String> terms = new ArrayList<>();
    clusters.forEach(c -> terms.add("ClusterId == " + c));
    return List.of("condor_history", "-json", "-attributes", CondorStates.ATTRIBUTES,
        "-constraint", String.join(" || ", terms));
  }

  @Override
  protected Map<String, QueueStatus> queryHistory(List<GridJob> jobs) {
    Set<String> clusters = new LinkedHashSet<>();
    jobs.forEach(j -> clusters.add(j.jobId().substring(0, j.jobId().indexOf('.'))));
    Map<String, QueueStatus> out = new HashMap<>();
    List<String> all = new ArrayList<>(clusters);
    for (int i = 0; i < all.size(); i += CLUSTERS_PER_HISTORY_QUERY) {
      Set<String> chunk = new LinkedHashSet<>(all.subList(i, Math.min(all.size(), i + CLUSTERS_PER_HISTORY_QUERY)));
      try {
        CommandResult r = options.runner().run(historyCommand(chunk));
        if (r.ok()) {
          out.putAll(CondorStates.parseAds(r.stdout()));
        } else {
          LOG.debug("condor: history query failed:\n{}", r.describe());
        }
      } catch (IOException | RuntimeException e) {
        LOG.debug("condor: history query failed: {}", e.toString());
      }
    }
    // Still unknown (no history, e.g. a remote schedd): the job user log of its submission.
    Set<Path> logs = new LinkedHashSet<>();
    jobs.stream().filter(j -> !out.containsKey(j.jobId()))
        .forEach(j -> logs.add(j.submissionDirectory().resolve("job.log")));
    for (Path log : logs) {
      try {
        if (Files.isRegularFile(log)) {
          CondorStates.parseUserLog(Files.readString(log)).forEach(out::putIfAbsent);
        }
      } catch (IOException e) {
        LOG.debug("condor: cannot read {}: {}", log, e.getMessage());
      }
    }
    return out;
  }
}

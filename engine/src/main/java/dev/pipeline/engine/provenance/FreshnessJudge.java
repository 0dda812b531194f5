package dev.pipeline.engine.provenance;

import dev.pipeline.api.Task;
import dev.pipeline.api.TaskId;
import dev.pipeline.api.targets.Target;
import dev.pipeline.engine.graph.FreshnessCheck;
import dev.pipeline.engine.graph.Verdict;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Decides, a level at a time, whether existing outputs may be used: forced, stale (a trigger of
 * the {@link RerunPolicy} fired; the reason names what changed), fresh, or without provenance
 * (complete as before provenance existed). The run's provenance log is read once, on the first
 * level that has existing outputs; a check then costs two hash-map lookups and two number
 * comparisons per output, plus one bulk fingerprint query per store for the inputs.
 */
public final class FreshnessJudge implements FreshnessCheck {
  private static final Verdict FRESH = new Verdict(Verdict.Kind.FRESH, null, true);
  private static final Verdict FORCED = new Verdict(Verdict.Kind.FORCED, "forced", true);
  private final Verdict unrecorded;

  private final RerunPolicy policy;
  private final ProvenanceLog log;
  private final Predicate<TaskId> isRoot;
  private final TaskVersions versions = new TaskVersions();
  private final Reasons reasons;
  private ProvenanceIndex index;

  /**
   * @param isRoot which tasks are the run's roots ({@code --force} makes them again)
   * @param runDirectory local paths under it are named relative to it in reasons
   */
  public FreshnessJudge(RerunPolicy policy, ProvenanceLog log, Predicate<TaskId> isRoot,
      Path runDirectory) {
    this.policy = policy;
    this.log = log;
    this.isRoot = isRoot;
    this.reasons = new Reasons(runDirectory);
    // Complete as before provenance existed: a leaf, unless a forced family may lie below it.
    this.unrecorded = new Verdict(Verdict.Kind.NO_PROVENANCE, "no provenance",
        !policy.forceFamilies().isEmpty());
  }

  public RerunPolicy policy() {
    return policy;
  }

  @Override
  public Verdict[] judge(List<Task> tasks, boolean[] exists) {
    Verdict[] out = new Verdict[tasks.size()];
    InputCheck inputs = new InputCheck();
    for (int i = 0; i < out.length; i++) {
      out[i] = exists[i] ? existing(tasks.get(i), i, inputs) : Verdict.MISSING;
    }
    if (!inputs.isEmpty()) {
      inputs.run(tasks, out);
    }
    return out;
  }

  private Verdict existing(Task task, int position, InputCheck inputs) {
    if (forced(task)) {
      return FORCED;
    }
    if (!policy.triggers().any()) {
      return policy.looksBelowComplete()
          ? new Verdict(Verdict.Kind.NO_PROVENANCE, null, true) : Verdict.LEAF;
    }
    ProvenanceIndex.Entry first = null;
    boolean partial = false;
    for (Target t : task.outputs()) {
      ProvenanceIndex.Entry e = index().find(t.uri());
      if (e == null) {
        partial = true;
        continue;
      }
      if (first == null) {
        first = e;
      }
      String reason = recorded(task, e);
      if (reason != null) {
        return stale(reason);
      }
    }
    if (first == null) {
      return unrecorded;
    }
    if (partial) {
      return stale("an output has no provenance (written by something else)");
    }
    if (policy.triggers().input() && !(first.inputsHash() == 0 && task.requirements().isEmpty())) {
      inputs.add(position, first); // a leaf that read nothing has nothing to fingerprint
    }
    return FRESH;
  }

  private boolean forced(Task task) {
    return (policy.forceRoots() && isRoot.test(task.id()))
        || policy.forceFamilies().contains(task.id().family());
  }

  /** The version or parameter change that makes an output stale, or null. */
  private String recorded(Task task, ProvenanceIndex.Entry e) {
    if (policy.triggers().version()) {
      int now = versions.of(task);
      if (e.version() != now) {
        return "version " + e.version() + " -> " + now;
      }
    }
    if (policy.triggers().params() && e.taskHash() != task.id().hash64()) {
      return reasons.parameters(index().details(e), task);
    }
    return null;
  }

  private static Verdict stale(String reason) {
    return new Verdict(Verdict.Kind.STALE, "stale: " + reason, true);
  }

  private ProvenanceIndex index() {
    if (index == null) {
      index = log.read();
    }
    return index;
  }

  /** The inputs of the level's fresh tasks, fingerprinted with one bulk query per store. */
  private final class InputCheck {
    private final List<Integer> positions = new ArrayList<>();
    private final List<ProvenanceIndex.Entry> entries = new ArrayList<>();

    void add(int position, ProvenanceIndex.Entry entry) {
      positions.add(position);
      entries.add(entry);
    }

    boolean isEmpty() {
      return positions.isEmpty();
    }

    void run(List<Task> tasks, Verdict[] out) {
      Fingerprinter prints = new Fingerprinter();
      List<Task> checked = new ArrayList<>(positions.size());
      for (int p : positions) {
        checked.add(tasks.get(p));
      }
      List<List<ProvenanceRecord.Input>> now = prints.inputsOf(checked);
      for (int k = 0; k < positions.size(); k++) {
        ProvenanceIndex.Entry e = entries.get(k);
        if (Hashes.inputs(now.get(k)) != e.inputsHash()) {
          out[positions.get(k)] = stale(reasons.inputs(index().details(e), now.get(k)));
        }
      }
    }
  }
}

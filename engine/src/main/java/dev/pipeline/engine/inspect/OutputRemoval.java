package dev.pipeline.engine.inspect;

import dev.pipeline.api.error.ExitCode;
import dev.pipeline.api.error.PipelineException;
import dev.pipeline.api.error.UsageException;
import dev.pipeline.engine.journal.JournalRecord;
import dev.pipeline.api.Task;
import dev.pipeline.engine.provenance.ProvenanceLog;
import dev.pipeline.engine.scheduler.ClaimRegistry;
import dev.pipeline.api.targets.Target;
import dev.pipeline.api.targets.TargetStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code pipeline remove-output}: removes the existing outputs of a task and of its requirements
 * down to a depth, and nothing else: only targets that output() of those tasks returns, each
 * through its own {@link Target#remove()} (never a parent directory, never a staging sibling).
 * Dependents go before their requirements, so an interrupted removal never leaves a complete task
 * above a removed one. It refuses, removing nothing, while an engine process on this host is
 * running on the same run directory (its journal says so), since that run may have counted on
 * these outputs; and while removing it holds the tasks' claims, so that no engine process
 * anywhere starts one of them meanwhile (one that already runs one makes it refuse too).
 */
public final class OutputRemoval {
  /**
   * @param depth 0: the task alone; 1: and its requirements; {@link DependencyTree#ALL}: all
   * @param dryRun list what would be removed, remove nothing
   * @param yes do not ask
   */
  public record Request(int depth, boolean dryRun, boolean yes) {}

  private final Task root;
  private final Path runDirectory;
  private final Path stateDirectory;
  private final Request request;
  private final PrintWriter out;

  private OutputRemoval(Task root, Path runDirectory, Request request, PrintWriter out) {
    this.root = root;
    this.runDirectory = runDirectory;
    this.stateDirectory = runDirectory.toAbsolutePath().normalize().resolve(".pipeline");
    this.request = request;
    this.out = out;
  }

  public static ExitCode run(Task root, Path runDirectory, Request request,
      Confirmation confirmation, PrintWriter out) {
    return new OutputRemoval(root, runDirectory, request, out).run(confirmation);
  }

  private ExitCode run(Confirmation confirmation) {
    DependencyTree tree = TreeWalker.walk(root, request.depth(), RunHistory.none());
    List<TreeNode> tasks = dependentsFirst(tree);
    String scope = tasks.size() + (tasks.size() == 1 ? " task" : " tasks")
        + (request.depth() == DependencyTree.ALL ? "" : " within depth " + request.depth());
    if (request.dryRun()) {
      List<Removal> plan = plan(tasks);
      list(plan, "would remove");
      out.println(plan.isEmpty() ? nothingToRemove(scope)
          : "Dry run: would remove " + count(plan) + " (" + scope + "); nothing was removed.");
      return ExitCode.OK;
    }
    refuseWhileARunIsActive();
    try (ClaimRegistry claims = ClaimRegistry.open(stateDirectory)) {
      claimAll(claims, tasks);
      List<Removal> plan = plan(tasks);
      if (plan.isEmpty()) {
        out.println(nothingToRemove(scope));
        return ExitCode.OK;
      }
      if (!request.yes() && !confirmed(plan, confirmation)) {
        out.println("Nothing removed.");
        return ExitCode.OK;
      }
      remove(plan);
      out.println("Removed " + count(plan) + ".");
      return ExitCode.OK;
    }
  }

  private boolean confirmed(List<Removal> plan, Confirmation confirmation) {
    if (!confirmation.available()) {
      throw new UsageException("remove-output would remove " + count(plan)
          + " and there is no terminal to confirm on; pass --yes to remove them"
          + " (or --dry-run to list them)");
    }
    list(plan, "would remove");
    return confirmation.confirm("Remove " + count(plan) + "? [y/N] ");
  }

  private void refuseWhileARunIsActive() {
    List<JournalRecord> live = RunHistory.load(runDirectory).liveRunsOnThisHost();
    if (!live.isEmpty()) {
      JournalRecord run = live.get(0);
      throw new PipelineException(ExitCode.USAGE, "remove-output: a pipeline run is active on this"
          + " run directory (pid " + run.pid() + ", started " + run.time() + "); nothing was"
          + " removed; wait for it to end (or stop it) and try again");
    }
  }

  /** Takes every task's claim, or none: a task another process holds means it is running there. */
  private void claimAll(ClaimRegistry claims, List<TreeNode> tasks) {
    List<TreeNode> busy = new ArrayList<>();
    for (TreeNode n : tasks) {
      if (!claims.tryClaim(n.task().id())) {
        busy.add(n);
      }
    }
    if (!busy.isEmpty()) {
      String more = busy.size() == 1 ? "" : " (and " + (busy.size() - 1) + " more of its tasks)";
      throw new PipelineException(ExitCode.USAGE, "remove-output: " + busy.get(0)
          + " is being run by another pipeline process on this run directory" + more
          + "; nothing was removed; wait for that run to end (or stop it) and try again");
    }
  }

  /** Removes the outputs, then forgets their provenance (also of those removed before a failure). */
  private void remove(List<Removal> plan) {
    List<String> removed = new ArrayList<>();
    try {
      for (Removal r : plan) {
        out.println(r.task().id().canonical());
        for (Target t : r.targets()) {
          try {
            t.remove();
          } catch (IOException | RuntimeException e) {
            out.flush();
            throw new PipelineException(ExitCode.INTERNAL, "cannot remove " + t.uri() + ": " + e
                + " (" + removed.size() + " outputs were removed before it)", e);
          }
          removed.add(t.uri());
          out.println("  removed " + t.uri());
        }
      }
    } finally {
      forgetProvenance(removed);
    }
  }

  /**
   * An output made again later by another tool must not inherit the record of the removed one.
   * The log lives in the run directory; without one there is nothing to forget.
   */
  private void forgetProvenance(List<String> uris) {
    if (uris.isEmpty() || !Files.isDirectory(stateDirectory)) {
      return;
    }
    try (ProvenanceLog log = ProvenanceLog.in(stateDirectory)) {
      log.removed(uris);
    } catch (IOException e) {
      throw new PipelineException(ExitCode.INTERNAL, "removed the outputs but cannot update "
          + log(stateDirectory) + ": " + e, e);
    }
  }

  private static Path log(Path stateDirectory) {
    return ProvenanceLog.in(stateDirectory).file();
  }

  private void list(List<Removal> plan, String verb) {
    for (Removal r : plan) {
      out.println(r.task().id().canonical());
      r.targets().forEach(t -> out.println("  " + verb + " " + t.uri()));
    }
  }

  /** The tasks' outputs that exist, asked in bulk per store; tasks with none are left out. */
  private static List<Removal> plan(List<TreeNode> tasks) {
    Map<TargetStore, List<Target>> byStore = new IdentityHashMap<>();
    for (TreeNode n : tasks) {
      for (Target t : n.task().outputs()) {
        byStore.computeIfAbsent(t.store(), s -> new ArrayList<>()).add(t);
      }
    }
    Set<Target> existing = Collections.newSetFromMap(new IdentityHashMap<>());
    byStore.forEach((store, targets) -> {
      boolean[] exists = store.exists(targets);
      for (int i = 0; i < exists.length; i++) {
        if (exists[i]) {
          existing.add(targets.get(i));
        }
      }
    });
    List<Removal> plan = new ArrayList<>();
    for (TreeNode n : tasks) {
      List<Target> present = new ArrayList<>();
      n.task().outputs().stream().filter(existing::contains).forEach(present::add);
      if (!present.isEmpty()) {
        plan.add(new Removal(n.task(), present));
      }
    }
    return plan;
  }

  /**
   * Tasks within the depth, every dependent before its requirements: reverse post-order of a
   * depth-first search that takes requirements last to first, so siblings keep their order.
   */
  static List<TreeNode> dependentsFirst(DependencyTree tree) {
    Map<TreeNode, Boolean> seen = new IdentityHashMap<>();
    List<TreeNode> postOrder = new ArrayList<>();
    Deque<Map.Entry<TreeNode, Iterator<TreeNode>>> stack = new ArrayDeque<>();
    seen.put(tree.root(), Boolean.TRUE);
    stack.push(Map.entry(tree.root(), lastToFirst(tree.root())));
    while (!stack.isEmpty()) {
      var top = stack.peek();
      if (top.getValue().hasNext()) {
        TreeNode r = top.getValue().next();
        if (tree.withinDepth(r) && seen.put(r, Boolean.TRUE) == null) {
          stack.push(Map.entry(r, lastToFirst(r)));
        }
        continue;
      }
      stack.pop();
      postOrder.add(top.getKey());
    }
    Collections.reverse(postOrder);
    return postOrder;
  }

  private static Iterator<TreeNode> lastToFirst(TreeNode n) {
    List<TreeNode> reversed = new ArrayList<>(n.requirements());
    Collections.reverse(reversed);
    return reversed.iterator();
  }

  private static String count(List<Removal> plan) {
    int targets = plan.stream().mapToInt(r -> r.targets().size()).sum();
    return targets + (targets == 1 ? " output" : " outputs") + " of " + plan.size()
        + (plan.size() == 1 ? " task" : " tasks");
  }

  private static String nothingToRemove(String scope) {
    return "Nothing to remove: no output of the " + scope + " exists.";
  }

  private record Removal(Task task, List<Target> targets) {}
}

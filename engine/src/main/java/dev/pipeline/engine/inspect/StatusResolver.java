package dev.pipeline.engine.inspect;

import dev.pipeline.engine.graph.Verdict;
import dev.pipeline.engine.executor.ResourceUsage;
import dev.pipeline.engine.journal.JournalRecord;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Gives every walked task its {@link TaskStatus}, requirements before dependents:
 *
 * <ol>
 *   <li>all outputs exist, or it has none and every requirement is complete: complete;
 *   <li>its latest journal record is RUNNING, RETRYING or WAITING_ELSEWHERE and that run's process
 *       is alive: running;
 *   <li>its latest record is FAILED: failed, with the message and log;
 *   <li>a requirement is failed or upstream-failed: upstream-failed;
 *   <li>otherwise incomplete, noting "last run interrupted" when the record says it was running in
 *       a process that is gone, or INTERRUPTED.
 * </ol>
 */
final class StatusResolver {
  private final RunHistory history;
  private final Map<TreeNode, Boolean> done = new IdentityHashMap<>();

  private StatusResolver(RunHistory history) {
    this.history = history;
  }

  static void resolve(List<TreeNode> nodes, RunHistory history) {
    StatusResolver resolver = new StatusResolver(history);
    for (TreeNode n : nodes) {
      resolver.visit(n);
    }
  }

  /** Post-order without recursion (chains can be long); a node on the path counts as incomplete. */
  private void visit(TreeNode start) {
    if (done.containsKey(start)) {
      return;
    }
    Deque<Frame> stack = new ArrayDeque<>();
    stack.push(new Frame(start));
    done.put(start, Boolean.FALSE);
    while (!stack.isEmpty()) {
      Frame top = stack.peek();
      if (top.next.hasNext()) {
        TreeNode c = top.next.next();
        if (!done.containsKey(c)) {
          done.put(c, Boolean.FALSE);
          stack.push(new Frame(c));
        }
        continue;
      }
      stack.pop();
      decide(top.node);
      done.put(top.node, Boolean.TRUE);
    }
  }

  private void decide(TreeNode n) {
    n.detail = null;
    n.usage = history.latest(n.task().id()).map(StatusResolver::usage).orElse(null);
    if (n.outputsExist) {
      fromProvenance(n);
      return;
    }
    if (n.task().outputs().isEmpty() && n.expanded && requirementsComplete(n)) {
      n.status = TaskStatus.COMPLETE;
      return;
    }
    Optional<JournalRecord> last = history.latest(n.task().id());
    String state = last.map(JournalRecord::state).orElse("");
    boolean wasRunning = state.equals("RUNNING") || state.equals("RETRYING")
        || state.equals("WAITING_ELSEWHERE");
    if (wasRunning && history.alive(last.get().run())) {
      n.status = TaskStatus.RUNNING;
      n.detail = runningDetail(last.get());
    } else if (state.equals("FAILED")) {
      n.status = TaskStatus.FAILED;
      n.detail = failedDetail(last.get());
    } else if (requirementFailed(n)) {
      n.status = TaskStatus.UPSTREAM_FAILED;
    } else {
      n.status = TaskStatus.INCOMPLETE;
      n.detail = wasRunning || state.equals("INTERRUPTED") ? "last run interrupted" : null;
    }
    if (n.dynamicError != null) {
      n.detail = n.detail == null ? n.dynamicError : n.detail + "; " + n.dynamicError;
    }
  }

  /**
   * Outputs that exist: stale when a trigger fired, or when their provenance was checked and a
   * requirement would run (the run would then make them again); complete otherwise.
   */
  private void fromProvenance(TreeNode n) {
    if (n.verdict.rerun()) {
      n.status = TaskStatus.STALE;
      String reason = n.verdict.reason();
      n.detail = reason.startsWith("stale: ") ? reason.substring("stale: ".length()) : reason;
      return;
    }
    TreeNode cause = n.verdict.kind() == Verdict.Kind.FRESH ? rerunningRequirement(n) : null;
    if (cause != null) {
      String family = cause.task().id().family();
      n.status = TaskStatus.STALE;
      n.detail = "upstream " + family.substring(family.lastIndexOf('.') + 1) + " reran";
      return;
    }
    n.status = TaskStatus.COMPLETE;
    n.detail = n.verdict.kind() == Verdict.Kind.NO_PROVENANCE ? n.verdict.reason() : null;
  }

  /** A decided requirement that a run would start (stale, incomplete, failed), or null. */
  private TreeNode rerunningRequirement(TreeNode n) {
    for (TreeNode r : n.requirements()) {
      if (Boolean.TRUE.equals(done.get(r)) && r.status != TaskStatus.COMPLETE
          && r.status != TaskStatus.RUNNING) {
        return r;
      }
    }
    return null;
  }

  /** Requirements whose status is final (a cycle's back edge is not) and complete. */
  private boolean requirementsComplete(TreeNode n) {
    for (TreeNode r : n.requirements()) {
      if (!Boolean.TRUE.equals(done.get(r)) || r.status != TaskStatus.COMPLETE) {
        return false;
      }
    }
    return true;
  }

  private boolean requirementFailed(TreeNode n) {
    for (TreeNode r : n.requirements()) {
      if (Boolean.TRUE.equals(done.get(r))
          && (r.status == TaskStatus.FAILED || r.status == TaskStatus.UPSTREAM_FAILED)) {
        return true;
      }
    }
    return false;
  }

  private static ResourceUsage usage(JournalRecord r) {
    ResourceUsage u = new ResourceUsage(r.cpuSeconds(), r.peakRssKb(), r.allocatedBytes());
    return u.isEmpty() ? null : u;
  }

  private String runningDetail(JournalRecord task) {
    JournalRecord start = history.run(task.run()).orElseThrow();
    String who = "pid " + start.pid();
    String retrying = task.state().equals("RETRYING") ? ", retrying" : "";
    if (task.state().equals("WAITING_ELSEWHERE")) {
      retrying = ", claimed by another process";
    }
    return history.onThisHost(start) ? who + retrying
        : who + " on " + start.host() + retrying + "; not checked from this host";
  }

  private static String failedDetail(JournalRecord task) {
    String message = task.message() == null ? "no message recorded" : firstLine(task.message());
    return task.log() == null ? message : message + " (log: " + task.log() + ")";
  }

  private static String firstLine(String text) {
    int nl = text.indexOf('\n');
    return nl < 0 ? text.strip() : text.substring(0, nl).strip() + " ...";
  }

  private static final class Frame {
    final TreeNode node;
    final Iterator<TreeNode> next;

    Frame(TreeNode node) {
      this.node = node;
      // A task whose outputs exist is complete whatever lies below it, unless its provenance
      // was checked: then a requirement that would run makes it stale.
      this.next = node.outputsExist && !node.verdict.explore() ? Collections.emptyIterator()
          : node.requirements().iterator();
    }
  }
}

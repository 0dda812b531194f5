package dev.pipeline.engine.inspect;

import dev.pipeline.api.Task;
import dev.pipeline.engine.graph.Verdict;
import dev.pipeline.engine.executor.ResourceUsage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One task in a {@link DependencyTree}: its requirements (static ones first, then dynamic ones),
 * its shortest distance from the root and its {@link TaskStatus}. Identity equality; one node per
 * task id.
 */
public final class TreeNode {
  static final int UNREACHED = Integer.MAX_VALUE;

  private final Task task;
  final List<TreeNode> staticRequirements = new ArrayList<>();
  final List<TreeNode> dynamicRequirements = new ArrayList<>();
  int depth = UNREACHED;
  /** Its outputs were looked at (in bulk, with the rest of its level). */
  boolean checked;
  /** It has outputs and all of them exist. */
  boolean outputsExist;
  /** What the freshness check said of its existing outputs. */
  Verdict verdict = Verdict.MISSING;
  /** Its static requirements were asked for. */
  boolean expanded;
  /** dynamicRequires() was called (or failed: {@link #dynamicError}). */
  boolean dynamicResolved;
  String dynamicError;
  TaskStatus status = TaskStatus.INCOMPLETE;
  String detail;
  /** What its latest recorded attempt used, if the journal says. */
  ResourceUsage usage;

  TreeNode(Task task) {
    this.task = task;
  }

  public Task task() {
    return task;
  }

  /** Shortest number of requires() steps from the root. */
  public int depth() {
    return depth;
  }

  public TaskStatus status() {
    return status;
  }

  /** What else is known: {@code pid 123}, a failure message and log, {@code last run interrupted}. */
  public String detail() {
    return detail;
  }

  /**
   * CPU time and memory of its latest recorded attempt (the one that made its outputs, or the one
   * that failed); null when the journal has no figures for it.
   */
  public ResourceUsage usage() {
    return usage;
  }

  /** Requirements walked so far: static, then dynamic ones not already static; empty when not walked. */
  public List<TreeNode> requirements() {
    if (dynamicRequirements.isEmpty()) {
      return Collections.unmodifiableList(staticRequirements);
    }
    List<TreeNode> all = new ArrayList<>(staticRequirements);
    all.addAll(dynamicRequirements);
    return all;
  }

  /** {@code status}, then the detail in parentheses: {@code failed: boom (log: ...)}. */
  public String statusText() {
    String text = status.label();
    if (detail == null) {
      return text;
    }
    return status == TaskStatus.FAILED || status == TaskStatus.STALE ? text + ": " + detail
        : text + " (" + detail + ")";
  }

  /** Lowers the depth to {@code d}; true when it changed (the node must be looked at again). */
  boolean reach(int d) {
    if (d < depth) {
      depth = d;
      return true;
    }
    return false;
  }

  @Override
  public String toString() {
    return task.toString();
  }
}

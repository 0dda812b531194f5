package dev.pipeline.engine.inspect;

import dev.pipeline.api.error.UsageException;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The tasks below a root as {@link TreeWalker} found them, each with its status. Holds every
 * walked task: those within {@link #maxDepth()} and, below them, the incomplete ones whose states
 * decide their dependents' (a failure three levels down makes the root upstream-failed).
 */
public final class DependencyTree {
  /** {@code --depth} not given: everything. */
  public static final int ALL = Integer.MAX_VALUE;

  private final TreeNode root;
  private final List<TreeNode> nodes;
  private final int maxDepth;

  DependencyTree(TreeNode root, List<TreeNode> nodes, int maxDepth) {
    this.root = root;
    this.nodes = Collections.unmodifiableList(nodes);
    this.maxDepth = maxDepth;
  }

  /**
   * {@code --depth}: null gives {@code fallback}; -1 (law's spelling) gives {@link #ALL}.
   *
   * @throws UsageException for other negative values
   */
  public static int depth(Integer option, int fallback) {
    if (option == null) {
      return fallback;
    }
    if (option == -1) {
      return ALL;
    }
    if (option < 0) {
      throw new UsageException("--depth must be 0 or more (or -1 for everything), got " + option);
    }
    return option;
  }

  public TreeNode root() {
    return root;
  }

  /** Every walked task, in discovery order. */
  public List<TreeNode> nodes() {
    return nodes;
  }

  public int maxDepth() {
    return maxDepth;
  }

  public boolean withinDepth(TreeNode node) {
    return node.depth() <= maxDepth;
  }

  /** Tasks within the depth, by status. */
  public Map<TaskStatus, Integer> counts() {
    Map<TaskStatus, Integer> counts = new EnumMap<>(TaskStatus.class);
    for (TreeNode n : nodes) {
      if (withinDepth(n)) {
        counts.merge(n.status(), 1, Integer::sum);
      }
    }
    return counts;
  }
}

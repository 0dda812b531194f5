package dev.pipeline.engine.inspect;

import dev.pipeline.engine.graph.CompletenessChecker;
import dev.pipeline.engine.graph.FreshnessCheck;
import dev.pipeline.engine.graph.Verdict;
import dev.pipeline.api.Task;
import dev.pipeline.api.TaskId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Walks requires() below a root, level by level with one bulk completeness query per level (like
 * the graph builder), to {@code maxDepth} and, past it, through incomplete tasks (their states
 * decide the states above them). Then, for every walked task whose static requirements are
 * complete, asks dynamicRequires() (which may read their outputs) and walks what it adds; repeated
 * until nothing new turns up. Shared requirements are one node; cycles end the walk, not the JVM.
 */
public final class TreeWalker {
  private final int maxDepth;
  private final RunHistory history;
  private final FreshnessCheck freshness;
  private final Map<TaskId, TreeNode> byId = new HashMap<>();
  private final List<TreeNode> nodes = new ArrayList<>();

  private TreeWalker(int maxDepth, RunHistory history, FreshnessCheck freshness) {
    this.maxDepth = maxDepth;
    this.history = history;
    this.freshness = freshness;
  }

  /**
   * @param maxDepth how far below the root to show (0: the root alone; {@link DependencyTree#ALL})
   * @param history the run's journal, for running and failed tasks; {@link RunHistory#none()}
   */
  public static DependencyTree walk(Task root, int maxDepth, RunHistory history) {
    return walk(root, maxDepth, history, FreshnessCheck.EXISTENCE);
  }

  /**
   * As above, judging existing outputs as a run would ({@code status}): a stale task is shown
   * with what changed, and a complete one with provenance is walked through, past the depth, to
   * find stale requirements that would make it rerun.
   */
  public static DependencyTree walk(Task root, int maxDepth, RunHistory history,
      FreshnessCheck freshness) {
    TreeWalker walker = new TreeWalker(maxDepth, history, freshness);
    TreeNode rootNode = walker.node(root);
    rootNode.reach(0);
    List<TreeNode> frontier = List.of(rootNode);
    while (!frontier.isEmpty()) {
      walker.explore(frontier);
      StatusResolver.resolve(walker.nodes, history);
      frontier = walker.resolveDynamic();
    }
    return new DependencyTree(rootNode, walker.nodes, maxDepth);
  }

  /** Breadth first from {@code start}: new nodes, and nodes now reached by a shorter path. */
  private void explore(Collection<TreeNode> start) {
    Collection<TreeNode> level = start;
    while (!level.isEmpty()) {
      check(level);
      Map<TreeNode, Boolean> next = new LinkedHashMap<>();
      for (TreeNode n : level) {
        if (!n.expanded && shouldExpand(n, maxDepth)) {
          n.expanded = true;
          link(n, n.task().requirements(), n.staticRequirements);
        }
        for (TreeNode c : n.requirements()) {
          if (c.reach(n.depth + 1) || !c.checked) {
            next.put(c, Boolean.TRUE);
          }
        }
      }
      level = next.keySet();
    }
  }

  /** Within the depth, incomplete or checked by provenance: its requirements' states matter. */
  private static boolean shouldExpand(TreeNode n, int maxDepth) {
    return n.depth < maxDepth || !n.outputsExist || n.verdict.explore();
  }

  /** One bulk existence and freshness query for the level's nodes not looked at yet. */
  private void check(Collection<TreeNode> level) {
    List<TreeNode> fresh = new ArrayList<>();
    for (TreeNode n : level) {
      if (!n.checked) {
        fresh.add(n);
      }
    }
    if (fresh.isEmpty()) {
      return;
    }
    List<Task> tasks = new ArrayList<>(fresh.size());
    fresh.forEach(n -> tasks.add(n.task()));
    boolean[] complete = CompletenessChecker.check(tasks);
    Verdict[] verdicts = freshness.judge(tasks, complete);
    for (int i = 0; i < complete.length; i++) {
      fresh.get(i).checked = true;
      fresh.get(i).outputsExist = complete[i];
      fresh.get(i).verdict = verdicts[i];
    }
  }

  /** Dynamic requirements of tasks whose static ones are complete; returns the nodes to explore. */
  private List<TreeNode> resolveDynamic() {
    Map<TreeNode, Boolean> changed = new LinkedHashMap<>();
    for (TreeNode n : new ArrayList<>(nodes)) {
      if (!n.expanded || n.dynamicResolved || !allComplete(n.staticRequirements)) {
        continue;
      }
      n.dynamicResolved = true;
      List<Task> extra;
      try {
        extra = n.task().resolveDynamicRequirements();
      } catch (RuntimeException e) {
        n.dynamicError = "dynamicRequires() failed: " + e;
        continue;
      }
      link(n, extra, n.dynamicRequirements);
      for (TreeNode c : n.dynamicRequirements) {
        if (c.reach(n.depth + 1) || !c.checked) {
          changed.put(c, Boolean.TRUE);
        }
      }
    }
    return new ArrayList<>(changed.keySet());
  }

  private static boolean allComplete(List<TreeNode> requirements) {
    for (TreeNode r : requirements) {
      if (r.status != TaskStatus.COMPLETE) {
        return false;
      }
    }
    return true;
  }

  /** Adds the tasks' nodes to {@code into}, once each and never one {@code parent} has already. */
  private void link(TreeNode parent, List<Task> tasks, List<TreeNode> into) {
    if (tasks.isEmpty()) {
      return;
    }
    Set<TreeNode> present = Collections.newSetFromMap(new IdentityHashMap<>());
    present.addAll(parent.staticRequirements);
    present.addAll(parent.dynamicRequirements);
    for (Task t : tasks) {
      TreeNode c = node(t);
      if (present.add(c)) {
        into.add(c);
      }
    }
  }

  private TreeNode node(Task task) {
    TreeNode n = byId.get(task.id());
    if (n == null) {
      n = new TreeNode(task);
      byId.put(task.id(), n);
      nodes.add(n);
    }
    return n;
  }
}

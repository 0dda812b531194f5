package dev.pipeline.engine.graph;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A task that runs makes every complete task downstream of it run again: their inputs are about
 * to change. One pass from the tasks that run through their dependents, O(tasks + edges). A task
 * without outputs passes the cause on (it is complete exactly when its requirements are).
 */
final class UpstreamReruns {
  private UpstreamReruns() {}

  /** Over the nodes added from index {@code from} on (older ones are running or settled). */
  static void propagate(TaskGraph graph, int from) {
    Deque<TaskNode> todo = new ArrayDeque<>();
    Deque<String> causes = new ArrayDeque<>();
    boolean[] seen = new boolean[graph.size() - from];
    for (int i = from; i < graph.size(); i++) {
      TaskNode n = graph.node(i);
      if (!n.completeAtStart() && !n.task().outputs().isEmpty()) {
        seen[i - from] = true;
        todo.add(n);
        causes.add(shortName(n));
      }
    }
    while (!todo.isEmpty()) {
      TaskNode n = todo.poll();
      String cause = causes.poll();
      graph.forEachDependent(n, d -> {
        int k = d.index() - from;
        if (k < 0 || seen[k]) {
          return;
        }
        seen[k] = true;
        boolean wrapper = d.task().outputs().isEmpty();
        if (!wrapper && d.completeAtStart()) {
          d.rerunBecause("upstream " + cause + " reran");
        }
        todo.add(d);
        causes.add(wrapper ? cause : shortName(d));
      });
    }
  }

  /** {@code Train} for {@code sandbox.Train}: the name people write in a cfg section. */
  static String shortName(TaskNode n) {
    String family = n.task().id().family();
    return family.substring(family.lastIndexOf('.') + 1);
  }
}

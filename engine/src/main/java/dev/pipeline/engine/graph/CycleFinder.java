package dev.pipeline.engine.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;

/**
 * Iterative depth-first search along requirement edges. JGraphT's own cycle exceptions name no
 * vertices; this returns the cycle as a path, so the user sees which requires() to break.
 */
final class CycleFinder {
  private static final byte ON_PATH = 1;
  private static final byte DONE = 2;

  private CycleFinder() {}

  static void check(TaskGraph graph, List<TaskNode> starts, Predicate<TaskNode> settled) {
    byte[] color = new byte[graph.size()]; // by node index; 0: not visited yet
    for (TaskNode start : starts) {
      if (color[start.index()] == 0) {
        search(graph, start, settled, color);
      }
    }
  }

  private static void search(
      TaskGraph graph, TaskNode start, Predicate<TaskNode> settled, byte[] color) {
    Deque<Frame> stack = new ArrayDeque<>();
    stack.push(new Frame(start, requirementsOf(graph, start)));
    color[start.index()] = ON_PATH;
    while (!stack.isEmpty()) {
      Frame top = stack.peek();
      if (!top.next.hasNext()) {
        color[top.node.index()] = DONE;
        stack.pop();
        continue;
      }
      TaskNode req = top.next.next();
      if (req.completeAtStart() || settled.test(req)) {
        continue;
      }
      byte c = color[req.index()];
      if (c == 0) {
        color[req.index()] = ON_PATH;
        stack.push(new Frame(req, requirementsOf(graph, req)));
      } else if (c == ON_PATH) {
        throw DependencyCycleException.of(cyclePath(stack, req));
      }
    }
  }

  /** The stack holds dependents above their requirements; the cycle starts at {@code repeat}. */
  private static List<TaskNode> cyclePath(Deque<Frame> stack, TaskNode repeat) {
    List<TaskNode> path = new ArrayList<>();
    Iterator<Frame> fromBottom = stack.descendingIterator();
    boolean inCycle = false;
    while (fromBottom.hasNext()) {
      TaskNode n = fromBottom.next().node;
      inCycle |= n == repeat;
      if (inCycle) {
        path.add(n);
      }
    }
    path.add(repeat);
    return path;
  }

  private static Iterator<TaskNode> requirementsOf(TaskGraph graph, TaskNode node) {
    List<TaskNode> reqs = new ArrayList<>();
    graph.forEachRequirement(node, reqs::add);
    return reqs.iterator();
  }

  private record Frame(TaskNode node, Iterator<TaskNode> next) {}
}

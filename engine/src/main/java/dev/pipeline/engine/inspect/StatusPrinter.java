package dev.pipeline.engine.inspect;

import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code pipeline status} output: the tree, one task per line as {@code Task(...): state}, drawn
 * with ASCII ({@code |-- }, {@code `-- }), large fan-outs collapsed, a task shown a second time
 * only as {@code (see above)}; then one line of totals over the tasks within the depth.
 */
public final class StatusPrinter {
  private StatusPrinter() {}

  public static void print(DependencyTree tree, PrintWriter out) {
    print(tree, out, false);
  }

  /**
   * With {@code usage}, each task line ends with what its latest attempt used (CPU time, peak
   * RSS, allocation: {@code [cpu 0.31 s, peak RSS 58.2 MiB]}), a collapsed group and the totals
   * line with the CPU time added up and the largest peak.
   */
  public static void print(DependencyTree tree, PrintWriter out, boolean usage) {
    new Run(tree, out, usage).print();
    String total = usage ? UsageText.total(tree.nodes().stream().filter(tree::withinDepth).toList()) : "";
    out.println(total.isEmpty() ? totals(tree) : totals(tree) + "; " + total);
    out.flush();
  }

  /** {@code 13 tasks: 11 complete, 1 failed, 1 upstream-failed} (with the depth when limited). */
  static String totals(DependencyTree tree) {
    Map<TaskStatus, Integer> counts = tree.counts();
    int total = counts.values().stream().mapToInt(Integer::intValue).sum();
    String scope = tree.maxDepth() == DependencyTree.ALL ? "" : " within depth " + tree.maxDepth();
    return total + (total == 1 ? " task" : " tasks") + scope + ": " + Fanout.countsText(counts);
  }

  private static final class Run {
    private final DependencyTree tree;
    private final PrintWriter out;
    private final boolean usage;
    /** Where each task was printed in full, and whether its requirements were cut off there. */
    private final Map<TreeNode, Shown> shown = new IdentityHashMap<>();

    Run(DependencyTree tree, PrintWriter out, boolean usage) {
      this.tree = tree;
      this.out = out;
      this.usage = usage;
    }

    void print() {
      TreeNode root = tree.root();
      out.println(line(root));
      Deque<Frame> stack = new ArrayDeque<>();
      push(stack, root, "", 0);
      while (!stack.isEmpty()) {
        Frame f = stack.peek();
        if (f.index == f.entries.size()) {
          stack.pop();
          continue;
        }
        Fanout.Entry entry = f.entries.get(f.index++);
        boolean last = f.index == f.entries.size();
        String branch = f.prefix + (last ? "`-- " : "|-- ");
        String below = f.prefix + (last ? "    " : "|   ");
        if (entry instanceof Fanout.Group g) {
          out.println(branch + g.summary(usage));
        } else if (entry instanceof Fanout.Single s) {
          printTask(stack, s.node(), branch, below, f.depth + 1);
        }
      }
    }

    private void printTask(Deque<Frame> stack, TreeNode n, String branch, String below, int depth) {
      Shown before = shown.get(n);
      if (before != null && !(before.cutOff && depth < before.depth)) {
        out.println(branch + line(n) + " (see above)");
        return;
      }
      out.println(branch + line(n));
      push(stack, n, below, depth);
    }

    private void push(Deque<Frame> stack, TreeNode n, String prefix, int depth) {
      boolean cutOff = depth >= tree.maxDepth() && !n.requirements().isEmpty();
      shown.put(n, new Shown(depth, cutOff));
      if (depth < tree.maxDepth()) {
        List<Fanout.Entry> entries = Fanout.of(n);
        if (!entries.isEmpty()) {
          stack.push(new Frame(entries, prefix, depth));
        }
      }
    }

    private String line(TreeNode n) {
      String used = usage ? UsageText.of(n.usage()) : "";
      String line = n.task().id().canonical() + ": " + n.statusText();
      return used.isEmpty() ? line : line + " [" + used + "]";
    }
  }

  private record Shown(int depth, boolean cutOff) {}

  private static final class Frame {
    final List<Fanout.Entry> entries;
    final String prefix;
    final int depth;
    int index;

    Frame(List<Fanout.Entry> entries, String prefix, int depth) {
      this.entries = entries;
      this.prefix = prefix;
      this.depth = depth;
    }
  }
}

package dev.pipeline.engine.inspect;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A task's requirements as they are shown: one entry per requirement, except that more than
 * {@link #COLLAPSE_ABOVE} requirements of one family become one {@link Group} (at the place of the
 * first of them), counted by status and not descended into.
 */
final class Fanout {
  static final int COLLAPSE_ABOVE = 10;

  private Fanout() {}

  /** A shown requirement: one task or a collapsed group. */
  sealed interface Entry permits Single, Group {}

  record Single(TreeNode node) implements Entry {}

  /** {@code members} of one family, all required by the same task. */
  record Group(String family, List<TreeNode> members) implements Entry {
    Map<TaskStatus, Integer> counts() {
      Map<TaskStatus, Integer> counts = new EnumMap<>(TaskStatus.class);
      members.forEach(m -> counts.merge(m.status(), 1, Integer::sum));
      return counts;
    }

    /** The worst member status, e.g. for the group's colour. */
    TaskStatus status() {
      TaskStatus worst = TaskStatus.COMPLETE;
      for (TreeNode m : members) {
        if (m.status().compareTo(worst) > 0) {
          worst = m.status();
        }
      }
      return worst;
    }

    /** {@code FanLeaf x 10000: 9990 complete, 10 incomplete}. */
    String summary() {
      return family + " x " + members.size() + ": " + countsText(counts());
    }

    /** The summary and, when any member has figures, what they used together. */
    String summary(boolean usage) {
      String total = usage ? UsageText.total(members) : "";
      return total.isEmpty() ? summary() : summary() + "; " + total;
    }
  }

  static List<Entry> of(TreeNode node) {
    List<TreeNode> requirements = node.requirements();
    if (requirements.size() <= COLLAPSE_ABOVE) {
      List<Entry> out = new ArrayList<>(requirements.size());
      requirements.forEach(r -> out.add(new Single(r)));
      return out;
    }
    Map<String, List<TreeNode>> byFamily = new LinkedHashMap<>();
    for (TreeNode r : requirements) {
      byFamily.computeIfAbsent(r.task().id().family(), f -> new ArrayList<>()).add(r);
    }
    List<Entry> out = new ArrayList<>();
    for (TreeNode r : requirements) {
      List<TreeNode> family = byFamily.get(r.task().id().family());
      if (family.size() <= COLLAPSE_ABOVE) {
        out.add(new Single(r));
      } else if (family.get(0) == r) {
        out.add(new Group(r.task().id().family(), Collections.unmodifiableList(family)));
      }
    }
    return out;
  }

  /** {@code 9990 complete, 10 incomplete}: non-zero counts in a fixed order. */
  static String countsText(Map<TaskStatus, Integer> counts) {
    List<String> parts = new ArrayList<>();
    for (TaskStatus s : TaskStatus.LISTING_ORDER) {
      Integer n = counts.get(s);
      if (n != null && n > 0) {
        parts.add(n + " " + s.label());
      }
    }
    return parts.isEmpty() ? "none" : String.join(", ", parts);
  }
}

package dev.pipeline.engine.inspect;

import dev.pipeline.engine.executor.ResourceUsage;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * How {@code status --usage} writes what attempts used: {@code cpu 0.31 s, peak RSS 58.2 MiB,
 * allocated 47.7 MiB} for one task, and CPU added up and the largest peak for several.
 */
final class UsageText {
  private static final double MIB = 1024.0 * 1024.0;

  private UsageText() {}

  /** One task's last recorded attempt; empty when nothing was recorded. */
  static String of(ResourceUsage usage) {
    if (usage == null || usage.isEmpty()) {
      return "";
    }
    List<String> parts = new ArrayList<>();
    if (usage.cpuSeconds() != null) {
      parts.add("cpu " + seconds(usage.cpuSeconds()));
    }
    if (usage.peakRssKb() != null) {
      parts.add("peak RSS " + mebibytes(usage.peakRssKb() * 1024.0));
    }
    if (usage.allocatedBytes() != null) {
      parts.add("allocated " + mebibytes(usage.allocatedBytes()));
    }
    return String.join(", ", parts);
  }

  /**
   * Several tasks: {@code cpu 3.72 s in 12 tasks, largest peak RSS 58.2 MiB}; empty when none has
   * a figure.
   */
  static String total(Collection<TreeNode> nodes) {
    double cpu = 0;
    int measured = 0;
    Long peak = null;
    for (TreeNode n : nodes) {
      ResourceUsage u = n.usage();
      if (u == null) {
        continue;
      }
      if (u.cpuSeconds() != null) {
        cpu += u.cpuSeconds();
        measured++;
      }
      if (u.peakRssKb() != null && (peak == null || u.peakRssKb() > peak)) {
        peak = u.peakRssKb();
      }
    }
    List<String> parts = new ArrayList<>();
    if (measured > 0) {
      parts.add("cpu " + seconds(cpu) + " in " + measured + (measured == 1 ? " task" : " tasks"));
    }
    if (peak != null) {
      parts.add("largest peak RSS " + mebibytes(peak * 1024.0));
    }
    return String.join(", ", parts);
  }

  static String seconds(double s) {
    if (s < 60) {
      return String.format(Locale.ROOT, "%.2f s", s);
    }
    long whole = Math.round(s);
    return whole >= 3600
        ? String.format(Locale.ROOT, "%dh%02dm%02ds", whole / 3600, whole / 60 % 60, whole % 60)
        : String.format(Locale.ROOT, "%dm%02ds", whole / 60, whole % 60);
  }

  static String mebibytes(double bytes) {
    return bytes >= 1024 * MIB
        ? String.format(Locale.ROOT, "%.2f GiB", bytes / (1024 * MIB))
        : String.format(Locale.ROOT, "%.1f MiB", bytes / MIB);
  }
}

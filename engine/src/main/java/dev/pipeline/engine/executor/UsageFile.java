package dev.pipeline.engine.executor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what the job wrapper wrote to {@code EXIT_FILE.usage} before its exit-code file: the
 * output of bash's {@code times} (the second line is the CPU time of the command's process tree,
 * {@code 0m0.310s 0m0.020s}) and, where perl could ask the kernel, {@code maxrss_kb N}. An engine
 * that reaps its job itself (the local executor) writes the same format with {@link #write}.
 */
public final class UsageFile {
  private static final Pattern TIMES =
      Pattern.compile("(\\d+)m(\\d+)[.,](\\d+)s\\s+(\\d+)m(\\d+)[.,](\\d+)s");
  private static final Pattern MAXRSS = Pattern.compile("maxrss_kb (\\d+)");

  private UsageFile() {}

  public static Path of(Path exitCodeFile) {
    return exitCodeFile.resolveSibling(exitCodeFile.getFileName() + ".usage");
  }

  /** The usage written next to {@code exitCodeFile}, if the wrapper wrote any. */
  public static Optional<ResourceUsage> read(Path exitCodeFile) {
    List<String> lines;
    try {
      lines = Files.readAllLines(of(exitCodeFile));
    } catch (IOException e) {
      return Optional.empty(); // an older wrapper, or a job that never got that far
    }
    return parse(lines);
  }

  /**
   * Writes {@code usage} next to {@code exitCodeFile} in the wrapper's format, before the exit-code
   * file (a reader that sees the code finds it complete). The CPU time goes in the user column: the
   * split into user and system time is not kept. Writes nothing for an empty usage.
   */
  public static void write(Path exitCodeFile, ResourceUsage usage) throws IOException {
    if (usage.isEmpty()) {
      return;
    }
    StringBuilder text = new StringBuilder();
    if (usage.cpuSeconds() != null) {
      long millis = Math.round(usage.cpuSeconds() * 1000);
      text.append("0m0.000s 0m0.000s\n").append(millis / 60_000).append('m')
          .append(String.format(java.util.Locale.ROOT, "%d.%03ds", millis / 1000 % 60, millis % 1000))
          .append(" 0m0.000s\n");
    }
    if (usage.peakRssKb() != null) {
      text.append("maxrss_kb ").append(usage.peakRssKb()).append('\n');
    }
    Files.writeString(of(exitCodeFile), text);
  }

  /** Reads and removes the file (it belongs to one attempt's command). */
  public static Optional<ResourceUsage> take(Path exitCodeFile) {
    Optional<ResourceUsage> usage = read(exitCodeFile);
    try {
      Files.deleteIfExists(of(exitCodeFile));
    } catch (IOException e) {
      // Left behind in the job directory; the next attempt of the task writes its own names.
    }
    return usage;
  }

  static Optional<ResourceUsage> parse(List<String> lines) {
    Double cpu = null;
    Long rss = null;
    if (lines.size() >= 2) {
      Matcher m = TIMES.matcher(lines.get(1).strip());
      if (m.matches()) {
        double total = seconds(m.group(1), m.group(2), m.group(3))
            + seconds(m.group(4), m.group(5), m.group(6));
        cpu = Math.round(total * 1000) / 1000.0;
      }
    }
    for (String line : lines) {
      Matcher m = MAXRSS.matcher(line.strip());
      if (m.matches()) {
        rss = Long.parseLong(m.group(1));
      }
    }
    ResourceUsage usage = new ResourceUsage(cpu, rss, null);
    return usage.isEmpty() ? Optional.empty() : Optional.of(usage);
  }

  private static double seconds(String minutes, String seconds, String fraction) {
    return Long.parseLong(minutes) * 60 + Long.parseLong(seconds)
        + Long.parseLong(fraction) / Math.pow(10, fraction.length());
  }
}

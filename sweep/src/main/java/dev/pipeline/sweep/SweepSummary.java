package dev.pipeline.sweep;

import dev.pipeline.engine.config.Suggestions;
import dev.pipeline.api.error.UsageException;
import dev.pipeline.engine.journal.HostName;
import java.io.File;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code pipeline sweep --summary -o OUTPUT}: one row per point found in the output directory,
 * with its status and duration from {@code stat.json} and the metrics it wrote to its results
 * file ({@code results.json} in its directory; {@code results.NAME.json} with
 * {@code --no-param-dir}), optionally sorted by a column. It only reads files, so it can run while
 * the sweep does.
 */
final class SweepSummary {
  private static final Pattern SHARED_STATE = Pattern.compile("(?:stat|param)\\.(.+)\\.json");

  private final Path workDir;
  private final String output;
  private final SummaryView view;
  private final PrintWriter out;

  SweepSummary(Path workDir, String output, SummaryView view, PrintWriter out) {
    this.workDir = workDir;
    this.output = output;
    this.view = view;
    this.out = out;
  }

  /** A point as found on disk. */
  record Row(String name, String status, Double seconds, Map<String, Object> metrics) {
    Object cell(String column) {
      return switch (column) {
        case "name" -> name;
        case "status" -> status;
        case "duration" -> seconds;
        default -> metrics.get(column);
      };
    }
  }

  int print() {
    Path output = workDir.resolve(this.output).normalize();
    if (!Files.isDirectory(output)) {
      throw new UsageException("--summary: " + this.output + " is not a directory (pass the sweep's -o)");
    }
    List<Row> rows = rows(output);
    TreeSet<String> metricNames = new TreeSet<>();
    rows.forEach(r -> metricNames.addAll(r.metrics().keySet()));
    List<String> columns = new ArrayList<>(List.of("name", "status", "duration"));
    columns.addAll(metricNames);
    if (view.sort() != null) {
      if (!columns.contains(view.sort())) {
        String hint = Suggestions.closest(view.sort(), columns).map(s -> "; did you mean " + s + "?").orElse("");
        throw new UsageException("--sort " + view.sort() + ": no such column" + hint + " (columns: "
            + String.join(", ", columns) + ")");
      }
      rows.sort(order(view.sort(), view.descending()));
    }
    List<List<String>> table = new ArrayList<>();
    table.add(columns);
    for (Row r : rows) {
      List<String> line = new ArrayList<>();
      for (String c : columns) {
        Object v = r.cell(c);
        line.add(c.equals("duration") ? (v == null ? "-" : String.format("%.1fs", (Double) v)) : text(v));
      }
      table.add(line);
    }
    int[] width = new int[columns.size()];
    for (List<String> line : table) {
      for (int i = 0; i < line.size(); i++) {
        width[i] = Math.max(width[i], line.get(i).length());
      }
    }
    for (List<String> line : table) {
      StringBuilder s = new StringBuilder();
      for (int i = 0; i < line.size(); i++) {
        s.append(i == line.size() - 1 ? line.get(i) : pad(line.get(i), width[i] + 2));
      }
      out.println(s.toString().stripTrailing());
    }
    TreeMap<String, Integer> counts = new TreeMap<>();
    rows.forEach(r -> counts.merge(r.status(), 1, Integer::sum));
    List<String> parts = new ArrayList<>();
    counts.forEach((k, v) -> parts.add(v + " " + k));
    out.println(rows.size() + " point(s)" + (parts.isEmpty() ? "" : ": " + String.join(", ", parts)));
    out.flush();
    return 0;
  }

  private List<Row> rows(Path output) {
    String[] entries = output.toFile().list();
    if (entries == null) {
      return new ArrayList<>();
    }
    Arrays.sort(entries);
    List<Row> rows = new ArrayList<>();
    List<String> shared = new ArrayList<>();
    for (String e : entries) {
      if (e.startsWith(".")) {
        continue;
      }
      File f = new File(output.toFile(), e);
      if (f.isDirectory()) {
        Path dir = f.toPath();
        if (Files.isRegularFile(dir.resolve("stat.json")) || Files.isRegularFile(dir.resolve("param.json"))) {
          rows.add(row(e, dir.resolve("stat.json"), SweepLayout.results(output, e, false, view.results())));
        }
      } else {
        Matcher m = SHARED_STATE.matcher(e);
        if (m.matches() && !shared.contains(m.group(1))) {
          shared.add(m.group(1));
          rows.add(row(m.group(1), output.resolve("stat." + m.group(1) + ".json"),
              SweepLayout.results(output, m.group(1), true, view.results())));
        }
      }
    }
    rows.sort(Comparator.comparing(Row::name));
    return rows;
  }

  private static Row row(String name, Path statFile, Path resultsFile) {
    LinkedHashMap<String, Object> stat = JsonText.readObject(statFile);
    String status = status(stat);
    double seconds = 0;
    boolean any = false;
    for (Object entry : stat.values()) {
      if (entry instanceof Map<?, ?> m) {
        if (m.get("seconds") instanceof Number n) {
          seconds += n.doubleValue();
          any = true;
        } else if ("running".equals(m.get("status")) && m.get("start") instanceof String start) {
          try {
            seconds += Duration.between(Instant.parse(start), Instant.now()).toMillis() / 1000.0;
            any = true;
          } catch (RuntimeException ignored) {
            // An unreadable start time adds nothing.
          }
        }
      }
    }
    Map<String, Object> metrics = Files.isRegularFile(resultsFile)
        ? JsonText.flatten(JsonText.readObject(resultsFile)) : Map.of();
    return new Row(name, status, any ? seconds : null, metrics);
  }

  /** pending, running, interrupted (a dead process left "running"), failed, succeeded, incomplete. */
  static String status(Map<String, Object> stat) {
    boolean failed = false;
    boolean interrupted = false;
    boolean allSucceeded = !stat.isEmpty();
    for (Object entry : stat.values()) {
      if (!(entry instanceof Map<?, ?> m)) {
        allSucceeded = false;
        continue;
      }
      Object status = m.get("status");
      if ("running".equals(status)) {
        if (alive(m)) {
          return "running";
        }
        interrupted = true;
      }
      failed |= "failed".equals(status);
      interrupted |= "interrupted".equals(status);
      allSucceeded &= StatTarget.succeeded(m, null);
    }
    if (stat.isEmpty()) {
      return "pending";
    }
    return failed ? "failed" : interrupted ? "interrupted" : allSucceeded ? "succeeded" : "incomplete";
  }

  /** A "running" entry is live when its process still exists (or is on another host: unknown). */
  private static boolean alive(Map<?, ?> entry) {
    String here = HostName.current();
    if (!(entry.get("pid") instanceof Number pid) || !here.equals(entry.get("host"))) {
      return true;
    }
    return ProcessHandle.of(pid.longValue()).map(ProcessHandle::isAlive).orElse(false);
  }

  /** Rows with the column first (numbers before text), missing values last in either direction. */
  static Comparator<Row> order(String column, boolean descending) {
    Comparator<Object> values = (a, b) -> {
      if (a instanceof Number x && b instanceof Number y) {
        return Double.compare(x.doubleValue(), y.doubleValue());
      }
      if (a instanceof Number) {
        return -1;
      }
      if (b instanceof Number) {
        return 1;
      }
      return text(a).compareTo(text(b));
    };
    Comparator<Object> directed = descending ? values.reversed() : values;
    return (r1, r2) -> {
      Object a = r1.cell(column);
      Object b = r2.cell(column);
      if (a == null || b == null) {
        return a == null && b == null ? 0 : a == null ? 1 : -1;
      }
      return directed.compare(a, b);
    };
  }

  private static String text(Object v) {
    if (v == null) {
      return "-";
    }
    return PyFormat.str(v);
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }
}

package dev.pipeline.engine.inspect;

import dev.pipeline.engine.config.ConfiguredParameters;
import dev.pipeline.engine.config.ParameterSource;
import dev.pipeline.engine.config.PipelineConfig;
import dev.pipeline.engine.model.ParameterSpec;
import dev.pipeline.api.Task;
import dev.pipeline.engine.model.TaskFamily;
import dev.pipeline.engine.model.TaskRegistry;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code pipeline index}: every task family, sorted by name, with its description and its
 * parameters (sorted by name) in aligned columns: {@code --name}, type, code default (or
 * {@code required} / {@code no default}), {@code significant} or {@code insignificant},
 * description. A value the cfg or environment sets follows on its own line with its origin.
 */
public final class TaskIndex {
  private TaskIndex() {}

  /**
   * Namespaces of families that exist for tooling (the scheduler benchmarks), not for users:
   * listed only when asked for.
   */
  static final Set<String> TOOLING_NAMESPACES = Set.of("bench.");

  /** @param config the loaded cfg (with environment overrides); {@link PipelineConfig#empty()} */
  public static void write(TaskRegistry registry, PipelineConfig config, PrintWriter out) {
    write(registry, config, out, false);
  }

  /** @param all also the families of {@link #TOOLING_NAMESPACES} */
  public static void write(TaskRegistry registry, PipelineConfig config, PrintWriter out, boolean all) {
    ParameterSource configured = new ConfiguredParameters(config, Map.of());
    boolean first = true;
    for (TaskFamily family : registry.families()) {
      if (!all && TOOLING_NAMESPACES.stream().anyMatch(family.name()::startsWith)) {
        continue;
      }
      if (!first) {
        out.println();
      }
      first = false;
      writeFamily(family, configured, out);
    }
    out.flush();
  }

  private static void writeFamily(TaskFamily family, ParameterSource configured, PrintWriter out) {
    out.println(family.description().isEmpty() ? family.name()
        : family.name() + " - " + family.description());
    if (family.parameters().isEmpty()) {
      out.println("  (no parameters)");
      return;
    }
    Task defaults = family.newDefaultInstance();
    List<String> names = family.parameters().stream().map(ParameterSpec::name).toList();
    List<String[]> rows = new ArrayList<>();
    List<String> cfgLines = new ArrayList<>();
    for (ParameterSpec p : family.parameters()) {
      rows.add(new String[] {"--" + p.name(), p.type().name(), defaultText(p, defaults),
          p.significant() ? "significant" : "insignificant", p.description()});
      Optional<ParameterSource.Value> v = configured.value(family.name(), p.name(), names);
      cfgLines.add(v.map(value -> "cfg: " + value.text() + " (" + value.origin() + ")").orElse(null));
    }
    int[] widths = new int[4];
    for (String[] row : rows) {
      for (int c = 0; c < widths.length; c++) {
        widths[c] = Math.max(widths[c], row[c].length());
      }
    }
    for (int i = 0; i < rows.size(); i++) {
      StringBuilder line = new StringBuilder("  ");
      String[] row = rows.get(i);
      for (int c = 0; c < widths.length; c++) {
        line.append(pad(row[c], widths[c])).append("  ");
      }
      line.append(row[4]);
      out.println(line.toString().stripTrailing());
      if (cfgLines.get(i) != null) {
        out.println(" ".repeat(4 + widths[0]) + cfgLines.get(i));
      }
    }
  }

  private static String defaultText(ParameterSpec p, Task defaults) {
    Object value = p.get(defaults);
    if (value == null) {
      return p.required() ? "required" : "no default";
    }
    String text = p.render(defaults);
    return "default " + (text.isEmpty() ? "\"\"" : text);
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(width - s.length());
  }
}

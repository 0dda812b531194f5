package dev.pipeline.engine.model;

import dev.pipeline.api.Family;

import dev.pipeline.api.error.UsageException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses task parameters from a command line: {@code --name value}, {@code --name=value}, a bare
 * {@code --flag} for booleans (the root task), and {@code --Family-name value} for any family in
 * the graph (luigi's spelling), which sets that family's default.
 */
public final class TaskArguments {
  private final Map<String, String> root = new LinkedHashMap<>();
  private final Map<String, Map<String, String>> families = new LinkedHashMap<>();

  private TaskArguments() {}

  /** Values for the root task's own parameters. */
  public Map<String, String> root() {
    return root;
  }

  /** family → parameter → value from {@code --Family-param}. */
  public Map<String, Map<String, String>> families() {
    return families;
  }

  public static Map<String, String> parse(TaskFamily family, List<String> args) {
    return parse(family, new TaskRegistry().register(family.type()), args).root();
  }

  public static TaskArguments parse(TaskFamily rootFamily, TaskRegistry registry, List<String> args) {
    TaskArguments out = new TaskArguments();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--") || arg.length() == 2) {
        throw new UsageException("unexpected argument '" + arg + "' for " + rootFamily.name()
            + "; task parameters are written --name value or --Family-name value");
      }
      String name = arg.substring(2);
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      Target target = resolve(rootFamily, registry, name);
      if (value == null) {
        boolean next = i + 1 < args.size() && !args.get(i + 1).startsWith("--");
        if (next) {
          value = args.get(++i);
        } else if (target.spec.type().name().equals("boolean")) {
          value = "true";
        } else {
          throw new UsageException(target.family.name() + " --" + name + ": missing value ("
              + target.spec.type().name() + ")");
        }
      }
      if (target.family == rootFamily && !target.qualified) {
        out.root.put(target.spec.name(), value);
      } else {
        out.families.computeIfAbsent(target.family.name(), k -> new LinkedHashMap<>())
            .put(target.spec.name(), value);
      }
    }
    return out;
  }

  private static Target resolve(TaskFamily rootFamily, TaskRegistry registry, String name) {
    var own = rootFamily.parameter(name);
    if (own.isPresent()) {
      return new Target(rootFamily, own.get(), false);
    }
    for (int dash = name.indexOf('-'); dash > 0; dash = name.indexOf('-', dash + 1)) {
      TaskFamily f = registry.find(name.substring(0, dash));
      if (f != null) {
        var spec = f.parameter(name.substring(dash + 1));
        if (spec.isPresent()) {
          return new Target(f, spec.get(), true);
        }
        throw new UsageException(f.unknownParameterMessage(name.substring(dash + 1)));
      }
    }
    throw new UsageException(rootFamily.unknownParameterMessage(name));
  }

  private record Target(TaskFamily family, ParameterSpec spec, boolean qualified) {}
}

package dev.pipeline.engine.model;

import dev.pipeline.engine.error.UsageException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parses a root task's {@code --name value} / {@code --name=value} / {@code --flag} arguments. */
public final class TaskArguments {
  private TaskArguments() {}

  public static Map<String, String> parse(TaskFamily family, List<String> args) {
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--") || arg.length() == 2) {
        throw new UsageException("unexpected argument '" + arg + "' for " + family.name()
            + "; task parameters are written --name value");
      }
      String name = arg.substring(2);
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      ParameterSpec spec = family.parameter(name)
          .orElseThrow(() -> new UsageException(family.unknownParameterMessage(arg.substring(2).split("=", 2)[0])));
      if (value == null) {
        boolean isFlag = spec.type().name().equals("boolean");
        boolean next = i + 1 < args.size() && !args.get(i + 1).startsWith("--");
        if (next) {
          value = args.get(++i);
        } else if (isFlag) {
          value = "true";
        } else {
          throw new UsageException(family.name() + " --" + name + ": missing value ("
              + spec.type().name() + ")");
        }
      }
      values.put(spec.name(), value);
    }
    return values;
  }
}

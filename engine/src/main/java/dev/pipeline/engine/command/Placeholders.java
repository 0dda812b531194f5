package dev.pipeline.engine.command;

import dev.pipeline.engine.model.TaskFamily;
import dev.pipeline.engine.command.CommandTemplate.Placeholder;
import dev.pipeline.engine.config.Suggestions;
import dev.pipeline.engine.model.ParameterSpec;
import dev.pipeline.api.Task;
import dev.pipeline.api.targets.Target;
import dev.pipeline.api.targets.local.LocalDirectoryTarget;
import dev.pipeline.api.targets.local.LocalFileTarget;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The values of one task's placeholders: {@code {output}} / {@code {output[name]}} (where the
 * command must write), {@code {input}} / {@code {input[name]}} (the requirements' outputs),
 * {@code {run_dir}}, {@code {gpus}} and one per parameter, rendered as on a command line. The
 * built-in names win over parameters of the same name.
 */
final class Placeholders {
  static final String OUTPUT = "output";
  static final String INPUT = "input";
  static final String RUN_DIR = "run_dir";
  static final String GPUS = "gpus";
  private static final int LISTED_ITEMS = 4;

  private final Task task;
  private final Path runDirectory;
  private final List<String> gpus;
  private final Function<Target, String> outputPath;

  /**
   * @param outputPath where the command writes a given output (its staged path); outputs it does
   *     not know are rendered as their final location
   */
  Placeholders(Task task, Path runDirectory, List<String> gpus, Function<Target, String> outputPath) {
    this.task = task;
    this.runDirectory = runDirectory;
    this.gpus = List.copyOf(gpus);
    this.outputPath = outputPath;
  }

  /** A problem with one placeholder: what is wrong, and what to write instead. */
  static final class Problem extends Exception {
    final String fix;

    Problem(String problem, String fix) {
      super(problem, null, false, false);
      this.fix = fix;
    }
  }

  String value(Placeholder p) throws Problem {
    switch (p.name()) {
      case OUTPUT -> {
        return outputPath.apply(output(p));
      }
      case INPUT -> {
        return path(single(p, select(p, task.input()), "its requirements produce"));
      }
      case RUN_DIR -> {
        noKey(p);
        return runDirectory.toString();
      }
      case GPUS -> {
        noKey(p);
        return String.join(",", gpus);
      }
      default -> {
        ParameterSpec spec = TaskFamily.of(task).parameter(p.name()).orElseThrow(() -> unknown(p));
        noKey(p);
        return parameter(spec);
      }
    }
  }

  /**
   * A parameter as written on a command line; none is empty. Paths are made absolute the way
   * targets are (against the directory the engine runs in), since the command may run elsewhere.
   */
  private String parameter(ParameterSpec spec) {
    Object value = spec.get(task);
    if (value == null) {
      return "";
    }
    if (value instanceof Path path) {
      return absolute(path);
    }
    if (value instanceof List<?> list && list.stream().allMatch(v -> v instanceof Path)) {
      return String.join(",", list.stream().map(v -> absolute((Path) v)).toList());
    }
    return spec.render(task);
  }

  private static String absolute(Path path) {
    return path.toAbsolutePath().normalize().toString();
  }

  /** The output target a {@code {output...}} placeholder stands for. */
  Target output(Placeholder p) throws Problem {
    return single(p, select(p, task.output()), "it has");
  }

  /** Every placeholder this task offers, for messages. */
  List<String> known() {
    Set<String> names = new TreeSet<>(Comparator.comparing(s -> s.substring(1, s.length() - 1)));
    TaskFamily.of(task).parameters().forEach(s -> names.add("{" + s.name() + "}"));
    names.add("{" + RUN_DIR + "}");
    names.add("{" + GPUS + "}");
    names.addAll(forms(OUTPUT, task.output(), task.outputs().size()));
    names.addAll(forms(INPUT, task.input(), inputCount()));
    return List.copyOf(names);
  }

  private int inputCount() {
    int n = 0;
    for (Task t : task.requirements()) {
      n += t.outputs().size();
    }
    return n;
  }

  private static List<String> forms(String name, Object shape, int targets) {
    List<String> out = new ArrayList<>();
    if (targets == 1) {
      out.add("{" + name + "}");
    }
    if (shape instanceof Map<?, ?> m) {
      m.keySet().stream().limit(LISTED_ITEMS).forEach(k -> out.add("{" + name + "[" + k + "]}"));
    } else if (shape instanceof Collection<?> c) {
      for (int i = 0; i < Math.min(c.size(), LISTED_ITEMS); i++) {
        out.add("{" + name + "[" + i + "]}");
      }
    }
    return out;
  }

  /** The part of an output/input shape a key picks: the whole shape for no key. */
  private Object select(Placeholder p, Object shape) throws Problem {
    if (p.key() == null) {
      return shape;
    }
    if (shape instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (String.valueOf(e.getKey()).equals(p.key())) {
          return e.getValue();
        }
      }
      throw new Problem(task.id() + " has no " + p.name() + " named '" + p.key() + "'",
          "use one of " + String.join(", ", forms(p.name(), shape, 0)));
    }
    if (shape instanceof List<?> list) {
      try {
        return list.get(Integer.parseInt(p.key()));
      } catch (NumberFormatException | IndexOutOfBoundsException e) {
        throw new Problem(task.id() + " has no " + p.name() + " " + p.key(),
            "use an index from 0 to " + (list.size() - 1));
      }
    }
    throw new Problem(task.id() + "'s " + p.name() + " is not a map or list, so " + p
        + " has nothing to select", "write {" + p.name() + "}");
  }

  /** Exactly one target in {@code shape} (tasks stand for their outputs). */
  private Target single(Placeholder p, Object shape, String verb) throws Problem {
    List<Target> targets = new ArrayList<>();
    collect(shape, targets);
    if (targets.size() == 1) {
      return targets.get(0);
    }
    List<String> forms = forms(p.name(), shape, 0);
    String fix = forms.isEmpty() ? "remove " + p + " from the command"
        : "use one of " + String.join(", ", forms);
    throw new Problem(p + ": " + (p.key() == null ? verb : "that " + p.name() + " has") + " "
        + targets.size() + " targets, not one (" + task.id() + ")", fix);
  }

  private static void collect(Object shape, List<Target> out) {
    if (shape instanceof Target t) {
      out.add(t);
    } else if (shape instanceof Task t) {
      out.addAll(t.outputs());
    } else if (shape instanceof Map<?, ?> m) {
      m.values().forEach(v -> collect(v, out));
    } else if (shape instanceof Collection<?> c) {
      c.forEach(v -> collect(v, out));
    }
  }

  private void noKey(Placeholder p) throws Problem {
    if (p.key() != null) {
      throw new Problem(p + ": only {output[...]} and {input[...]} take a key",
          "write {" + p.name() + "}");
    }
  }

  private Problem unknown(Placeholder p) {
    Set<String> names = new LinkedHashSet<>(List.of(OUTPUT, INPUT, RUN_DIR, GPUS));
    TaskFamily.of(task).parameters().forEach(s -> names.add(s.name()));
    Optional<String> close = Suggestions.closest(p.name(), names);
    return new Problem("unknown placeholder " + p, close.map(c -> "did you mean {" + c + "}? ").orElse("")
        + "known placeholders: " + String.join(", ", known()) + "; write {{ and }} for literal braces");
  }

  /** A target's location as a program wants it: a local path, else the target's URI. */
  static String path(Target t) {
    if (t instanceof LocalFileTarget f) {
      return f.path().toString();
    }
    if (t instanceof LocalDirectoryTarget d) {
      return d.path().toString();
    }
    return t.uri();
  }
}

package dev.pipeline.engine.command;

import dev.pipeline.engine.model.TaskFamily;
import dev.pipeline.engine.command.CommandLexer.Placeholder;
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
  private static final int LISTED_ITEMS = 6;

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

  /** Every placeholder this task offers, for messages; each one names exactly one target. */
  List<String> known() {
    Set<String> names = new TreeSet<>(Comparator.comparing(s -> s.substring(1, s.length() - 1)));
    TaskFamily.of(task).parameters().forEach(s -> names.add("{" + s.name() + "}"));
    names.add("{" + RUN_DIR + "}");
    names.add("{" + GPUS + "}");
    names.addAll(forms(Placeholder.of(OUTPUT), task.output()));
    names.addAll(forms(Placeholder.of(INPUT), task.input()));
    return List.copyOf(names);
  }

  /**
   * The placeholders at or below {@code at} that each stand for exactly one target of
   * {@code shape} (the part {@code at} selects), at most {@value #LISTED_ITEMS}: every one works.
   */
  private static List<String> forms(Placeholder at, Object shape) {
    List<String> out = new ArrayList<>();
    addForms(at, shape, out);
    return out;
  }

  private static void addForms(Placeholder at, Object shape, List<String> out) {
    if (out.size() >= LISTED_ITEMS) {
      return;
    }
    List<Target> targets = new ArrayList<>();
    collect(shape, targets);
    if (targets.size() == 1) {
      out.add(at.toString());
    } else if (shape instanceof Map<?, ?> m) {
      m.forEach((k, v) -> addForms(with(at, String.valueOf(k)), v, out));
    } else if (shape instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        addForms(with(at, String.valueOf(i)), list.get(i), out);
      }
    } else if (shape instanceof Task t) {
      addForms(at, t.output(), out);
    }
  }

  private static Placeholder with(Placeholder p, String key) {
    List<String> keys = new ArrayList<>(p.keys());
    keys.add(key);
    return new Placeholder(p.name(), keys);
  }

  /** The part of an output/input shape the keys pick, one level per key: the whole for none. */
  private Object select(Placeholder p, Object shape) throws Problem {
    Placeholder at = Placeholder.of(p.name());
    for (String key : p.keys()) {
      Object part = shape instanceof Task t ? t.output() : shape;
      shape = child(p, at, part, key);
      at = with(at, key);
    }
    return shape;
  }

  private Object child(Placeholder p, Placeholder at, Object shape, String key) throws Problem {
    if (shape instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (String.valueOf(e.getKey()).equals(key)) {
          return e.getValue();
        }
      }
    } else if (shape instanceof List<?> list && key.matches("[0-9]{1,9}")
        && Integer.parseInt(key) < list.size()) {
      return list.get(Integer.parseInt(key));
    }
    List<String> forms = forms(at, shape);
    String missing;
    if (!at.keys().isEmpty()) {
      missing = task.id() + "'s " + at + " has no entry '" + key + "'";
    } else if (shape instanceof List<?>) {
      missing = task.id() + " has no " + p.name() + " " + key;
    } else {
      missing = task.id() + " has no " + p.name() + " named '" + key + "'";
    }
    throw new Problem(missing,
        forms.isEmpty() ? "remove " + p + " from the command" : "use one of " + String.join(", ", forms));
  }

  /** Exactly one target in {@code shape} (tasks stand for their outputs). */
  private Target single(Placeholder p, Object shape, String verb) throws Problem {
    List<Target> targets = new ArrayList<>();
    collect(shape, targets);
    if (targets.size() == 1) {
      return targets.get(0);
    }
    List<String> forms = forms(p, shape);
    String fix = forms.isEmpty() ? "remove " + p + " from the command"
        : "use one of " + String.join(", ", forms);
    throw new Problem(p + ": " + (p.keys().isEmpty() ? verb : "that " + p.name() + " has") + " "
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
    if (!p.keys().isEmpty()) {
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

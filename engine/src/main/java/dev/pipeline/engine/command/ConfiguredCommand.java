package dev.pipeline.engine.command;

import dev.pipeline.engine.command.CommandLexer.Placeholder;
import dev.pipeline.engine.config.ConfigException;
import dev.pipeline.engine.config.ConfigValue;
import dev.pipeline.engine.config.TaskSettings;
import dev.pipeline.api.Command;
import dev.pipeline.api.Task;
import dev.pipeline.api.TaskContext;
import dev.pipeline.api.TaskFailedException;
import dev.pipeline.api.targets.Target;
import java.io.IOException;
import java.nio.file.Path;
import dev.pipeline.engine.config.SandboxSettings;
import dev.pipeline.engine.sandbox.Mounts;
import dev.pipeline.engine.sandbox.Sandbox;
import dev.pipeline.engine.sandbox.SandboxCall;
import dev.pipeline.engine.sandbox.Sandboxes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A family's {@code command} from the cfg, which replaces its run(): the outputs the command line
 * names are staged, the command runs as the task's process (no shell, the task's environment, log
 * and GPUs, the family's {@code workdir} and {@code timeout}), and the outputs are published only
 * after it exited with 0.
 */
public final class ConfiguredCommand {
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

  private final ConfigValue source;
  private final CommandTemplate template;
  private final TaskSettings settings;
  private final SandboxSettings sandbox;

  private ConfiguredCommand(ConfigValue source, CommandTemplate template, TaskSettings settings,
      SandboxSettings sandbox) {
    this.source = source;
    this.template = template;
    this.settings = settings;
    this.sandbox = sandbox;
  }

  /**
   * The family's command, or empty when its settings have none.
   *
   * @throws ConfigException when the command line cannot be split (an unterminated quote)
   */
  public static Optional<ConfiguredCommand> of(TaskSettings settings) {
    return of(settings, SandboxSettings.NONE);
  }

  /**
   * The family's command, run in {@code sandbox}, or empty when its settings have none.
   *
   * @throws ConfigException when the command line cannot be split (an unterminated quote)
   */
  public static Optional<ConfiguredCommand> of(TaskSettings settings, SandboxSettings sandbox) {
    ConfigValue v = settings.command();
    if (v == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(new ConfiguredCommand(v, CommandTemplate.parse(v.value()), settings,
          sandbox));
    } catch (IllegalArgumentException e) {
      throw ConfigException.of(v.where(), v.section(), v.key(), e.getMessage(), null);
    }
  }

  public CommandTemplate template() {
    return template;
  }

  /** Where the command runs ({@code sandbox} of its family or {@code [core]}). */
  public SandboxSettings sandbox() {
    return sandbox;
  }

  /**
   * Checks that every placeholder has a value for {@code task}, before anything runs.
   *
   * @throws ConfigException naming the cfg line, the placeholder and the known placeholders
   */
  public void validate(Task task, Path runDirectory) {
    Placeholders values = new Placeholders(task, runDirectory, List.of(), Placeholders::path);
    for (Placeholder p : template.placeholders()) {
      try {
        values.value(p);
      } catch (Placeholders.Problem e) {
        throw ConfigException.of(source.where(), source.section(), source.key(), e.getMessage(),
            e.fix);
      }
    }
  }

  /**
   * The command line for a remote attempt (a Kubernetes pod): nothing is staged, every
   * {@code {output}} is the target's own location ({@code s3://...}), which the command writes.
   */
  public List<String> renderRemote(Task task, Path runDirectory, List<String> gpus)
      throws TaskFailedException {
    Placeholders values = new Placeholders(task, runDirectory, gpus, Placeholders::path);
    Map<Placeholder, String> rendered = new HashMap<>();
    try {
      for (Placeholder p : template.placeholders()) {
        rendered.put(p, values.value(p));
      }
    } catch (Placeholders.Problem e) {
      throw new TaskFailedException(
          ConfigException.format(source.where(), source.section(), source.key(), e.getMessage(),
              e.fix), false);
    }
    return template.render(rendered::get);
  }

  /** Runs the command as {@code task}'s attempt; see the class comment. */
  public void run(Task task, TaskContext context)
      throws IOException, InterruptedException, TaskFailedException {
    Map<Target, StagedOutput> staged = new LinkedHashMap<>();
    Throwable failure = null;
    try {
      Placeholders values = new Placeholders(task, context.runDirectory(), context.gpus(),
          t -> staged.containsKey(t) ? staged.get(t).path().toString() : Placeholders.path(t));
      List<String> named = new ArrayList<>();
      List<String> argv = render(values, staged, named);
      Path workDir = workDirectory(context.runDirectory());
      Command command = new Command(argv, workDir,
          Map.of("PIPELINE_RUN_DIR", context.runDirectory().toString(),
              "PIPELINE_TASK_ID", task.id().canonical()),
          settings.timeout());
      if (sandbox.present()) {
        command = sandboxed(command, context, workDir, named);
      }
      context.log().println("$ " + display(command.argv()));
      context.exec(command);
      for (StagedOutput s : staged.values()) {
        Optional<String> missing = s.missing();
        if (missing.isPresent()) {
          throw new TaskFailedException("command '" + argv.get(0) + "' exited with code 0 but "
              + missing.get(), false);
        }
      }
      for (StagedOutput s : staged.values()) {
        s.commit();
      }
    } catch (IOException | InterruptedException | TaskFailedException | RuntimeException | Error e) {
      failure = e;
      throw e;
    } finally {
      discard(staged.values(), failure);
    }
  }

  /** Stages the outputs the template names, then renders every placeholder. */
  private List<String> render(Placeholders values, Map<Target, StagedOutput> staged,
      List<String> named) throws IOException, TaskFailedException {
    Map<Placeholder, String> rendered = new HashMap<>();
    try {
      for (Placeholder p : template.placeholders()) {
        if (p.name().equals(Placeholders.OUTPUT)) {
          Target t = values.output(p);
          if (!staged.containsKey(t)) {
            Optional<StagedOutput> s = StagedOutput.of(t, p.toString());
            if (s.isPresent()) {
              staged.put(t, s.get());
            }
          }
        }
      }
      for (Placeholder p : template.placeholders()) {
        rendered.put(p, values.value(p));
      }
    } catch (Placeholders.Problem e) {
      throw new TaskFailedException(
          ConfigException.format(source.where(), source.section(), source.key(), e.getMessage(),
              e.fix), false);
    }
    named.addAll(rendered.values());
    return template.render(rendered::get);
  }

  /**
   * The command as its sandbox starts it: the run directory, the workdir and the directories of
   * every path a placeholder named (staged outputs included) are mounted at the same paths.
   */
  private Command sandboxed(Command command, TaskContext context, Path workDir,
      List<String> named) throws IOException, InterruptedException, TaskFailedException {
    Sandbox box;
    try {
      box = Sandboxes.of(sandbox, context.runDirectory()).prepared(context.log());
    } catch (IOException e) {
      throw new TaskFailedException(e.getMessage(), true);
    }
    Set<String> forward = new HashSet<>(context.environment().keySet());
    forward.addAll(command.env().keySet());
    SandboxCall call = new SandboxCall(context.gpus(),
        Mounts.of(List.of(context.runDirectory(), workDir), named), forward);
    context.log().println("sandbox: " + box.describe());
    return box.wrap(command, call);
  }

  private Path workDirectory(Path runDirectory) {
    return settings.workdir() == null ? runDirectory : runDirectory.resolve(settings.workdir());
  }

  /** Deletes uncommitted staging; a cleanup error never hides the failure that came first. */
  private static void discard(Iterable<StagedOutput> outputs, Throwable failure) throws IOException {
    IOException first = null;
    for (StagedOutput s : outputs) {
      try {
        s.close();
      } catch (IOException e) {
        if (failure != null) {
          failure.addSuppressed(e);
        } else if (first == null) {
          first = e;
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  /** The argv as a shell would need it quoted, for the log (copy, paste, reproduce). */
  static String display(List<String> argv) {
    StringBuilder out = new StringBuilder();
    for (String a : argv) {
      if (out.length() > 0) {
        out.append(' ');
      }
      out.append(PLAIN.matcher(a).matches() ? a : "'" + a.replace("'", "'\\''") + "'");
    }
    return out.toString();
  }
}

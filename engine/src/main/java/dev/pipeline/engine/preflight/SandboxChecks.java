package dev.pipeline.engine.preflight;

import dev.pipeline.api.Task;
import dev.pipeline.engine.command.ConfiguredCommand;
import dev.pipeline.engine.config.ConfigException;
import dev.pipeline.engine.config.ConfigValue;
import dev.pipeline.engine.config.SandboxSettings;
import dev.pipeline.engine.config.TaskSettings;
import dev.pipeline.engine.sandbox.ApptainerSandbox;
import dev.pipeline.engine.sandbox.BuiltVenvSandbox;
import dev.pipeline.engine.sandbox.CondaSandbox;
import dev.pipeline.engine.sandbox.ContainerSandbox;
import dev.pipeline.engine.sandbox.PodmanSandbox;
import dev.pipeline.engine.sandbox.Sandbox;
import dev.pipeline.engine.sandbox.Sandboxes;
import dev.pipeline.engine.sandbox.VenvSandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A command task's needs on this machine: its sandbox's program, image, venv or conda
 * environment, and the command's own program (on the host's PATH, or the venv's; inside an image
 * it is the image's business).
 */
final class SandboxChecks {
  private static final Duration IMAGE_CHECK = Duration.ofSeconds(30);
  private final HostTools tools;
  private final Path runDirectory;
  private final Set<String> imagesChecked = new HashSet<>();
  /** One check per family's command: 100,000 tasks of a family need the same things. */
  private final Set<ConfiguredCommand> checked =
      java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

  SandboxChecks(HostTools tools, Path runDirectory) {
    this.tools = tools;
    this.runDirectory = runDirectory;
  }

  void check(Task task, ConfiguredCommand command, TaskSettings settings, Problems problems) {
    if (!checked.add(command)) {
      return;
    }
    SandboxSettings s = command.sandbox();
    Sandbox sandbox = Sandboxes.of(s, runDirectory);
    if (s.present()) {
      checkSandbox(sandbox, s.source(), problems);
    }
    if (!sandbox.isolated()) {
      checkProgram(command, settings, sandbox, problems);
    }
  }

  private void checkSandbox(Sandbox sandbox, ConfigValue where, Problems problems) {
    for (String program : sandbox.programs()) {
      if (tools.find(program).isEmpty()) {
        problems.add(message(where, program + (program.contains("/")
            ? " does not exist or is not executable" : " is not on the PATH"),
            "install it or set sandbox_program to its path"));
        return;
      }
    }
    if (sandbox instanceof BuiltVenvSandbox built && !Files.isRegularFile(built.requirements())) {
      problems.add(message(where, "requirements file " + built.requirements()
          + " does not exist", "write it (an empty file for no packages) or name a venv"
          + " directory"));
    } else if (sandbox instanceof VenvSandbox venv && !Files.isExecutable(venv.interpreter())) {
      problems.add(message(where, "venv " + venv.directory() + " has no bin/python",
          "create it with python3 -m venv " + venv.directory()));
    } else if (sandbox instanceof CondaSandbox conda && conda.byPrefix()
        && !Files.isDirectory(Path.of(conda.environment(), "conda-meta"))) {
      problems.add(message(where, "conda environment " + conda.environment()
          + " does not exist", "create it with conda env create -p " + conda.environment()));
    } else if (sandbox instanceof ApptainerSandbox app && app.localImage()
        && !Files.isRegularFile(Path.of(app.image()))) {
      problems.add(message(where, "image " + app.image() + " does not exist",
          "build or copy it there first"));
    } else if (sandbox instanceof ContainerSandbox c && imagesChecked.add(c.describe())) {
      checkImage(c, where, problems);
    }
  }

  private void checkImage(ContainerSandbox c, ConfigValue where, Problems problems) {
    List<String> argv = c instanceof PodmanSandbox
        ? List.of(c.program(), "image", "exists", c.image())
        : List.of(c.program(), "image", "inspect", "--format", "{{.Id}}", c.image());
    HostTools.Result r = tools.run(argv, IMAGE_CHECK);
    if (r.exitCode() != 0) {
      String program = Path.of(c.program()).getFileName().toString();
      problems.add(message(where, program + " has no image " + c.image()
          + (r.exitCode() > 1 || r.exitCode() < 0 ? " (" + firstLine(r.output()) + ")" : ""),
          "pull, load or build it first (" + program + " pull " + c.image() + ")"));
    }
  }

  private void checkProgram(ConfiguredCommand command, TaskSettings settings, Sandbox sandbox,
      Problems problems) {
    List<String> argv = command.template().render(p -> "\u0000");
    String program = argv.get(0);
    if (program.contains("\u0000")) {
      return; // chosen by a parameter: known only per task, and checked when it runs
    }
    ConfigValue where = settings.command();
    if (program.contains("/")) {
      Path workDir = settings.workdir() == null ? runDirectory
          : runDirectory.resolve(settings.workdir());
      Path p = workDir.resolve(program);
      if (!Files.isExecutable(p)) {
        problems.add(message(where, "program " + program + " does not exist or is not"
            + " executable", "write the path of an executable file"));
      }
      return;
    }
    boolean inVenv = sandbox instanceof VenvSandbox v
        && Files.isExecutable(v.directory().resolve("bin").resolve(program));
    boolean builtLater = sandbox instanceof CondaSandbox || sandbox instanceof BuiltVenvSandbox;
    if (!inVenv && !builtLater && tools.find(program).isEmpty()) {
      problems.add(message(where, "program " + program + " is not on the PATH",
          "install it, or write its full path"));
    }
  }

  private static String firstLine(String text) {
    int nl = text.indexOf('\n');
    return nl < 0 ? text : text.substring(0, nl);
  }

  static String message(ConfigValue where, String problem, String fix) {
    return ConfigException.format(where.where(), where.section(), where.key(), problem, fix);
  }
}

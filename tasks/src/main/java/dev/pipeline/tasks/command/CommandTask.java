package dev.pipeline.tasks.command;

import dev.pipeline.api.error.UsageException;
import dev.pipeline.api.Family;
import dev.pipeline.api.Param;
import dev.pipeline.api.Task;
import dev.pipeline.api.TaskContext;
import dev.pipeline.api.TaskFailedException;
import dev.pipeline.api.Targets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A task that is nothing but the cfg's {@code [Command] command}: one family for every pure
 * command, told apart by {@code name}, which the command line and the output path can use.
 *
 * <pre>
 * [Command]
 * output = results/{name}.txt
 * command = bash steps/{name}.sh {output}
 * </pre>
 *
 * {@code pipeline run Command --name report --requires prep} runs {@code steps/prep.sh} and then
 * {@code steps/report.sh}. Requirements are Command tasks of the given names with no requirements
 * of their own and the same {@code output} pattern.
 */
@Family(value = "tasks.Command", commandRequired = true,
    description = "runs [Command] command from the cfg; {name} tells instances apart")
public class CommandTask extends Task {
  private static final String NAME = "{name}";

  @Param(required = true, description = "what this instance is; {name} in the command and output")
  String name;

  @Param(description = "the file (directory with --directory) the command writes to {output};"
      + " {name} is replaced by the name; none: it runs when a requirement ran")
  Path output;

  @Param(description = "the output is a directory")
  boolean directory;

  @Param(description = "names of Command tasks to run first (their outputs are {input[NAME]})")
  List<String> requires = List.of();

  @Override
  public Object requires() {
    if (requires.isEmpty()) {
      return null;
    }
    if (output != null && !output.toString().contains(NAME)) {
      throw new UsageException("Command(name=" + name + "): with --requires, --output must contain"
          + " {name} so that each Command writes its own output, e.g. results/{name}.txt");
    }
    Map<String, Task> byName = new LinkedHashMap<>();
    for (String n : requires) {
      requireSafeName("--requires", n);
      byName.put(n, req(CommandTask.class, "name", n, "requires", List.of()));
    }
    return byName;
  }

  @Override
  public Object output() {
    if (output == null) {
      return null;
    }
    requireSafeName("--name", name);
    // a local path or s3://bucket/key (then the command writes a staged local copy, uploaded on success)
    String location = Targets.location(output).replace(NAME, name);
    // through this task, so that an s3:// output talks to the endpoint of this task's run
    return directory ? Targets.directory(this, location) : Targets.file(this, location);
  }

  /**
   * A name replaces {name} in a path, so it must stay one file name: {@code ../escaped} would write
   * outside the output directory, {@code a/b} into a directory nobody asked for.
   */
  static void requireSafeName(String option, String name) {
    boolean control = name.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
    if (name.isEmpty() || name.equals(".") || name.equals("..") || name.contains("/")
        || name.contains("\\") || control) {
      throw new UsageException("Command " + option + " '" + name.replaceAll("\\p{Cntrl}", "?")
          + "': a name is part of a file name, so it must not be empty, . or .., nor contain /, \\"
          + " or control characters; use letters, digits, '-', '_' and '.'");
    }
  }

  /** Reached only when the cfg has no command for this family. */
  @Override
  public void run(TaskContext context) throws TaskFailedException {
    throw new TaskFailedException(id() + " has nothing to run: set the program in the cfg, e.g."
        + " [Command] command = bash steps/{name}.sh {output}", false);
  }
}

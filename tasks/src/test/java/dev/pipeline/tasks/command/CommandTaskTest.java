package dev.pipeline.tasks.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pipeline.api.error.ExitCode;
import dev.pipeline.api.error.UsageException;
import dev.pipeline.engine.event.RunSummary;
import dev.pipeline.engine.launch.RunOptionsBuilder;
import dev.pipeline.engine.launch.RunSetup;
import dev.pipeline.engine.model.TaskRegistry;
import dev.pipeline.engine.scheduler.Scheduler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pipeline run Command --name x}: a task that is only a cfg command. */
class CommandTaskTest {
  @TempDir Path tmp;

  private RunSummary run(String cfg, String... args) throws IOException {
    Path file = tmp.resolve("pipeline.cfg");
    Files.writeString(file, cfg);
    TaskRegistry registry = new TaskRegistry().register(CommandTask.class);
    RunSetup setup = RunSetup.prepare(registry, "Command", List.of(args), file,
        Map.of("ROOT", tmp.toString()));
    var options = new RunOptionsBuilder(setup).runDirectory(tmp.resolve("run")).journal(false)
        .build().withCaptureOutput(false);
    return new Scheduler(options).run(List.of(setup.root()));
  }

  private void step(String name, String body) throws IOException {
    Files.createDirectories(tmp.resolve("steps"));
    Files.writeString(tmp.resolve("steps/" + name + ".sh"), body);
  }

  private static final String CFG = """
      [Command]
      output = ${ROOT}/out/{name}.txt
      command = bash ${ROOT}/steps/{name}.sh {output} {run_dir}
      """;

  @Test
  void namedCommands_runInDependencyOrderEachWithItsOwnOutput() throws IOException {
    step("prep", "echo prepared > \"$1\"\n");
    step("report", "cat \"$(dirname \"$1\")/../prep.txt\" > \"$1\"; echo reported in \"$2\" >> \"$1\"\n");

    RunSummary summary = run(CFG, "--name", "report", "--requires", "prep");

    assertEquals(ExitCode.OK, summary.exitCode(), summary.failures().toString());
    assertEquals("prepared\n", Files.readString(tmp.resolve("out/prep.txt")));
    assertEquals("prepared\nreported in " + tmp.resolve("run") + "\n",
        Files.readString(tmp.resolve("out/report.txt")));
  }

  @Test
  void secondRun_findsTheOutputsAndRunsNothing() throws IOException {
    step("prep", "echo x >> " + tmp.resolve("count") + "; echo prepared > \"$1\"\n");
    run(CFG, "--name", "prep");
    RunSummary again = run(CFG, "--name", "prep");

    assertEquals(ExitCode.OK, again.exitCode());
    assertEquals("x\n", Files.readString(tmp.resolve("count")));
  }

  @Test
  void directoryOutput() throws IOException {
    step("export", "echo w > \"$1/weights\"\n");
    RunSummary summary = run(CFG, "--name", "export", "--directory", "--output",
        tmp.resolve("exported/{name}").toString());

    assertEquals(ExitCode.OK, summary.exitCode(), summary.failures().toString());
    assertEquals("w\n", Files.readString(tmp.resolve("exported/export/weights")));
  }

  @Test
  void withoutACommand_isAUsageErrorBeforeAnythingRuns() throws IOException {
    UsageException e = assertThrows(UsageException.class,
        () -> run("[Command]\noutput = ${ROOT}/{name}\n", "--name", "x"));

    assertEquals("tasks.Command: no command is configured; set one in the cfg, e.g. [Command] command"
        + " = bash steps/{name}.sh {output}, and pass it with --config", e.getMessage());
  }

  @Test
  void withoutACommandOrOutput_isAUsageErrorNotComplete() throws IOException {
    // no output: the task would look complete, and the run would say so for nothing
    assertThrows(UsageException.class, () -> run("[core]\n", "--name", "a"));
  }

  @Test
  void requiresWithAFixedOutput_isAUsageError() throws IOException {
    UsageException e = assertThrows(UsageException.class, () -> run(
        "[Command]\ncommand = true\n", "--name", "b", "--requires", "a", "--output",
        tmp.resolve("same.txt").toString()));
    assertEquals("Command(name=b): with --requires, --output must contain {name} so that each"
        + " Command writes its own output, e.g. results/{name}.txt", e.getMessage());
    assertFalse(Files.exists(tmp.resolve("same.txt")));
  }
}

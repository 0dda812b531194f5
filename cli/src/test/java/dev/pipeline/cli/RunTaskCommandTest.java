package dev.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pipeline.cli.cluster.ClusterTasks;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hidden run-task subcommand: one attempt of one task, requirements must be complete. */
class RunTaskCommandTest {
  @TempDir Path dir;

  private int runTask(StringWriter err, String... args) throws Exception {
    Path services = dir.resolve("plugins/META-INF/services/dev.pipeline.api.Task");
    Files.createDirectories(services.getParent());
    Files.writeString(services, ClusterTasks.Prep.class.getName() + "\n"
        + ClusterTasks.GpuCommand.class.getName() + "\n");
    String[] all = new String[args.length + 4];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--classpath";
    all[args.length + 1] = dir.resolve("plugins").toString();
    all[args.length + 2] = "--run-dir";
    all[args.length + 3] = dir.toString();
    return PipelineCli.execute(all, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
  }

  @Test
  void incompleteRequirement_failsWithoutRunningIt() throws Exception {
    StringWriter err = new StringWriter();
    Path result = dir.resolve("result.json");
    int rc = runTask(err, "run-task", "CtGpuCommand", "--out=" + dir.resolve("out"),
        "--result-file=" + result);
    assertEquals(3, rc);
    assertTrue(err.toString().contains("requirements of CtGpuCommand"), err.toString());
    assertTrue(err.toString().contains("CtPrep(out="), err.toString());
    assertTrue(Files.readString(result).contains("\"outcome\":\"FAILURE\""));
    assertTrue(!Files.exists(dir.resolve("out/prep.txt")), "run-task never runs requirements");
  }

  @Test
  void runsExactlyOneTask_atomically_andRecordsTheResult() throws Exception {
    StringWriter err = new StringWriter();
    Path result = dir.resolve("result.json");
    int rc = runTask(err, "run-task", "CtPrep", "--out=" + dir.resolve("out"), "--attempt=2",
        "--result-file=" + result);
    assertEquals(0, rc, err.toString());
    assertTrue(Files.readString(dir.resolve("out/prep.txt")).startsWith("cuda="));
    assertTrue(Files.readString(result).contains("\"outcome\":\"SUCCESS\""));
    assertEquals(0, runTask(err, "run-task", "CtPrep", "--out=" + dir.resolve("out"),
        "--result-file=" + result));
    assertTrue(Files.readString(result).contains("ALREADY_COMPLETE"));
  }
}

package dev.pipeline.tasks.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pipeline.api.error.ExitCode;
import dev.pipeline.engine.event.RunSummary;
import dev.pipeline.engine.event.TaskState;
import dev.pipeline.engine.launch.RunOptionsBuilder;
import dev.pipeline.engine.launch.RunSetup;
import dev.pipeline.engine.model.TaskRegistry;
import dev.pipeline.engine.scheduler.Scheduler;
import dev.pipeline.api.targets.s3.S3FileTarget;
import dev.pipeline.engine.testing.S3Server;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An s3:// output in the cfg is an S3 target: the command writes locally, the upload follows. */
class CommandTaskS3Test {
  @TempDir Path tmp;
  RunSetup setup;

  private RunSummary run(S3Server s3, String name, String prefix) throws Exception {
    Path cfg = tmp.resolve("pipeline.cfg");
    Files.writeString(cfg, """
        [s3]
        endpoint = %s
        region = us-east-1

        [Command]
        output = s3://cmd/%s/{name}.txt
        command = bash -c 'echo "made $$1" > "$$0"' {output} {name}
        """.formatted(s3.endpoint(), prefix));
    setup = RunSetup.prepare(new TaskRegistry().register(CommandTask.class), "Command",
        List.of("--name", name), cfg, Map.of());
    var options = new RunOptionsBuilder(setup).runDirectory(tmp.resolve("run")).journal(false)
        .build().withCaptureOutput(false);
    return new Scheduler(options).run(List.of(setup.root()));
  }

  @Test
  void commandWithAnS3Output_uploadsIt_andASecondRunFindsItComplete() throws Exception {
    S3Server s3 = S3Server.get();
    s3.createBucket("cmd");
    s3.useAsDefaultCredentials();
    String prefix = "p" + System.nanoTime();
    RunSummary first = run(s3, "alpha", prefix);
    assertEquals(ExitCode.OK, first.exitCode(), first.failures().toString());
    // the task's own output, read through its run's store
    var target = setup.root().outputTarget();
    assertTrue(target instanceof S3FileTarget);
    assertEquals("s3://cmd/" + prefix + "/alpha.txt", target.uri());
    assertEquals("made alpha\n", ((S3FileTarget) target).readString());
    RunSummary second = run(s3, "alpha", prefix);
    assertEquals(0, second.count(TaskState.DONE), "complete on S3: nothing ran");
  }
}

package dev.pipeline.engine.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.pipeline.api.error.ExitCode;
import dev.pipeline.api.error.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Java task runs in the engine: a sandbox its family names explicitly is refused before
 * anything runs (never ignored), while {@code [core] sandbox} is the default of command tasks
 * only.
 */
class JavaTaskSandboxTest {
  @TempDir Path tmp;

  @Test
  void familySandboxOnAJavaTask_isRefusedWithOneLine() throws Exception {
    Path out = tmp.resolve("out.txt");
    UsageException e = assertThrows(UsageException.class, () -> SandboxRuns.runPlain(tmp,
        "[Plain]\nsandbox = podman::img:1\n", SandboxRuns.options(tmp, Map.of()), out));

    assertEquals(tmp.resolve("test.cfg") + ":2: [Plain] sandbox: Plain runs Java in the engine,"
        + " which cannot be relaunched in a podman sandbox yet; give [Plain] a command, or write"
        + " sandbox = none for it", e.getMessage());
    assertFalse(Files.exists(out));
  }

  @Test
  void coreSandbox_leavesJavaTasksInTheEngine() throws Exception {
    Path out = tmp.resolve("out.txt");
    var summary = SandboxRuns.runPlain(tmp, "[core]\nsandbox = podman::img:1\n",
        SandboxRuns.options(tmp, Map.of()), out);

    assertEquals(ExitCode.OK, summary.exitCode());
    assertEquals("java", Files.readString(out));
  }
}

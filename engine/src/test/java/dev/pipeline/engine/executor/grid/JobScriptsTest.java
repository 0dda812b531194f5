package dev.pipeline.engine.executor.grid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pipeline.engine.executor.ExitCodeFile;
import dev.pipeline.engine.executor.JobSpec;
import dev.pipeline.engine.executor.JobWrapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job script really runs (bash, no batch system): entries decode exactly, as any backend runs them. */
class JobScriptsTest {
  @TempDir Path dir;

  @Test
  void jobScript_runsTheEntryOfItsIndex_withExactArgumentsAndEnvironment() throws Exception {
    Path wrapper = JobWrapper.install(dir.resolve("state"));
    Path sub = Files.createDirectories(dir.resolve("sub mission"));
    Path out = dir.resolve("args.txt");
    List<String> tricky = List.of("plain", "with space", "quote'single", "quote\"double",
        "$HOME", "`date`", "new\nline", "--flag=x", "");
    for (int i = 0; i < 2; i++) {
      List<String> argv = new java.util.ArrayList<>(List.of("bash", "-c",
          "printf '%s\\0' \"$@\" > \"$OUT\"; echo \"env=$MY_VAR\"; exit " + (i + 3), "script"));
      argv.addAll(tricky);
      JobSpec spec = new JobSpec("t", argv, Map.of("OUT", out + "." + i, "MY_VAR", "a b'c"),
          dir, dir.resolve("log" + i + ".txt"), dir.resolve("exit" + i), null);
      JobScripts.writeEntry(sub, i, spec);
    }
    Path script = sub.resolve("job.sh");
    Files.writeString(script, JobScripts.jobScript("test", "# header", sub, wrapper));

    Process p = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    assertEquals(3, p.waitFor());
    ProcessBuilder second = new ProcessBuilder("bash", script.toString());
    second.environment().put("SLURM_ARRAY_TASK_ID", "1");
    Process p1 = second.start();
    assertEquals(4, p1.waitFor());

    String got = Files.readString(Path.of(out + ".0"));
    assertEquals(String.join("\0", tricky) + "\0", got);
    assertEquals(3, ExitCodeFile.read(dir.resolve("exit0")).getAsInt());
    assertEquals(4, ExitCodeFile.read(dir.resolve("exit1")).getAsInt());
    assertTrue(Files.readString(dir.resolve("log0.txt")).contains("env=a b'c"));
  }

  @Test
  void jobScript_appendsToTheLog() throws Exception {
    Path wrapper = JobWrapper.install(dir.resolve("state"));
    Path sub = Files.createDirectories(dir.resolve("s"));
    Path log = dir.resolve("task.log");
    Files.writeString(log, "earlier run\n");
    JobScripts.writeEntry(sub, 0, new JobSpec("t", List.of("echo", "second run"), Map.of(), null,
        log, dir.resolve("exit"), null));
    Files.writeString(sub.resolve("job.sh"), JobScripts.jobScript("test", "", sub, wrapper));
    assertEquals(0, new ProcessBuilder("bash", sub.resolve("job.sh").toString()).start().waitFor());
    String text = Files.readString(log);
    assertTrue(text.startsWith("earlier run\n"), text);
    assertTrue(text.contains("second run"), text);
  }

  @Test
  void shellQuote_keepsSafeWordsAndQuotesTheRest() {
    assertEquals("/a/b-c_d.e", JobScripts.shellQuote("/a/b-c_d.e"));
    assertEquals("'a b'", JobScripts.shellQuote("a b"));
    assertEquals("'it'\\''s'", JobScripts.shellQuote("it's"));
    assertEquals("''", JobScripts.shellQuote(""));
  }

  @Test
  void parseMegabytes_readsUnits() {
    assertEquals(512, JobResources.parseMegabytes("512M"));
    assertEquals(16384, JobResources.parseMegabytes("16G"));
    assertEquals(16384, JobResources.parseMegabytes("16GB"));
    assertEquals(2048, JobResources.parseMegabytes("2048"));
    assertEquals(1, JobResources.parseMegabytes("100K"));
    assertEquals(1048576, JobResources.parseMegabytes("1T"));
  }
}

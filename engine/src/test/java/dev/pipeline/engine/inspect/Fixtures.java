package dev.pipeline.engine.inspect;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pipeline.engine.journal.HostName;
import dev.pipeline.engine.journal.JournalRecord;
import dev.pipeline.engine.journal.JournalWriter;
import dev.pipeline.api.Task;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** Outputs on disk, journals written by hand, and printing to a string. */
final class Fixtures {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Fixtures() {}

  /** Creates the named outputs of {@code dir}: "a" → a.txt, "leaf-3" → leaf-3.txt. */
  static void touch(Path dir, String... names) {
    try {
      Files.createDirectories(dir);
      for (String n : names) {
        Files.writeString(dir.resolve(n + ".txt"), n + "\n");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void journal(Path runDirectory, JournalRecord... records) {
    try {
      Path file = JournalWriter.fileIn(runDirectory);
      Files.createDirectories(file.getParent());
      StringBuilder lines = new StringBuilder();
      for (JournalRecord r : records) {
        lines.append(JSON.writeValueAsString(r)).append('\n');
      }
      Files.writeString(file, lines.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JournalRecord runStarted(String run, long pid) {
    return new JournalRecord("run_started", run, Instant.now().toString(), null, null, null, null,
        null, null, null, List.of("pipeline", "run"), "dev", HostName.current(), pid, "/r",
        List.of(), 1, null, null, null, null, null);
  }

  static JournalRecord runFinished(String run) {
    return new JournalRecord("run_finished", run, Instant.now().toString(), null, null, null, null,
        null, null, null, null, null, null, null, null, null, null, null, 3, 1.0, null, null);
  }

  static JournalRecord task(String run, Task task, String state, String message, String log) {
    return new JournalRecord("task", run, Instant.now().toString(), task.id().canonical(),
        task.id().family(), state, 1, null, log, message, null, null, null, null, null, null, null,
        null, null, null, null, null);
  }

  /** The pid of a process that has exited. */
  static long deadPid() {
    try {
      Process p = new ProcessBuilder("true").start();
      p.waitFor();
      return p.pid();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static String status(DependencyTree tree) {
    StringWriter text = new StringWriter();
    StatusPrinter.print(tree, new PrintWriter(text));
    return text.toString();
  }

  /** The text with {@code dir} written as {@code $OUT}. */
  static String relative(String text, Path dir) {
    return text.replace(dir.toString(), "$OUT");
  }
}

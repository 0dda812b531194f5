package dev.pipeline.engine.executor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * Reads the wrapper's exit-code file: the one place a job's outcome is decided. The wrapper writes
 * the code and a newline, then renames the file into place; anything else (empty, no newline, not
 * a number) is a file still being written or a torn one, and counts as no outcome yet, never as
 * success.
 */
public final class ExitCodeFile {
  private static final Pattern COMPLETE = Pattern.compile("-?[0-9]{1,9}\n");

  private ExitCodeFile() {}

  public static OptionalInt read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      return OptionalInt.empty(); // not there (yet), or unreadable: no outcome
    }
    if (!COMPLETE.matcher(text).matches()) {
      return OptionalInt.empty();
    }
    return OptionalInt.of(Integer.parseInt(text.strip()));
  }

  /**
   * Writes {@code code} as the wrapper does (the code and a newline under a temporary name, then
   * renamed into place), for an engine that reaps its job itself (the local executor).
   */
  public static void write(Path file, int code) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp." + ProcessHandle.current().pid());
    Files.writeString(tmp, code + "\n");
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}

package dev.pipeline.engine.executor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.OptionalInt;

/** Reads the wrapper's exit-code file: the one place a job's outcome is decided. */
public final class ExitCodeFile {
  private ExitCodeFile() {}

  public static OptionalInt read(Path file) {
    try {
      String text = Files.readString(file).trim();
      return text.isEmpty() ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(text));
    } catch (NoSuchFileException e) {
      return OptionalInt.empty();
    } catch (IOException | NumberFormatException e) {
      return OptionalInt.empty();
    }
  }
}

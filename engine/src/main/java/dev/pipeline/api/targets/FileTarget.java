package dev.pipeline.api.targets;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

/** A single file, local or remote, written atomically through {@link #stage()}. */
public interface FileTarget extends Target {
  /** Opens the complete file for reading. */
  InputStream read() throws IOException;

  /** A temporary local file that becomes this target on commit. */
  Staged stage() throws IOException;

  /** Writes the file atomically; if {@code writer} throws, nothing appears at the target. */
  default void write(IoConsumer<OutputStream> writer) throws IOException {
    try (Staged staged = stage()) {
      try (OutputStream out = Files.newOutputStream(staged.path())) {
        writer.accept(out);
      }
      staged.commit();
    }
  }

  default void writeString(String text) throws IOException {
    write(out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
  }

  default String readString() throws IOException {
    try (InputStream in = read()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** An action on a stream that may fail with an I/O error. */
  @FunctionalInterface
  interface IoConsumer<T> {
    void accept(T value) throws IOException;
  }
}

package dev.pipeline.sandbox;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The event tables Infer writes and SensitiveVolume reads (NumPy record arrays). */
final class EventFiles {
  private EventFiles() {}

  static void writeBackground(Path file, List<InferenceRunner.Event> events) throws IOException {
    try (NpyWriter w = NpyWriter.records(file, List.of(NpyWriter.Field.f8("time"),
        NpyWriter.Field.i8("shift"), NpyWriter.Field.f8("detection_statistic")))) {
      for (InferenceRunner.Event e : events) {
        w.writeRecord(e.time(), e.shift(), e.statistic());
      }
    }
  }

  static void writeForeground(Path file, List<InferenceRunner.Found> events) throws IOException {
    try (NpyWriter w = NpyWriter.records(file, List.of(NpyWriter.Field.i8("injection_index"),
        NpyWriter.Field.f8("time"), NpyWriter.Field.i8("shift"), NpyWriter.Field.f8("detection_statistic")))) {
      for (InferenceRunner.Found e : events) {
        w.writeRecord(e.index(), e.time(), e.shift(), e.statistic());
      }
    }
  }
}

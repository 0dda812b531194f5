package dev.pipeline.sweep;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.pipeline.api.targets.local.LocalFileTarget;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One invocation's resolved sweep (the layout, the options every point shares, and the selected
 * points with their rendered commands) frozen to a JSON file in the run directory, so that a
 * cluster job can rebuild a point exactly ({@code pipeline run-task SweepPoint --plan FILE --name
 * NAME ...}) without the sweep file, the command line or the working directory of the submitter.
 * Parameter values keep their JSON types, so param.json and args.txt come out as they would here.
 *
 * @param total points of the invocation (for {@code 3/8} in the console lines)
 * @param timeoutMillis per point, or null
 */
record FrozenSweep(int version, String workDir, String output, boolean sharedDir, boolean dictStyle,
    String datetime, String runId, boolean force, Long timeoutMillis, boolean gpuSlots,
    String scratch, int total, List<SweepPlan.Point> points) {
  static final int VERSION = 1;
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  FrozenSweep {
    points = List.copyOf(points);
  }

  static FrozenSweep of(SweepContext c, List<SweepPlan.Point> points) {
    SweepLayout l = c.layout();
    return new FrozenSweep(VERSION, l.workDir.toString(), l.outputText, l.sharedDir, l.dictStyle,
        l.datetime, c.runId(), c.force(), c.timeout() == null ? null : c.timeout().toMillis(),
        c.gpuSlots(), c.scratch().toString(), points.size(), points);
  }

  /** Where an invocation's plan goes: next to the points' exit-code files, named by the run id. */
  static Path file(SweepContext c) {
    return c.scratch().resolve("plan-" + c.runId() + ".json");
  }

  void write(Path file) {
    try {
      LocalFileTarget.of(file).writeString(JSON.writeValueAsString(this));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the sweep plan " + file + ": " + e.getMessage(), e);
    }
  }

  static FrozenSweep read(Path file) {
    FrozenSweep plan;
    try {
      plan = JSON.readValue(Files.readString(file, StandardCharsets.UTF_8), FrozenSweep.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the sweep plan " + file + ": " + e.getMessage(), e);
    }
    if (plan.version() != VERSION) {
      throw new IllegalStateException(file + ": sweep plan version " + plan.version()
          + ", this pipeline reads version " + VERSION + " (submitter and node run different builds?)");
    }
    return plan;
  }

  SweepPlan.Point point(String name, Path file) {
    for (SweepPlan.Point p : points) {
      if (p.name().equals(name)) {
        return p;
      }
    }
    throw new IllegalArgumentException("the sweep plan " + file + " has no point " + name);
  }

  /** What the points share, with a reporter that writes to this process's output (the job log). */
  SweepContext context() {
    SweepLayout layout = new SweepLayout(Path.of(workDir), output, sharedDir, dictStyle, datetime);
    SweepReporter reporter = new SweepReporter(
        new PrintWriter(System.out, true, StandardCharsets.UTF_8), false, layout).total(total);
    return new SweepContext(layout, runId, force, timeoutMillis == null ? null
        : Duration.ofMillis(timeoutMillis), gpuSlots, Path.of(scratch), reporter);
  }
}

package dev.pipeline.tasks.trainbench;

import dev.pipeline.api.Family;
import dev.pipeline.api.Param;
import dev.pipeline.api.Published;
import dev.pipeline.api.Targets;
import dev.pipeline.api.Task;
import dev.pipeline.api.TaskContext;
import dev.pipeline.api.targets.FileTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Train and benchmark every checkpoint while training runs (the graph2tac seed): follows {@link
 * TrainSteps}'s published checkpoints with one {@link BenchmarkCheckpoint} per checkpoint and
 * benchmark, which start as soon as a checkpoint appears; once training and every benchmark are
 * done, writes the table (CSV and JSON: the metrics per checkpoint and benchmark) and a plot, to
 * the results directory or {@code publish_to} (an S3 prefix), and removes the scratch workdir
 * unless {@code keep_workdir}.
 */
@Family(value = "trainbench.TrainBenchmark",
    description = "train, benchmark each checkpoint as it appears, summarise")
public class TrainBenchmark extends Task {
  @Param(required = true, description = "the results directory")
  Path results;

  @Param(required = true, description = "where the checkpoints go (kept across restarts)")
  Path checkpoints;

  @Param(description = "scratch directory of the run, removed when the run completes")
  Path workdir;

  @Param(name = "keep_workdir", significant = false, description = "keep the scratch workdir when the run completes")
  boolean keepWorkdir;

  @Param(description = "benchmarks run on every checkpoint")
  List<String> benchmarks = List.of("heldout", "shifted");

  @Param(name = "publish_to", description = "where the summary goes instead of the results directory (s3://bucket/prefix)")
  String publishTo = "";

  TrainSteps training() {
    return req(TrainSteps.class);
  }

  @Override
  public Object requires() {
    return training();
  }

  @Override
  public Task follows() {
    return training();
  }

  @Override
  public Object forItem(Published checkpoint) {
    List<Task> out = new ArrayList<>();
    for (String b : benchmarks) {
      out.add(req(BenchmarkCheckpoint.class, "checkpoint", checkpoint.path(), "benchmark", b));
    }
    return out;
  }

  private String base() {
    return publishTo.isBlank() ? results.toString() : publishTo.replaceAll("/+$", "");
  }

  public FileTarget csv() {
    return Targets.file(this, base() + "/summary.csv");
  }

  public FileTarget json() {
    return Targets.file(this, base() + "/summary.json");
  }

  public FileTarget plot() {
    return Targets.file(this, base() + "/summary.svg");
  }

  @Override
  public Object output() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("csv", csv());
    out.put("json", json());
    out.put("plot", plot());
    return out;
  }

  @Override
  public void run(TaskContext context) throws Exception {
    List<Metrics> rows = new ArrayList<>();
    for (Published p : context.published(training())) {
      for (String b : benchmarks) {
        BenchmarkCheckpoint bench = req(BenchmarkCheckpoint.class, "checkpoint", p.path(), "benchmark", b);
        rows.add(Metrics.parse(p.name(), b, bench.output().readString()));
      }
    }
    csv().writeString(Metrics.csv(rows));
    json().writeString(Metrics.json(rows));
    plot().writeString(SummaryPlot.svg(rows, benchmarks));
    context.log().println("summary of " + rows.size() + " benchmark results in " + base());
    if (workdir != null && !keepWorkdir) {
      removeTree(workdir);
      context.log().println("removed the scratch workdir " + workdir + " (keep_workdir = false)");
    }
  }

  private static void removeTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}

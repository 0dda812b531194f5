package dev.pipeline.sweep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Everything {@code pipeline sweep} was asked to do; fields left null take the documented defaults. */
public final class SweepOptions {
  /** The sweep file ({@code -y}, default {@code params.yaml}). */
  public Path yaml = Path.of("params.yaml");
  /** Output directory as written ({@code -o}, default {@code output}). */
  public String output = "output";
  public String title;
  /** Command names ({@code -c}); empty means all, in template order. */
  public List<String> commands = new ArrayList<>();
  public boolean debug;
  public boolean force;
  public Integer sample;
  public Long seed;
  public boolean noParamDir;
  public boolean noShrinkDir;
  public boolean dryRun;
  /** {@code local}, {@code slurm}, {@code condor}, {@code kubernetes}; null: the cfg decides (default local). */
  public String executor;
  public boolean confirm;
  public boolean manual;
  /** Command template for dict-style files ({@code --exec}). */
  public String exec;
  /** GPU slots overriding the file's {@code resource} ({@code -r}). */
  public List<String> resources;
  public Integer workers;
  public Integer retries;
  public String retryBackoff;
  /** Per-point time limit ({@code 90s}, {@code 1h}). */
  public String timeout;
  public boolean summary;
  /** {@code --summary}: column to sort by, and direction. */
  public String sort;
  public boolean descending;
  /** {@code --summary}: the metrics file each point writes into its directory. */
  public String results = "results.json";
  /** Where {@code .pipeline/} lives; default the output directory. */
  public Path runDirectory;
  public boolean journal = true;
  /** Where commands run and relative paths start (default: the current directory). */
  public Path workDir = Path.of("").toAbsolutePath();
  /** {@code {_datetime}} (default: now, {@code %Y-%m-%d.%H:%M:%S}). */
  public String datetime;
  /** Recorded in the journal. */
  public List<String> commandLine = new ArrayList<>();
  /** Extra environment variables for every command (on top of this process's environment). */
  public java.util.Map<String, String> environment = new java.util.LinkedHashMap<>();
  /** The cfg ({@code --config}): executors and their job settings ({@code [SweepPoint]}, {@code [slurm]}...). */
  public Path config;
  /** Families the cfg may name; null: the built-in ones. */
  public dev.pipeline.engine.model.TaskRegistry registry;
  /** How a cluster node starts {@code pipeline} (a cfg {@code launcher} wins). */
  public List<String> launcher = List.of("pipeline");
  /** Plugin jars, passed on to cluster jobs ({@code --classpath}). */
  public List<Path> classpath = new ArrayList<>();
  /** Colour the console lines. */
  public boolean color;
}

package dev.pipeline.cli;

import dev.pipeline.sweep.SweepFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code pipeline sweep}: which file, which points and commands, and where they write. */
final class SweepFileOptions {
  @Option(names = {"-y", "--yaml"}, paramLabel = "FILE",
      description = "Sweep file: runner YAML, or a dict-style grid in YAML/JSON (default: params.yaml).")
  Path yaml = Path.of("params.yaml");

  @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "Output directory (default: output).")
  String output = "output";

  @Option(names = {"-t", "--title"}, paramLabel = "TITLE", description = "Only the documents with this _title.")
  String title;

  @Option(names = {"-c", "--command"}, split = ",", paramLabel = "CMD",
      description = "Only these commands (template names), e.g. -c test or -c train,test.")
  List<String> commands = new ArrayList<>();

  @Option(names = "--exec", paramLabel = "TEMPLATE",
      description = "The command of a dict-style sweep file, e.g. 'python main.py'; parameters it does not"
          + " name are appended as --name value.")
  String exec;

  @Option(names = "--sample", paramLabel = "N", description = "Keep N random points of each grid.")
  Integer sample;

  @Option(names = "--seed", paramLabel = "S", description = "Seed of --sample (printed when not given).")
  Long seed;

  @Option(names = "--no-param-dir", description = "No directory per point: {_output} is the output directory;"
      + " state files and logs carry the point's name.")
  boolean noParamDir;

  @Option(names = "--no-shrink-dir", description = "Do not shorten existing paths to their base name in point names.")
  boolean noShrinkDir;

  SweepFile sweepFile() {
    return new SweepFile(yaml, output, title, commands, exec, sample, seed, !noParamDir, !noShrinkDir);
  }
}

package dev.pipeline.sweep;

import java.nio.file.Path;
import java.util.List;

/**
 * Which sweep file, which of its points and commands run, and where they write: {@code -y},
 * {@code -o}, {@code -t}, {@code -c}, {@code --exec}, {@code --sample}, {@code --seed},
 * {@code --no-param-dir}, {@code --no-shrink-dir}.
 *
 * @param output the output directory as written (relative to the work directory)
 * @param commands command names; empty means all, in template order
 * @param exec the command template of a dict-style file, or null
 * @param seed the seed of {@code sample}; null: a random one, printed
 * @param paramDir a directory per point (false: {@code --no-param-dir})
 * @param shrinkDir existing paths shortened to their base name in point names
 */
public record SweepFile(Path yaml, String output, String title, List<String> commands, String exec,
    Integer sample, Long seed, boolean paramDir, boolean shrinkDir) {
  public SweepFile {
    commands = List.copyOf(commands);
  }

  /** {@code params.yaml} into {@code output}, every point and command. */
  public static SweepFile of(Path yaml, String output) {
    return new SweepFile(yaml, output, null, List.of(), null, null, null, true, true);
  }

  SweepPlan.Selection selection() {
    return new SweepPlan.Selection(title, commands, sample, seed, shrinkDir);
  }
}

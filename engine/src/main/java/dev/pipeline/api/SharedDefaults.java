package dev.pipeline.api;

import java.util.Map;
import java.util.Set;

/**
 * A task some of whose parameters may also come from a file that one of its own parameters names,
 * e.g. a training {@code config.yaml} shared with tools outside the pipeline. Precedence: the
 * command line, the environment, the cfg and a requiring task's value (a {@code req} override or
 * a same-named parameter) all come before the file, which comes before the code default.
 *
 * <p>The engine asks once, while it configures the task, before the task has an id: so the id,
 * the log header, the outputs and the work all see the same values, and run() must not change them.
 */
public interface SharedDefaults {
  /**
   * Values for some of {@code unset}, the parameters nothing above the file has set; names not in
   * {@code unset} are ignored. Values are text, parsed like a cfg value of the parameter's type.
   *
   * @throws IllegalArgumentException for a file that cannot be read or a value of the wrong kind,
   *     naming the file and key (a usage error before anything runs)
   */
  Map<String, String> sharedDefaults(Set<String> unset);
}

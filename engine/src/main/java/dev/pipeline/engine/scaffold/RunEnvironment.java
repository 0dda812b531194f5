package dev.pipeline.engine.scaffold;

import dev.pipeline.api.error.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The variables a scaffolded run directory records in {@code run.env} (where its data and training
 * runs live), so that a run directory describes itself: run.sh exports them, and the CLI reads
 * them for a directory it is given, without run.sh's environment. Lines are {@code NAME=VALUE};
 * {@code ${PIPELINE_RUN_DIR}} in a value is the directory itself.
 */
public final class RunEnvironment {
  public static final String FILE = "run.env";
  private static final String RUN_DIR = "PIPELINE_RUN_DIR";

  private RunEnvironment() {}

  /** Whether {@code directory} was written by {@code pipeline init} (it has a run.env). */
  public static boolean isRunDirectory(Path directory) {
    return directory != null && Files.isRegularFile(directory.resolve(FILE));
  }

  /**
   * {@code PIPELINE_RUN_DIR} and every variable of the directory's run.env, or nothing when it has
   * none. A line that is not {@code NAME=VALUE} is a usage error naming the file and line.
   */
  public static Map<String, String> read(Path directory) {
    Path dir = directory.toAbsolutePath().normalize();
    Map<String, String> values = new LinkedHashMap<>();
    if (!isRunDirectory(dir)) {
      return values;
    }
    Path file = dir.resolve(FILE);
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new UsageException("cannot read " + file + ": " + e.getMessage(), e);
    }
    values.put(RUN_DIR, dir.toString());
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0 || !line.substring(0, eq).matches("[A-Za-z_][A-Za-z0-9_]*")) {
        throw new UsageException(file + ":" + (i + 1) + ": expected NAME=VALUE, got '" + line
            + "' (run `pipeline init --force` to write run.env again)");
      }
      String value = line.substring(eq + 1).replace("${" + RUN_DIR + "}", dir.toString());
      values.put(line.substring(0, eq), value);
    }
    return values;
  }
}

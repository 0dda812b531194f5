package dev.pipeline.engine.scaffold;

import dev.pipeline.api.error.UsageException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The pipeline checkout a run.sh calls back into ({@code HOME/bin/pipeline}): the system property
 * {@code pipeline.home}, which bin/pipeline sets, or else the nearest directory above this code
 * (the jar or the classes directory) that holds {@code bin/pipeline}.
 */
public final class PipelineHome {
  public static final String PROPERTY = "pipeline.home";

  private PipelineHome() {}

  public static Path locate() {
    String property = System.getProperty(PROPERTY);
    if (property != null && !property.isBlank()) {
      return Path.of(property).toAbsolutePath().normalize();
    }
    try {
      Path code = Path.of(PipelineHome.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      for (Path dir = code.toAbsolutePath(); dir != null; dir = dir.getParent()) {
        if (Files.isRegularFile(dir.resolve("bin").resolve("pipeline"))) {
          return dir;
        }
      }
    } catch (URISyntaxException | RuntimeException e) {
      // fall through to the error below
    }
    throw new UsageException("cannot tell which pipeline checkout run.sh should call; run"
        + " `pipeline init` through bin/pipeline or pass -D" + PROPERTY + "=DIR");
  }
}

package dev.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's check for a stale jar ({@code needs_build} in {@code bin/pipeline}), run by bash
 * against a small tree: a changed source means a rebuild; what Maven writes to the modules' build
 * folders does not.
 */
class LauncherStalenessTest {
  @TempDir Path root;

  private String check() throws IOException {
    List<String> launcher = Files.readAllLines(Path.of("..", "bin", "pipeline"));
    int start = launcher.indexOf("needs_build() {");
    int end = launcher.subList(start, launcher.size()).indexOf("}") + start;
    String function = String.join("\n", launcher.subList(start, end + 1));
    Path script = root.resolve("check.sh");
    Files.writeString(script, "root=\"$1\"\njar=\"$root/cli/target/pipeline.jar\"\n"
        + "stamp=\"$root/cli/target/.pipeline-build-stamp\"\n" + function + "\n"
        + "if needs_build; then echo stale; else echo fresh; fi\n");
    return Shell.run(root, Map.of(), "bash", script.toString(), root.toString()).stdout().strip();
  }

  private Path file(String path, Instant modified) throws IOException {
    Path p = root.resolve(path);
    Files.createDirectories(p.getParent());
    Files.writeString(p, path);
    Files.setLastModifiedTime(p, FileTime.from(modified));
    return p;
  }

  @Test
  void aSourceNewerThanTheBuild_meansStale_andBuildOutputDoesNot()
      throws IOException {
    Instant built = Instant.now().minusSeconds(3600);
    Instant before = built.minusSeconds(60);
    Instant after = built.plusSeconds(60);
    file("pom.xml", before);
    file("engine/src/main/java/dev/pipeline/api/targets/Target.java", before);
    file("cli/target/pipeline.jar", built);
    file("cli/target/.pipeline-build-stamp", built);
    assertEquals("fresh", check());

    file("engine/target/classes/dev/pipeline/api/targets/Target.class", after);
    file("sandbox/target/classes/dev/pipeline/sandbox/Train.class", after);
    file("third-party/picocli/target/picocli-sources/picocli/CommandLine.java", after);
    assertEquals("fresh", check(), "Maven's own output is no reason to rebuild");

    file("engine/src/main/java/dev/pipeline/api/targets/Target.java", after);
    assertEquals("stale", check(), "a source changed");
  }

  @Test
  void noJarOrNoStamp_meansStale() throws IOException {
    assertEquals("stale", check());
    file("cli/target/pipeline.jar", Instant.now());
    assertEquals("stale", check());
  }
}

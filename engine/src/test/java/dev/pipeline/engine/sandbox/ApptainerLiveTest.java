package dev.pipeline.engine.sandbox;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real apptainer (or singularity) with a SIF built from a local directory. Neither is packaged
 * for Debian 12, so this is skipped here, saying so; the stand-in and the golden command lines
 * cover the kind meanwhile.
 */
class ApptainerLiveTest extends SandboxContract {
  @TempDir static Path shared;
  static String program;
  static Path image;

  @BeforeAll
  static void buildImage() throws Exception {
    program = PodmanSandboxTest.onPath("apptainer") ? "apptainer"
        : PodmanSandboxTest.onPath("singularity") ? "singularity" : null;
    assumeTrue(program != null, "skipped: neither apptainer nor singularity is on the PATH (not"
        + " packaged for Debian 12); StandinSandboxTests covers the kind");
    image = shared.resolve("tiny.sif");
    String problem = TinyImage.run(List.of(), program, "build", image.toString(),
        TinyImage.rootfs(shared).toString());
    assumeTrue(problem == null, "skipped: could not build a SIF: " + problem);
  }

  @Override
  String sandboxLines(Path dir) {
    return "sandbox = " + program + "::" + image + "\n";
  }

  @Override
  String probeCommand() {
    return "sh -c 'cat /etc/image-name > \"$$1\"' _ {output}";
  }

  @Override
  String expectedProbe(Path dir) {
    return "tiny\n";
  }
}

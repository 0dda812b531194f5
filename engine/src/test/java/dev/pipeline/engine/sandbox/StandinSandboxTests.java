package dev.pipeline.engine.sandbox;

import java.nio.file.Path;
import org.junit.jupiter.api.Nested;

/**
 * docker, podman, apptainer, singularity and conda through the stand-in
 * ({@code src/test/resources/sandbox/standin}): the generated command line is parsed as the real
 * program would and the command really runs, with only what the command line passes in.
 */
class StandinSandboxTests {
  abstract static class Standin extends SandboxContract {
    abstract String kind();

    String target() {
      return "registry.example/ml:1";
    }

    @Override
    String sandboxLines(Path dir) throws Exception {
      return "sandbox = " + kind() + "::" + target() + "\nsandbox_program = "
          + SandboxRuns.standin(dir, kind()) + "\n";
    }

    @Override
    String probeCommand() {
      return "sh -c 'printf \"%s %s\" \"$$SANDBOX_KIND\" \"$$SANDBOX_IMAGE\" > \"$$1\"' _ {output}";
    }

    @Override
    String expectedProbe(Path dir) {
      return kind() + " " + target();
    }
  }

  @Nested
  class Docker extends Standin {
    @Override
    String kind() {
      return "docker";
    }
  }

  @Nested
  class Podman extends Standin {
    @Override
    String kind() {
      return "podman";
    }
  }

  @Nested
  class Apptainer extends Standin {
    @Override
    String kind() {
      return "apptainer";
    }

    @Override
    String target() {
      return "docker://python:3.11";
    }
  }

  @Nested
  class Singularity extends Standin {
    @Override
    String kind() {
      return "singularity";
    }

    @Override
    String target() {
      return "docker://python:3.11";
    }
  }

  @Nested
  class Conda extends Standin {
    @Override
    String kind() {
      return "conda";
    }

    @Override
    String target() {
      return "ml";
    }

    @Override
    String probeCommand() {
      return "sh -c 'printf \"%s %s\" \"$$SANDBOX_KIND\" \"$$CONDA_DEFAULT_ENV\" > \"$$1\"' _"
          + " {output}";
    }
  }
}

package dev.pipeline.engine.sandbox;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** A real venv made with Debian's python3-venv; {@code python} resolves to its interpreter. */
class VenvSandboxTest extends SandboxContract {
  private static final Path SYSTEM_PYTHON = Path.of("/usr/bin/python3");
  @TempDir static Path shared;
  static Path venv;

  @BeforeAll
  static void createVenv() throws Exception {
    assumeTrue(Files.isExecutable(SYSTEM_PYTHON), "skipped: no /usr/bin/python3 (python3-venv)");
    venv = shared.resolve("venv");
    Process p = new ProcessBuilder(SYSTEM_PYTHON.toString(), "-m", "venv",
        "--system-site-packages", "--without-pip", venv.toString()).inheritIO().start();
    assumeTrue(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0,
        "skipped: python3 -m venv failed (install python3-venv)");
  }

  @Override
  String sandboxLines(Path dir) {
    return "sandbox = venv::" + venv + "\n";
  }

  @Override
  String probeCommand() {
    return "python -c 'import sys, os; open(sys.argv[1], \"w\").write(sys.prefix + \" \""
        + " + os.environ[\"VIRTUAL_ENV\"])' {output}";
  }

  @Override
  String expectedProbe(Path dir) {
    return venv + " " + venv;
  }
}

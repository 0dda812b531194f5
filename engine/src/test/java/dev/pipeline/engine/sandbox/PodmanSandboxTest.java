package dev.pipeline.engine.sandbox;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real rootful podman with an image imported from a tar (no registry). On this kind of machine
 * (cgroup v1 with an empty v2 hierarchy, a hard open-files limit below podman's default
 * 1048576) crun refuses to start containers, so the run's environment points podman at a
 * containers.conf that picks runc and no default ulimits ({@code CONTAINERS_CONF}).
 */
class PodmanSandboxTest extends SandboxContract {
  @TempDir static Path shared;
  static Path conf;

  @BeforeAll
  static void buildImage() throws Exception {
    assumeTrue(onPath("podman"), "skipped: podman is not on the PATH (apt-get install podman)");
    assumeTrue(onPath("runc"), "skipped: runc is not on the PATH (apt-get install runc)");
    conf = shared.resolve("containers.conf");
    Files.writeString(conf, "[containers]\ndefault_ulimits = []\n[engine]\nruntime = \"runc\"\n");
    String problem = TinyImage.build(shared, env());
    assumeTrue(problem == null, "skipped: could not build the test image: " + problem);
    String runs = TinyImage.run(env(), "podman", "run", "--rm", TinyImage.NAME, "/bin/cat",
        "/etc/image-name");
    assumeTrue(runs == null, "skipped: podman cannot run containers here: " + runs);
  }

  @AfterAll
  static void removeImage() throws Exception {
    if (conf != null && onPath("podman")) {
      TinyImage.remove(env());
    }
  }

  private static List<String> env() {
    return List.of("CONTAINERS_CONF=" + conf);
  }

  static boolean onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }

  @Override
  Map<String, String> runEnvironment(Path dir) {
    return Map.of("CONTAINERS_CONF", conf.toString());
  }

  @Override
  String sandboxLines(Path dir) {
    return "sandbox = podman::" + TinyImage.NAME + "\n";
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

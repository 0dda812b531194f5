package dev.pipeline.engine.executor.grid;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One-machine stand-ins for a batch system's commands (test resources {@code fake-condor/},
 * {@code fake-lsf/}, {@code fake-pbs/}): scripts that really run each job as its own process group
 * and report it as the batch system would, keeping their records in {@code BIN/state}.
 */
public final class StandIns {
  private StandIns() {}

  /** Copies the stand-ins {@code tools} from {@code /RESOURCE_DIR/} into {@code bin}. */
  public static Path install(Path bin, String resourceDir, List<String> tools) throws IOException {
    Files.createDirectories(bin);
    for (String tool : tools) {
      try (InputStream in = StandIns.class.getResourceAsStream("/" + resourceDir + "/" + tool)) {
        if (in == null) {
          throw new IOException("missing stand-in " + resourceDir + "/" + tool);
        }
        Path file = bin.resolve(tool);
        Files.copy(in, file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
      }
    }
    return bin;
  }

  /** SIGKILLs the process group recorded in {@code BIN/state/KEY.pid}: a node that died. */
  public static void killGroup(Path bin, String key) throws IOException, InterruptedException {
    String pgid = Files.readString(bin.resolve("state").resolve(key + ".pid")).strip();
    new ProcessBuilder("kill", "-KILL", "--", "-" + pgid).start().waitFor(10, TimeUnit.SECONDS);
  }
}

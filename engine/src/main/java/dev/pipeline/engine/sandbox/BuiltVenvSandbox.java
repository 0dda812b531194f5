package dev.pipeline.engine.sandbox;

import dev.pipeline.api.Command;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code venv::requirements.txt}: a venv built from a requirements file, under
 * {@code RUN/.pipeline/envs/venv-HASH} where HASH is the file's content hash. It is built once
 * (one builder at a time, across processes, under a file lock), shared by every task that names
 * the same content, reused by later runs, and rebuilt when the file changes. A venv counts as
 * built only once its {@code .complete} marker exists: a half-built one (a killed build) is
 * removed and built again.
 */
public final class BuiltVenvSandbox implements Sandbox {
  static final String COMPLETE = ".complete";
  private final Path requirements;
  private final Path runDirectory;
  private final String python;

  public BuiltVenvSandbox(Path requirements, Path runDirectory, String python) {
    this.requirements = requirements;
    this.runDirectory = runDirectory;
    this.python = python;
  }

  public Path requirements() {
    return requirements;
  }

  /** Where the venv of the file's current content lives. */
  public Path directory() throws IOException {
    return runDirectory.resolve(".pipeline/envs").resolve("venv-" + hash(requirements));
  }

  @Override
  public Sandbox prepared(PrintStream log) throws IOException, InterruptedException {
    Path dir = directory();
    if (Files.exists(dir.resolve(COMPLETE))) {
      return new VenvSandbox(dir);
    }
    Files.createDirectories(dir.getParent());
    try (FileChannel ch = FileChannel.open(dir.resolveSibling(dir.getFileName() + ".lock"),
        StandardOpenOption.CREATE, StandardOpenOption.WRITE); FileLock lock = ch.lock()) {
      if (!Files.exists(dir.resolve(COMPLETE))) {
        build(dir, log);
      }
    }
    return new VenvSandbox(dir);
  }

  private void build(Path dir, PrintStream log) throws IOException, InterruptedException {
    if (Files.exists(dir)) {
      log.println("removing the half-built environment " + dir);
      deleteTree(dir);
    }
    log.println("building environment " + dir + " from " + requirements);
    boolean packages = hasRequirements();
    // Without requirements, pip is not needed in the venv (and installing it takes long).
    run(packages ? List.of(python, "-m", "venv", "--system-site-packages", dir.toString())
        : List.of(python, "-m", "venv", "--system-site-packages", "--without-pip",
            dir.toString()), log);
    if (packages) {
      run(List.of(dir.resolve("bin/python").toString(), "-m", "pip", "install",
          "--disable-pip-version-check", "-r", requirements.toString()), log);
    }
    Files.writeString(dir.resolve(COMPLETE), requirements + "\n");
    log.println("environment " + dir + " is built");
  }

  /** Whether the file names anything besides comments and blank lines. */
  private boolean hasRequirements() throws IOException {
    for (String line : Files.readAllLines(requirements)) {
      String t = line.strip();
      if (!t.isEmpty() && !t.startsWith("#")) {
        return true;
      }
    }
    return false;
  }

  private static void run(List<String> argv, PrintStream log)
      throws IOException, InterruptedException {
    log.println("$ " + String.join(" ", argv));
    log.flush();
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    p.getInputStream().transferTo(log);
    if (!p.waitFor(1, TimeUnit.HOURS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException("building the environment failed: '" + String.join(" ", argv)
          + "' exited with " + (p.isAlive() ? "a timeout" : "code " + p.exitValue())
          + " (see the task's log)");
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  static String hash(Path file) throws IOException {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public Command wrap(Command command, SandboxCall call) {
    throw new IllegalStateException("prepare the environment first (prepared())");
  }

  @Override
  public String describe() {
    return "venv::" + requirements;
  }

  @Override
  public List<String> programs() {
    return List.of(python);
  }
}

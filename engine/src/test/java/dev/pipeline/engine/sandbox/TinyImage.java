package dev.pipeline.engine.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A container image built here without a registry: the host's {@code sh}, {@code cat},
 * {@code env} and {@code id} with the libraries {@code ldd} names, plus {@code /etc/image-name},
 * packed with tar and loaded with {@code podman import}.
 */
final class TinyImage {
  static final String NAME = "localhost/pipeline-test-tiny:1";
  private static final List<String> PROGRAMS = List.of("/bin/sh", "/bin/cat", "/usr/bin/env",
      "/usr/bin/id");
  private static final Pattern LIBRARY = Pattern.compile("(/\\S+)");

  private TinyImage() {}

  /** Builds and imports the image; the reason it could not, or null. */
  static String build(Path dir, List<String> env) throws IOException, InterruptedException {
    Path root = rootfs(dir);
    Path tar = dir.resolve("tiny.tar");
    String tarred = run(env, "tar", "-C", root.toString(), "-cf", tar.toString(), ".");
    if (tarred != null) {
      return tarred;
    }
    return run(env, "podman", "import", tar.toString(), NAME);
  }

  /** The image's root file system as a directory (apptainer builds a SIF from it). */
  static Path rootfs(Path dir) throws IOException, InterruptedException {
    Path root = Files.createDirectories(dir.resolve("rootfs"));
    for (String program : PROGRAMS) {
      copy(Path.of(program), root);
      for (String lib : libraries(program)) {
        copy(Path.of(lib), root);
      }
    }
    for (String d : List.of("tmp", "proc", "sys", "dev", "etc")) {
      Files.createDirectories(root.resolve(d));
    }
    Files.writeString(root.resolve("etc/image-name"), "tiny\n");
    return root;
  }

  static void remove(List<String> env) throws IOException, InterruptedException {
    run(env, "podman", "rmi", "-f", NAME);
  }

  /** Runs a command; its output when it failed, else null. */
  static String run(List<String> env, String... argv) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("env"));
    cmd.addAll(env);
    cmd.addAll(List.of(argv));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return String.join(" ", argv) + " did not finish in 120 s";
    }
    return p.exitValue() == 0 ? null : String.join(" ", argv) + ": " + out.strip();
  }

  private static List<String> libraries(String program) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("ldd", program).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor();
    List<String> libs = new ArrayList<>();
    Matcher m = LIBRARY.matcher(out);
    while (m.find()) {
      libs.add(m.group(1));
    }
    return libs;
  }

  private static void copy(Path file, Path root) throws IOException {
    Path target = root.resolve(file.toString().substring(1));
    Files.createDirectories(target.getParent());
    Files.copy(file.toRealPath(), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    target.toFile().setExecutable(true);
  }
}

package dev.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pipeline.api.Task;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/greeting is a Maven project of its own that depends on the engine's task API (provided
 * scope) and registers its families with the engine's @Family processor: built here with Maven,
 * offline, against this build's engine, and run through --classpath.
 */
class ExampleProjectTest {
  private static final String VERSION = "0.1.0-SNAPSHOT";

  @TempDir Path dir;

  @Test
  void greetingExample_buildsWithMavenAgainstTheApi_andRunsThroughClasspath() throws Exception {
    Path root = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
    Path repo = localRepository(root);
    Path project = dir.resolve("greeting");
    copyTree(root.resolve("examples/greeting"), project);

    Path log = dir.resolve("mvn.log");
    Process mvn = new ProcessBuilder("mvn", "-o", "-q", "-B", "-Dmaven.repo.local=" + repo, "package")
        .directory(project.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertTrue(mvn.waitFor(10, TimeUnit.MINUTES), "mvn package did not finish");
    assertEquals(0, mvn.exitValue(), Files.readString(log));

    Path jar = project.resolve("target/greeting-1.0.jar");
    try (JarFile j = new JarFile(jar.toFile())) {
      ZipEntry services = j.getEntry("META-INF/services/dev.pipeline.api.Task");
      assertTrue(services != null, "the @Family processor registers the families");
      String listed = new String(j.getInputStream(services).readAllBytes());
      assertEquals("com.example.greeting.Greet\ncom.example.greeting.GreetOne\n", listed);
    }
    Path out = dir.resolve("out");
    Cli r = Cli.run("run", "Greet", "--names", "ada,grace", "--out", out.toString(),
        "--classpath", jar.toString(), "--config", project.resolve("greeting.cfg").toString(),
        "--run-dir", dir.resolve("run").toString());
    assertEquals(0, r.code(), r.err());
    assertEquals("Hello, ada!\nHello, grace!\n", Files.readString(out.resolve("summary.txt")));
  }

  /**
   * A throwaway local repository: the user's one, mirrored through links (third-party artifacts
   * and plugins), with this build's parent pom and engine instead of whatever is installed.
   */
  private Path localRepository(Path root) throws IOException, URISyntaxException {
    Path user = Path.of(System.getProperty("user.home"), ".m2", "repository");
    Path repo = dir.resolve("repo");
    linkChildren(user, repo, "dev");
    linkChildren(user.resolve("dev"), repo.resolve("dev"), "pipeline");
    Path parent = repo.resolve("dev/pipeline/pipeline-parent/" + VERSION);
    Files.createDirectories(parent);
    Files.copy(root.resolve("pom.xml"), parent.resolve("pipeline-parent-" + VERSION + ".pom"));
    Path engine = repo.resolve("dev/pipeline/pipeline-engine/" + VERSION);
    Files.createDirectories(engine);
    Files.copy(root.resolve("engine/pom.xml"), engine.resolve("pipeline-engine-" + VERSION + ".pom"));
    engineJar(engine.resolve("pipeline-engine-" + VERSION + ".jar"));
    return repo;
  }

  private static void linkChildren(Path from, Path to, String except) throws IOException {
    Files.createDirectories(to);
    if (!Files.isDirectory(from)) {
      return;
    }
    try (Stream<Path> children = Files.list(from)) {
      for (Path child : (Iterable<Path>) children::iterator) {
        if (!child.getFileName().toString().equals(except)) {
          Files.createSymbolicLink(to.resolve(child.getFileName().toString()), child);
        }
      }
    }
  }

  /** The engine as this build compiled it: its jar, or its classes directory packed into one. */
  private static void engineJar(Path jar) throws IOException, URISyntaxException {
    Path built = Path.of(Task.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    if (Files.isRegularFile(built)) {
      Files.copy(built, jar);
      return;
    }
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file);
        Stream<Path> walk = Files.walk(built)) {
      for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile).sorted()::iterator) {
        out.putNextEntry(new ZipEntry(built.relativize(p).toString().replace('\\', '/')));
        Files.copy(p, out);
        out.closeEntry();
      }
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        String rel = from.relativize(p).toString();
        if (rel.startsWith("target")) {
          continue;
        }
        Path dest = to.resolve(rel);
        if (Files.isDirectory(p)) {
          Files.createDirectories(dest);
        } else {
          Files.copy(p, dest);
        }
      }
    }
  }

}

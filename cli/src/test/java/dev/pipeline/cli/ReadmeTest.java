package dev.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every shell and cfg block of README.md runs, so an example can never drift from the code. The
 * blocks run in README order, in one temporary directory that stands for a checkout ({@code
 * bin/pipeline} is this build, {@code examples/} a copy, {@code ~} is {@code ./home}, and
 * {@code /tmp/} in a block means {@code ./tmp/}):
 * <ul>
 *   <li>{@code bash} blocks run with {@code bash -e} and must exit 0;
 *   <li>{@code ini} blocks are written to a file and checked with {@code pipeline index --config};
 *   <li>a block whose lines start with {@code $ } is a transcript: each command runs and what it
 *       prints must be the lines shown under it.
 * </ul>
 * HTML comments on the lines right above a block steer it: {@code <!-- not-tested: WHY -->} skips
 * it (reported as skipped, with why), {@code <!-- test-file: NAME -->} writes an ini block as NAME
 * for the blocks after it, {@code <!-- test-setup: SHELL -->} runs SHELL first. New blocks are
 * picked up without changing this test.
 */
class ReadmeTest {
  private static final Path README = Path.of("..", "README.md").toAbsolutePath().normalize();
  private static final Pattern FENCE = Pattern.compile("^```\\s*([A-Za-z0-9_-]*)\\s*$");
  private static final Pattern MARK = Pattern.compile("^<!--\\s*(not-tested|test-file|test-setup):\\s*(.*?)\\s*-->$");
  private static final long TIMEOUT_SECONDS = 600;

  @TempDir Path session;

  /** A fenced block: the line of its opening fence, its language, text and the marks above it. */
  record Block(int line, String language, String text, List<String[]> marks) {
    String mark(String name) {
      return marks.stream().filter(m -> m[0].equals(name)).map(m -> m[1]).findFirst().orElse(null);
    }

    boolean isTranscript() {
      return language.isEmpty() && text.startsWith("$ ");
    }

    boolean isShell() {
      return List.of("bash", "sh", "shell", "console").contains(language);
    }

    boolean isCfg() {
      return List.of("ini", "cfg").contains(language);
    }

    String name() {
      return "README.md:" + line + " (" + (isTranscript() ? "transcript" : language) + ")";
    }
  }

  static List<Block> blocks(List<String> lines) {
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher open = FENCE.matcher(lines.get(i));
      if (!open.matches()) {
        continue;
      }
      int start = i;
      StringBuilder text = new StringBuilder();
      for (i++; i < lines.size() && !lines.get(i).startsWith("```"); i++) {
        text.append(lines.get(i)).append('\n');
      }
      List<String[]> marks = new ArrayList<>();
      for (int j = start - 1; j >= 0; j--) {
        Matcher m = MARK.matcher(lines.get(j).strip());
        if (!m.matches()) {
          break;
        }
        marks.add(0, new String[] {m.group(1), m.group(2)});
      }
      blocks.add(new Block(start + 1, open.group(1), text.toString(), marks));
    }
    return blocks;
  }

  @TestFactory
  Stream<DynamicTest> everyShellAndCfgBlockRuns() throws IOException {
    prepareCheckout();
    List<Block> blocks = blocks(Files.readAllLines(README));
    assertTrue(blocks.stream().anyMatch(Block::isShell), "README.md has shell blocks: " + README);
    return blocks.stream().filter(b -> b.isShell() || b.isCfg() || b.isTranscript())
        .map(b -> DynamicTest.dynamicTest(b.name(), () -> check(b)));
  }

  private void check(Block b) throws IOException {
    String why = b.mark("not-tested");
    Assumptions.assumeTrue(why == null, "not tested: " + why);
    String setup = b.mark("test-setup");
    if (setup != null) {
      Result r = bash(local(setup));
      assertEquals(0, r.code, b.name() + " test-setup failed:\n" + r.output);
    }
    if (b.isShell()) {
      Result r = bash(local(b.text()));
      assertEquals(0, r.code, b.name() + " failed:\n" + b.text() + "\n---\n" + r.output);
    } else if (b.isCfg()) {
      String file = b.mark("test-file") != null ? b.mark("test-file") : "block-" + b.line() + ".cfg";
      Files.writeString(session.resolve(file), local(b.text()));
      Result r = bash("bin/pipeline index --config " + Shell.quote(file) + " >/dev/null");
      assertEquals(0, r.code, b.name() + " is not a valid cfg:\n" + b.text() + "\n---\n" + r.output);
    } else {
      transcript(b);
    }
  }

  /** Each {@code $ command} runs; its output must be the lines under it, up to the next command. */
  private void transcript(Block b) {
    String command = null;
    StringBuilder expected = new StringBuilder();
    for (String line : (b.text() + "$ \n").split("\n")) {
      if (line.startsWith("$ ")) {
        if (command != null) {
          Result r = bash(command);
          assertEquals(expected.toString(), r.output, b.name() + ": $ " + command);
        }
        command = local(line.substring(2));
        expected.setLength(0);
      } else {
        expected.append(local(line)).append('\n');
      }
    }
  }

  /** The block as it runs here: {@code /tmp/} is the session's own. */
  private String local(String text) {
    return text.replace("/tmp/", session.resolve("tmp") + "/");
  }

  /** bin/pipeline (this build), bin/pipeline-init, a copy of examples/, and the jar they compile against. */
  private void prepareCheckout() throws IOException {
    Shell.pipelineHome(session, null);
    Path repo = README.getParent();
    Files.copy(repo.resolve("bin/pipeline-init"), session.resolve("bin/pipeline-init"));
    copyTree(repo.resolve("examples"), session.resolve("examples"));
    Files.createDirectories(session.resolve("home"));
    Files.createDirectories(session.resolve("tmp"));
    apiJar(session.resolve("cli/target/pipeline.jar"));
  }

  /** The engine's classes (the task API) as the jar that examples compile against. */
  private static void apiJar(Path jar) throws IOException {
    Path classes = null;
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      if (entry.replace('\\', '/').endsWith("engine/target/classes")) {
        classes = Path.of(entry);
      }
    }
    assertTrue(classes != null, "engine/target/classes is on the test class path");
    Files.createDirectories(jar.getParent());
    Path root = classes;
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.walk(root)) {
      for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        out.putNextEntry(new JarEntry(root.relativize(f).toString().replace('\\', '/')));
        out.write(Files.readAllBytes(f));
      }
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else if (!f.getFileName().toString().endsWith(".jar")) {
          Files.copy(f, target);
        }
      }
    }
  }

  record Result(int code, String output) {}

  /** Runs a script with bash -e in the session, as a new user would: HOME inside it, no PIPELINE_ variables. */
  private Result bash(String script) {
    try {
      Path out = Files.createTempFile(session.resolve("tmp"), ".block", ".txt");
      ProcessBuilder pb = new ProcessBuilder("bash", "-e", "-o", "pipefail", "-c", script)
          .directory(session.toFile()).redirectErrorStream(true).redirectOutput(out.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
      pb.environment().keySet().removeIf(k -> k.startsWith("PIPELINE_") || k.startsWith("TMUX"));
      pb.environment().put("HOME", session.resolve("home").toString());
      pb.environment().put("PIPELINE_HOME", session.toString());
      Process p = pb.start();
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        fail("did not finish in " + TIMEOUT_SECONDS + " s:\n" + script);
      }
      String output = Files.readString(out);
      Files.delete(out);
      return new Result(p.exitValue(), output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

package dev.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The quick cases of the bad-input corpus ({@code reliability/bad-inputs/cases.tsv}) through the
 * real command line in this JVM: the expected exit code, the expected fragment, one error line
 * without Java internals, no injected command ran, and an earlier run's outputs untouched.
 * {@code reliability/bad-inputs/check.sh} runs every case against the jar, with the cases that
 * need tmpfs mounts or environment variables.
 */
@Timeout(120)
class BadInputCorpusTest {
  private static final Path CORPUS = Path.of("..", "reliability", "bad-inputs");
  private static final Pattern JAVA_LEAK = Pattern.compile(
      "(^|[^a-z])(java|javax|sun|jdk)\\.[a-z]|[a-z](Exception|Error)\\b|^\\s+at [a-z]|internal error"
          + "|Exception in thread", Pattern.MULTILINE);

  record Case(String id, int exit, String fragment, String args) {}

  @TempDir Path dir;

  static Stream<Named<Case>> quickCases() throws IOException {
    List<Named<Case>> cases = new ArrayList<>();
    for (String line : Files.readAllLines(CORPUS.resolve("cases.tsv"), StandardCharsets.UTF_8)) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\t", -1);
      if (f[1].equals("quick") && f[4].equals("-")) {
        cases.add(Named.of(f[0], new Case(f[0], Integer.parseInt(f[2]), f[3], f[5])));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("quickCases")
  void badInputIsGood(Case c) throws IOException {
    Path work = fixture();
    String before = fingerprint(work);
    List<String> args = Words.split(c.args().replace("@W", work.toString())
        .replace("@F", CORPUS.resolve("files").toAbsolutePath().toString()));
    Cli result = Cli.run(args.toArray(String[]::new));
    String all = result.out() + result.err();
    String shown = c.id() + " printed:\n" + all;
    assertEquals(c.exit(), result.code(), shown);
    assertTrue(all.toLowerCase(Locale.ROOT).contains(
        c.fragment().replace("@W", work.toString()).toLowerCase(Locale.ROOT)), shown);
    assertFalse(JAVA_LEAK.matcher(all).find(), "Java internals: " + shown);
    if (c.exit() == 2) {
      long lines = result.err().lines()
          .filter(l -> !l.isBlank() && !l.matches("Run '.*--help' for usage\\.")).count();
      assertEquals(1, lines, "one error line: " + shown);
      assertFalse(result.out().lines().anyMatch(l -> l.startsWith("start ")), shown);
    }
    try (Stream<Path> files = Files.walk(work)) {
      assertFalse(files.anyMatch(p -> p.getFileName().toString().equals("PWNED")), shown);
    }
    assertEquals(before, fingerprint(work), "the earlier run's outputs changed: " + shown);
  }

  /** An earlier run's outputs and journal, made once: every case gets a copy. */
  private static Path earlierRun;

  @BeforeAll
  static void runOnce(@TempDir Path shared) throws IOException {
    earlierRun = shared.resolve("earlier");
    Cli earlier = Cli.run("run", "Fan", "--n", "2", "--out", earlierRun.resolve("done").toString(),
        "--run-dir", earlierRun.toString());
    assertEquals(0, earlier.code(), earlier.err());
  }

  /** A run directory with the earlier run's outputs and journal, and the corpus's files. */
  private Path fixture() throws IOException {
    Path work = dir.resolve("case");
    Files.createDirectories(work.resolve("done"));
    Files.createDirectories(work.resolve(".pipeline"));
    for (String name : List.of("done/0.txt", "done/1.txt", "done/all.txt", ".pipeline/journal.jsonl")) {
      Files.copy(earlierRun.resolve(name), work.resolve(name));
    }
    try (Stream<Path> files = Files.list(CORPUS.resolve("files"))) {
      for (Path f : files.toList()) {
        Files.copy(f, work.resolve(f.getFileName()));
      }
    }
    Files.writeString(work.resolve("notajar.jar"), "not a jar\n");
    Files.writeString(work.resolve("afile"), "x\n");
    return work;
  }

  private static String fingerprint(Path work) {
    try (Stream<Path> done = Files.list(work.resolve("done")).sorted()) {
      StringBuilder sb = new StringBuilder();
      for (Path p : done.toList()) {
        sb.append(p.getFileName()).append('=').append(Files.readString(p)).append('\n');
      }
      String journal = Files.readString(work.resolve(".pipeline/journal.jsonl"));
      return sb.append(journal, 0, journal.indexOf('\n', journal.indexOf("run_finished")) + 1).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The corpus's argument words: blanks split, '...' and "..." quote, $'...' knows \n and \t. */
  static final class Words {
    private Words() {}

    static List<String> split(String text) {
      List<String> words = new ArrayList<>();
      StringBuilder word = null;
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c == ' ') {
          if (word != null) {
            words.add(word.toString());
            word = null;
          }
          continue;
        }
        word = word == null ? new StringBuilder() : word;
        if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '\'') {
          int end = text.indexOf('\'', i + 2);
          word.append(text.substring(i + 2, end).replace("\\n", "\n").replace("\\t", "\t")
              .replace("\\\\", "\\"));
          i = end;
        } else if (c == '\'' || c == '"') {
          int end = text.indexOf(c, i + 1);
          word.append(text, i + 1, end);
          i = end;
        } else {
          word.append(c);
        }
      }
      if (word != null) {
        words.add(word.toString());
      }
      return words;
    }
  }
}

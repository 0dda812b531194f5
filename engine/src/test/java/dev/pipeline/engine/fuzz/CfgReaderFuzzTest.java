package dev.pipeline.engine.fuzz;

import dev.pipeline.api.error.PipelineException;
import dev.pipeline.engine.config.ConfigLoader;
import dev.pipeline.engine.testing.FuzzTally;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Fuzzes the cfg reader with ini-shaped files (sections, keys, continuations, interpolation,
 * includes, built-in sections, bad bytes): every file loads, or is refused with a one-line
 * {@link PipelineException} (a ConfigException naming file and line); nothing else.
 */
class CfgReaderFuzzTest {
  private static final FuzzTally TALLY = new FuzzTally("cfg-reader");
  private static final Path DIR;

  static {
    try {
      DIR = Files.createTempDirectory("cfg-fuzz");
      DIR.toFile().deleteOnExit();
    } catch (IOException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static final List<String> LINES = List.of("[core]", "[Train]", "[Fan", "[]", "[ a b ]",
      "[s3]", "[resources]", "[kubernetes]", "[DEFAULT]", "workers = 4", "workers = -3",
      "workers = abc", "workers =", "gpus = 0,1", "retries = 2", "retry_backoff = 10s",
      "lr = 0.001", "lr: 0.1", "lr", "= 5", "  continued", "\tx = y", "command = echo {lr}",
      "command = bash -c 'echo {lr}'", "command = echo 'open", "timeout = 90", "timeout = 2h",
      "x = ${HOME}", "x = ${NOPE}", "x = ${", "x = $$", "x = $", "x = %(lr)s", "include = other.cfg",
      "include = " + "missing.cfg", "# comment", "; comment", "", "executor = kubernetes",
      "executor = nope", "gpu = 1", "x = é", "x = \u0000", "\uFEFF[core]", "x = a\\", "LR = 1",
      "lr = 1", "lr = 2", "[Train]", "a.b = 1", "-x = 1", "x = \"quoted\"");

  @Provide
  Arbitrary<String> cfgFiles() {
    Arbitrary<String> shaped = Arbitraries.of(LINES).list().ofMaxSize(16)
        .map(l -> String.join("\n", l));
    Arbitrary<String> crlf = shaped.map(s -> s.replace("\n", "\r\n"));
    return Arbitraries.oneOf(shaped, shaped, crlf, Arbitraries.strings().ofMaxLength(80));
  }

  @Property
  void anyCfg_loadsOrIsRefusedInOneLine(@ForAll("cfgFiles") String text, @ForAll boolean latin1)
      throws IOException {
    Path file = Files.createTempFile(DIR, "fuzz", ".cfg");
    Files.write(file, text.getBytes(latin1 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8));
    Files.writeString(DIR.resolve("other.cfg"), "[core]\nworkers = 2\n");
    try {
      ConfigLoader.load(file, Map.of("HOME", "/home/u"));
      TALLY.accepted();
    } catch (PipelineException e) {
      TALLY.refused(e);
    } catch (RuntimeException | Error e) {
      TALLY.crashed(e);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  @AfterContainer
  static void report() {
    TALLY.report();
  }
}

package dev.pipeline.sweep;

import dev.pipeline.api.error.PipelineException;
import dev.pipeline.engine.testing.FuzzTally;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Fuzzes the sweep YAML reader and the plan built from it with runner-shaped files (headers,
 * templates, grids, aliases, packs, multi-document streams, bad YAML): every file plans, or is
 * refused with a one-line {@link PipelineException}; nothing else.
 */
class SweepYamlFuzzTest {
  private static final FuzzTally TALLY = new FuzzTally("sweep-yaml");
  private static final Path DIR = Path.of("target", "fuzz-sweep");

  private static final List<String> LINES = List.of("---", "template:", "  train: python train.py {lr} [bs]",
      "  train: bash -c 'echo {lr}'", "  train: echo {lr", "  eval: echo {_name} {_output}",
      "  x: ''", "  y:", "  z: [1, 2]", "resource: [0, 1]", "resource: ['', 1]", "resource: 3",
      "resource:", "default:", "  lr: 0.1", "  bs: 32", "  flag: true", "alias:", "  bs: {batch: 1}",
      "  bs: nope", "pack:", "  pair: {a: {lr: 1, bs: 2}}", "  pair: [1]", "lr: [0.1, 0.01]",
      "lr: []", "lr: 0.5", "bs: [1, 2, 3]", "pair: [a, b]", "_title: t", "- lr: [1]", "- {bs: [2]}",
      "lr: {x: 1}", "lr: [[1], [2]]", "lr: !!binary aGk=", "lr: &a [1]", "bs: *a", "lr: *nope",
      "? [a]", ": x", "  - ", "\t- x", "lr: \"unterminated", "lr: 1e400", "lr: .nan", "bs: ~",
      "repeat: [1, 2, 3]", "\"{lr}\": [1]", "_name: [x]", "lr: [" + "9".repeat(30) + "]",
      "é: [1]", "lr: [\u0000]", "%YAML 1.1", "lr: [1, 1]", "...");

  private static final List<String> HEADERS = List.of("  train: python t.py {lr} [bs]",
      "  eval: echo {_name} {_output} {_datetime}", "  sh: bash -c 'echo \"$1\"' _ {lr}",
      "  bad: echo {lr", "  inj: bash -c 'echo {lr}'", "  ops: echo a | b", "  e: ''",
      "resource: [0, 1]", "resource: ['', 1]", "default: {lr: 0.1, bs: 32}", "default: {flag: true}",
      "alias: {bs: {batch: 1}}", "alias: {bs: 1}", "pack: {pair: {a: {lr: 1, bs: 2}}}", "pack: {pair: [1]}");
  private static final List<String> GRID_LINES = List.of("lr: [0.1, 0.01]", "lr: []", "lr: 0.5",
      "bs: [1, 2]", "bs: [true, false]", "pair: [a, b]", "pair: [a, zz]", "_title: t", "lr: {x: 1}",
      "lr: [[1], [2]]", "repeat: [1, 2, 3]", "flag: [true, false, ~]", "é: [1]", "_name: [x]",
      "lr: [1, 1]", "lr: ['a/b', '../x', '']", "bs: [1e400, .nan]", "lr: [\"x y\", \"$(id)\"]");

  @Provide
  Arbitrary<String> sweepFiles() {
    Arbitrary<String> shaped = Arbitraries.of(LINES).list().ofMaxSize(14)
        .map(l -> String.join("\n", l));
    Arbitrary<String> header = Arbitraries.of(HEADERS).list().ofMinSize(1).ofMaxSize(4)
        .uniqueElements(line -> line.substring(0, line.indexOf(':')))
        .map(l -> "template:\n" + String.join("\n", l.stream()
            .sorted(java.util.Comparator.comparing(line -> !line.startsWith("  "))).toList()));
    Arbitrary<String> grid = Arbitraries.of(GRID_LINES).list().ofMaxSize(5)
        .uniqueElements(line -> line.substring(0, line.indexOf(':')))
        .map(l -> String.join("\n", l));
    Arbitrary<String> runner = net.jqwik.api.Combinators.combine(header, grid, grid)
        .as((h, g1, g2) -> h + "\n---\n" + g1 + "\n---\n" + g2);
    return Arbitraries.oneOf(shaped, runner, runner, runner, grid, Arbitraries.strings().ofMaxLength(60));
  }

  @Property
  void anySweepFile_plansOrIsRefusedInOneLine(@ForAll("sweepFiles") String text) {
    boolean dict = !text.startsWith("template:"); // dict files take their command from --exec
    try {
      SweepConfig config = SweepConfig.parse(DIR.resolve("params.yaml"), text,
          dict ? "python t.py {lr} [bs]" : null);
      SweepLayout layout = new SweepLayout(DIR, "output", false,
          config.format == SweepConfig.Format.DICT, "2021-07-13.02:40:07");
      SweepPlan.of(config, new SweepPlan.Selection(null, List.of(), null, null, true), layout);
      TALLY.accepted();
    } catch (PipelineException e) {
      TALLY.refused(e);
    } catch (RuntimeException | Error e) {
      TALLY.crashed(e);
    }
  }

  @AfterContainer
  static void report() {
    TALLY.report();
  }
}

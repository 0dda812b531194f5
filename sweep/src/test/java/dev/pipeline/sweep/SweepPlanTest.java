package dev.pipeline.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pipeline.api.error.UsageException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepPlanTest {
  @TempDir Path dir;

  private SweepPlan plan(String yaml, SweepPlan.Selection selection) {
    return plan("params.yaml", yaml, null, selection);
  }

  private SweepPlan plan(String file, String text, String exec, SweepPlan.Selection selection) {
    SweepConfig config = SweepConfig.parse(dir.resolve(file), text, exec);
    SweepLayout layout = new SweepLayout(dir, "output", false,
        config.format == SweepConfig.Format.DICT, "2021-07-13.02:40:07");
    return SweepPlan.of(config, selection, layout);
  }

  private static SweepPlan.Selection all() {
    return new SweepPlan.Selection(null, List.of(), null, null, true);
  }

  private static List<String> names(SweepPlan plan) {
    return plan.points.stream().map(SweepPlan.Point::name).toList();
  }

  private static List<String> argv(SweepPlan plan, int point, String command) {
    return plan.points.get(point).commands().get(command);
  }

  @Test
  void gridIsAProductInKeyOrderLastFastestAndDocumentsConcatenate() {
    SweepPlan p = plan("""
        template: { run: 'echo {a} {b}' }
        ---
        a: [1, 2]
        b: [x, y]
        ---
        a: [3]
        b: z
        """, all());
    assertEquals(List.of("A_1-B_x", "A_1-B_y", "A_2-B_x", "A_2-B_y", "A_3-B_z"), names(p));
    assertEquals(List.of("echo", "2", "y"), argv(p, 3, "run"));
  }

  @Test
  void duplicatePointsAreDroppedFirstWins() {
    // The runner's check: a third document repeating a combination gives 6 points, not 7.
    SweepPlan p = plan("""
        template: { run: 'echo {a} {b}' }
        ---
        a: [1, 2]
        b: [x, y]
        ---
        a: [3, 4]
        b: [x]
        ---
        a: [1]
        b: [y]
        """, all());
    assertEquals(6, p.points.size());
    assertEquals(List.of(0, 0, 0, 0, 1, 1), p.points.stream().map(SweepPlan.Point::grid).toList());
  }

  @Test
  void defaultsFillMissingParamsAndStayOutOfNames() {
    SweepPlan p = plan("""
        template: { train: 'train data/{data} [lr] [early_stop]' }
        default: { data: iwslt, lr: 0.1, early_stop: False }
        ---
        lr: [0.1, 0.05]
        ---
        early_stop: [True]
        """, all());
    assertEquals(List.of("Lr_0.1", "Lr_0.05", "EaStop_T"), names(p));
    assertEquals(List.of("train", "data/iwslt", "--lr", "0.1"), argv(p, 0, "train"));
    assertEquals(List.of("train", "data/iwslt", "--lr", "0.1", "--early_stop"), argv(p, 2, "train"));
  }

  @Test
  void aliasListAndDictForms() {
    SweepPlan p = plan("""
        template:
          train: 'train [arch] [seed2] {arch}'
        default: { seed2: 7 }
        alias:
          arch:
            small: { layers: 6, dim: 512, pre_norm: True }
            big: { layers: 12, dim: 1024, pre_norm: False }
          seed2: [seed, data_seed]
        ---
        arch: [small, big]
        """, all());
    assertEquals(List.of("train", "--pre_norm", "--layers", "6", "--dim", "512", "--seed", "7",
        "--data_seed", "7", "small"), argv(p, 0, "train"));
    assertEquals(List.of("train", "--layers", "12", "--dim", "1024", "--seed", "7", "--data_seed",
        "7", "big"), argv(p, 1, "train"));
    assertEquals("big", p.points.get(1).params().get("arch"));

    UsageException e = assertThrows(UsageException.class, () -> plan("""
        template: { train: 'train [arch]' }
        alias: { arch: { small: { layers: 6 } } }
        ---
        arch: [huge]
        """, all()));
    assertTrue(e.getMessage().contains("value of 'arch' should be in (small)"), e.getMessage());
  }

  @Test
  void packRewritesParamsBeforeDefaultsAndIsNotAllowedInTemplates() {
    SweepPlan p = plan("""
        template: { base: 'echo base {curl} [bracket]' }
        default: { curl: 1, bracket: 1, lr: 0.1 }
        pack:
          pack_remap:
            remap1: { curl: 7, bracket: 8 }
          both: [curl, bracket]
        ---
        pack_remap: [remap1]
        ---
        both: [5]
        """, all());
    // The runner's verified case: pack_remap: [remap1] with {curl: 7, bracket: 8}.
    assertEquals(List.of("echo", "base", "7", "--bracket", "8"), argv(p, 0, "base"));
    assertEquals("PaRemap_remap1", p.points.get(0).name());
    assertEquals(Map.of("curl", 7, "bracket", 8, "lr", 0.1), p.points.get(0).params());
    assertEquals(List.of("echo", "base", "5", "--bracket", "5"), argv(p, 1, "base"));

    UsageException e = assertThrows(UsageException.class, () -> plan("""
        template: { base: 'echo {both}' }
        pack: { both: [curl, bracket] }
        ---
        both: [5]
        """, all()));
    assertTrue(e.getMessage().contains("packed param 'both'"), e.getMessage());
  }

  @Test
  void packValidationChecksPacksNotAliases() {
    // The seed validated the pack section by looking at the aliases; a bad pack slipped through.
    UsageException e = assertThrows(UsageException.class, () -> plan("""
        template: { base: 'echo {a}' }
        alias: { ok: [a] }
        pack: { bad: 3 }
        ---
        a: [1]
        """, all()));
    assertTrue(e.getMessage().contains("pack 'bad'"), e.getMessage());
  }

  @Test
  void missingParamsStopBeforeAnythingRuns() {
    UsageException e = assertThrows(UsageException.class, () -> plan("""
        template: { run: 'run {a} {b} [c]' }
        ---
        a: [1]
        """, all()));
    assertTrue(e.getMessage().contains("params b, c of template 'run' are not specified"), e.getMessage());
  }

  @Test
  void reservedPlaceholders() {
    SweepPlan p = plan("""
        template: { run: 'run {_name} {_output} {_datetime} --out={_output}/tb' }
        ---
        lr: [0.1]
        """, all());
    assertEquals(List.of("run", "Lr_0.1", "output/Lr_0.1", "2021-07-13.02:40:07",
        "--out=output/Lr_0.1/tb"), argv(p, 0, "run"));
    assertEquals(List.of("lr"), List.copyOf(p.orphans), "lr only names the directory");
  }

  @Test
  void orphanParamsAreReported() {
    SweepPlan p = plan("""
        template: { run: 'run {a}' }
        ---
        a: [1]
        dummy: [1, 2]
        """, all());
    assertEquals(List.of("dummy"), List.copyOf(p.orphans));
    assertEquals(List.of("A_1-Dummy_1", "A_1-Dummy_2"), names(p));
  }

  @Test
  void titlesSelectDocuments() {
    String yaml = """
        template: { run: 'parse {file}' }
        ---
        _title: machine1
        file: [text.txt.0, text.txt.1]
        ---
        _title: machine2
        file: [text.txt.3, text.txt.4]
        """;
    assertEquals(List.of("File_text.txt.3", "File_text.txt.4"),
        names(plan(yaml, new SweepPlan.Selection("machine2", List.of(), null, null, true))));
    assertEquals(4, plan(yaml, all()).points.size());
    UsageException e = assertThrows(UsageException.class,
        () -> plan(yaml, new SweepPlan.Selection("machine3", List.of(), null, null, true)));
    assertTrue(e.getMessage().contains("machine1, machine2"), e.getMessage());
    assertThrows(UsageException.class, () -> plan("template: {run: 'a {x}'}\n---\nx: [1]\n",
        new SweepPlan.Selection("t", List.of(), null, null, true)));
  }

  @Test
  void commandsAreSelectedAndKeepTemplateOrder() {
    String yaml = """
        template:
          train: 'train {file}'
          test: 'test {file}'
        ---
        file: [a]
        """;
    SweepPlan p = plan(yaml, new SweepPlan.Selection(null, List.of("test", "train"), null, null, true));
    assertEquals(List.of("train", "test"), List.copyOf(p.points.get(0).commands().keySet()));
    p = plan(yaml, new SweepPlan.Selection(null, List.of("test"), null, null, true));
    assertEquals(List.of("test"), List.copyOf(p.points.get(0).commands().keySet()));
    UsageException e = assertThrows(UsageException.class,
        () -> plan(yaml, new SweepPlan.Selection(null, List.of("tset"), null, null, true)));
    assertTrue(e.getMessage().contains("did you mean test?"), e.getMessage());
  }

  @Test
  void sampleIsPerGridSeededAndInGridOrder() {
    String yaml = """
        template: { run: 'run {a}' }
        ---
        a: [1, 2, 3, 4, 5]
        b: [1, 2, 3, 4]
        ---
        a: [10, 11, 12]
        """;
    SweepPlan.Selection s = new SweepPlan.Selection(null, List.of(), 3, 42L, true);
    SweepPlan first = plan(yaml, s);
    SweepPlan again = plan(yaml, s);
    assertEquals(names(first), names(again));
    assertEquals(6, first.points.size());
    assertEquals(42L, first.seed);
    List<String> grid1 = names(first).subList(0, 3);
    assertEquals(grid1.stream().sorted((x, y) -> names(plan(yaml, all())).indexOf(x)
        - names(plan(yaml, all())).indexOf(y)).toList(), grid1);
    assertNotEquals(names(first), names(plan(yaml, new SweepPlan.Selection(null, List.of(), 3, 7L, true))));
    assertEquals(List.of("A_10", "A_11", "A_12"), names(first).subList(3, 6));
    assertNull(plan(yaml, all()).seed);
  }

  @Test
  void collidingNamesGetAHash() {
    SweepPlan p = plan("""
        template: { run: 'run {d}' }
        ---
        d: [a/b, a_b]
        """, new SweepPlan.Selection(null, List.of(), null, null, false));
    assertEquals("D_a_b", p.points.get(0).name());
    assertTrue(p.points.get(1).name().matches("D_a_b-[0-9a-f]{8}"), p.points.get(1).name());
  }

  @Test
  void headerKeysAreChecked() {
    UsageException e = assertThrows(UsageException.class, () -> plan("""
        template: { run: 'run {a}' }
        defaults: { a: 1 }
        ---
        a: [1]
        """, all()));
    assertTrue(e.getMessage().contains("did you mean 'default'?"), e.getMessage());
    assertThrows(UsageException.class, () -> plan("template: {run: 'run {a}'}\n", all()));
    assertThrows(UsageException.class, () -> plan("template: {run: 'run {a}'}\n---\n_name: [x]\n", all()));
    assertThrows(UsageException.class, () -> plan("template: {run: 'run {a}'}\n---\na: []\n", all()));
    assertThrows(UsageException.class, () -> plan("template: {run: 'run {a}'}\n---\na: {x: 1}\n", all()));
  }

  @Test
  void numbersAreTypedAsPyYamlTypesThem() {
    SweepPlan p = plan("""
        template: { run: 'run {lr} [flag]' }
        ---
        lr: [1e-4, 1.0e-4, 0.5, 3, 1_000]
        flag: [yes]
        """, all());
    assertEquals(List.of("Lr_1e-4-Flag_T", "Lr_0.0001-Flag_T", "Lr_0.5-Flag_T", "Lr_3-Flag_T",
        "Lr_1000-Flag_T"), names(p));
    assertEquals(List.of("run", "1e-4", "--flag"), argv(p, 0, "run"));
    assertEquals(List.of("run", "0.0001", "--flag"), argv(p, 1, "run"));
  }

  @Test
  void yamlDatesStayText() {
    SweepPlan p = plan("""
        template: { run: 'run {day}' }
        ---
        day: [2021-07-13]
        """, all());
    assertEquals(List.of("run", "2021-07-13"), argv(p, 0, "run"));
  }

  @Test
  void dictStyleGridsInYamlAndJson() {
    String json = """
        [{"lr": [0.001, 0.0001], "seed": [1, 2], "other_hyper": "cat"},
         {"lr": 0.1, "seed": [3]}]
        """;
    SweepPlan p = plan("grid.json", json, "python main.py with lr={lr}", all());
    assertEquals(List.of("Lr_0.001-Seed_1-OtHyper_cat", "Lr_0.001-Seed_2-OtHyper_cat",
        "Lr_0.0001-Seed_1-OtHyper_cat", "Lr_0.0001-Seed_2-OtHyper_cat", "Lr_0.1-Seed_3"), names(p));
    assertEquals(List.of("python", "main.py", "with", "lr=0.001", "--seed", "1", "--other_hyper", "cat"),
        argv(p, 0, SweepConfig.EXEC_COMMAND));
    SweepPlan y = plan("grid.yaml", "lr: [0.001, 0.0001]\nseed: [1, 2]\nother_hyper: [cat]\n",
        "python main.py with lr={lr}", all());
    assertEquals(names(p).subList(0, 4), names(y));
    UsageException e = assertThrows(UsageException.class, () -> plan("grid.json", json, null, all()));
    assertTrue(e.getMessage().contains("--exec"), e.getMessage());
  }
}

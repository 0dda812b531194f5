package dev.pipeline.engine.provenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pipeline.api.Task;
import dev.pipeline.api.error.ExitCode;
import dev.pipeline.engine.graph.TaskGraph;
import dev.pipeline.engine.inspect.DependencyTree;
import dev.pipeline.engine.inspect.OutputRemoval;
import dev.pipeline.engine.scheduler.RunOptions;
import dev.pipeline.engine.scheduler.Scheduler;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each rerun trigger on a chain Source a <- Step b <- Step c: what changed reruns with everything
 * downstream of it and nothing upstream; with the trigger off it does not; force reruns what it
 * names. Runs go through the real scheduler on real files.
 */
@Timeout(60)
class RerunTriggersRunTest {
  @TempDir Path dir;
  Path out;

  @BeforeEach
  void setUp() throws IOException {
    out = Files.createDirectories(dir.resolve("out"));
  }

  private Step chain(int b) {
    return chain(Step.class, b);
  }

  private Step chain(Class<? extends Step> bType, int b) {
    Source a = Step.of(Source.class, out, "a", 1);
    Step sb = Step.of(bType, out, "b", b, a);
    return Step.of(out, "c", 1, sb);
  }

  private List<String> run(Task root, RerunPolicy policy) throws IOException {
    ExitCode code = new Scheduler(RunOptions.defaults(dir).withCaptureOutput(false))
        .rerun(policy).run(List.of(root)).exitCode();
    assertEquals(ExitCode.OK, code);
    return Step.ran(out);
  }

  private List<String> run(Task root) throws IOException {
    return run(root, RerunPolicy.DEFAULT);
  }

  /** Why the task named {@code name} would run in a dry run; null when it would not. */
  private String reason(Task root, RerunPolicy policy, String name) {
    TaskGraph graph = new Scheduler(RunOptions.defaults(dir)).rerun(policy).plan(List.of(root));
    for (var n : graph.nodes()) {
      if (((Step) n.task()).name.equals(name)) {
        return n.completeAtStart() ? null
            : n.rerunReason() != null ? n.rerunReason() : "missing";
      }
    }
    throw new AssertionError(name + " is not in the graph");
  }

  @Test
  void secondRun_runsNothing_andEveryOutputHasProvenance() throws IOException {
    assertEquals(List.of("a", "b", "c"), run(chain(1)));
    assertEquals(List.of(), run(chain(1)));
    ProvenanceIndex index = ProvenanceLog.in(dir.resolve(".pipeline")).read();
    assertEquals(3, index.size());
    ProvenanceRecord b = index.details(index.find(out.resolve("b.txt").toString()));
    assertEquals("1", b.params().get("value"));
    assertEquals(1, b.version());
    assertEquals(out.resolve("a.txt").toString(), b.inputs().get(0).uri());
    assertTrue(b.inputs().get(0).fingerprint().startsWith("4:"), b.inputs().toString());
  }

  @Test
  void changedParameter_rerunsThatTaskAndDownstream_notUpstream() throws IOException {
    run(chain(1));
    assertEquals("stale: value 1 -> 2", reason(chain(2), RerunPolicy.DEFAULT, "b"));
    assertEquals("upstream Step reran", reason(chain(2), RerunPolicy.DEFAULT, "c"));
    assertNull(reason(chain(2), RerunPolicy.DEFAULT, "a"));
    assertEquals(List.of("b", "c"), run(chain(2)));
    assertEquals("c=1\nb=2\na=1\n", Files.readString(out.resolve("c.txt")));
    assertEquals(List.of(), run(chain(2)));
  }

  @Test
  void changedInput_rerunsItsReaders() throws IOException {
    run(chain(1));
    Files.writeString(out.resolve("a.txt"), "a=edited by hand\n");
    assertEquals("stale: input out/a.txt changed", reason(chain(1), RerunPolicy.DEFAULT, "b"));
    assertEquals(List.of("b", "c"), run(chain(1)));
  }

  @Test
  void bumpedVersion_rerunsTheFamilysTasksAndDownstream() throws IOException {
    run(chain(1));
    assertEquals("stale: version 1 -> 2", reason(chain(StepV2.class, 1), RerunPolicy.DEFAULT, "b"));
    assertEquals(List.of("b", "c"), run(chain(StepV2.class, 1)));
  }

  @Test
  void deletedUpstreamOutput_rerunsItAndEverythingDownstream() throws IOException {
    run(chain(1));
    Files.delete(out.resolve("a.txt"));
    assertEquals(List.of("a", "b", "c"), run(chain(1)));
  }

  @Test
  void triggersOff_existingOutputsAreComplete_asLuigiHasIt() throws IOException {
    run(chain(1));
    Files.writeString(out.resolve("a.txt"), "a=edited by hand\n");
    assertEquals(List.of(), run(chain(2), RerunPolicy.of(RerunTriggers.NONE)));
    // Only the trigger asked for fires: params alone ignores the edited input, input alone the
    // changed parameter (b's record still says value=1, its input changed).
    assertEquals(List.of(), run(chain(1), RerunPolicy.of(RerunTriggers.parse("params,version"))));
    assertEquals(List.of("b", "c"), run(chain(1), RerunPolicy.of(RerunTriggers.parse("input"))));
  }

  @Test
  void force_rerunsTheRoot_forceFamilies_rerunTheirTasksAndDownstream() throws IOException {
    run(chain(1));
    assertEquals(List.of("c"), run(chain(1), new RerunPolicy(RerunTriggers.ALL, true, Set.of())));
    assertEquals(List.of("b", "c"),
        run(chain(1), new RerunPolicy(RerunTriggers.ALL, false, Set.of("test.Step"))));
    assertEquals(List.of("a", "b", "c"),
        run(chain(1), new RerunPolicy(RerunTriggers.NONE, false, Set.of("test.Source"))));
  }

  @Test
  void outputsWithoutProvenance_areComplete_asBefore() throws IOException {
    for (String n : List.of("a", "b", "c")) {
      Files.writeString(out.resolve(n + ".txt"), n + " from another tool\n");
    }
    assertNull(reason(chain(1), RerunPolicy.DEFAULT, "c"));
    assertEquals(List.of(), run(chain(1)));
  }

  @Test
  void staleTasksOutputs_areReplacedByTheRerun_andItsRecordFollows() throws IOException {
    run(chain(1));
    run(chain(2));
    ProvenanceIndex index = ProvenanceLog.in(dir.resolve(".pipeline")).read();
    assertEquals("2", index.details(index.find(out.resolve("b.txt").toString())).params()
        .get("value"));
    assertEquals("b=2\na=1\n", Files.readString(out.resolve("b.txt")));
  }

  @Test
  void removeOutput_forgetsTheProvenanceOfWhatItRemoves() throws IOException {
    run(chain(1));
    ExitCode code = OutputRemoval.run(chain(1), dir,
        new OutputRemoval.Request(DependencyTree.ALL, false, true), null,
        new PrintWriter(new StringWriter()));
    assertEquals(ExitCode.OK, code);
    assertTrue(ProvenanceLog.in(dir.resolve(".pipeline")).read().isEmpty());
  }
}

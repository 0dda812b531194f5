package dev.pipeline.engine.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.pipeline.engine.command.CommandLexer.Placeholder;
import dev.pipeline.api.Family;
import dev.pipeline.api.Param;
import dev.pipeline.api.Task;
import dev.pipeline.api.targets.Target;
import dev.pipeline.api.targets.local.LocalFileTarget;
import dev.pipeline.api.targets.memory.MemoryStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What each placeholder renders to, without running anything. */
class PlaceholdersTest {
  private static final MemoryStore STORE = new MemoryStore();

  @Family("Leaf")
  static final class Leaf extends Task {
    @Param String tag = "a";

    @Override
    public Object output() {
      return LocalFileTarget.of(Path.of("/data/" + tag + ".csv"));
    }
  }

  @Family("Many")
  static final class Many extends Task {
    @Param Path rel = Path.of("models/../weights");
    @Param List<Path> dirs = List.of(Path.of("a"), Path.of("/b"));
    @Param Duration limit = Duration.ofMinutes(90);
    @Param double lr = 1e-3;
    @Param String note;

    @Override
    public Object requires() {
      Leaf a = new Leaf();
      Leaf b = new Leaf();
      b.tag = "b";
      return List.of(a, b);
    }

    @Override
    public Object output() {
      return List.of(LocalFileTarget.of(Path.of("/out/x")), STORE.target("y"));
    }
  }

  private static String value(Task task, String name, String key) throws Placeholders.Problem {
    return new Placeholders(task, Path.of("/runs/r1"), List.of("2", "3"), Placeholders::path)
        .value(new Placeholder(name, key == null ? List.of() : List.of(key)));
  }

  @Test
  void parameters_renderAsOnACommandLineWithAbsolutePaths() throws Exception {
    Many m = new Many();
    Path cwd = Path.of("").toAbsolutePath();
    assertEquals(cwd.resolve("weights").toString(), value(m, "rel", null));
    assertEquals(cwd.resolve("a") + ",/b", value(m, "dirs", null));
    assertEquals("1h30m", value(m, "limit", null));
    assertEquals("0.001", value(m, "lr", null));
    assertEquals("", value(m, "note", null));
  }

  @Test
  void builtIns() throws Exception {
    Many m = new Many();
    assertEquals("/runs/r1", value(m, "run_dir", null));
    assertEquals("2,3", value(m, "gpus", null));
    assertEquals("/out/x", value(m, "output", "0"));
    assertEquals("mem:y", value(m, "output", "1"));
    assertEquals("/data/b.csv", value(m, "input", "1"));
    assertEquals("/data/a.csv", value(m, "input", "0"));
  }

  @Test
  void problems_sayWhatToWriteInstead() {
    Many m = new Many();
    Placeholders.Problem input = assertThrows(Placeholders.Problem.class, () -> value(m, "input", null));
    assertEquals("{input}: its requirements produce 2 targets, not one (" + m.id() + ")",
        input.getMessage());
    assertEquals("use one of {input[0]}, {input[1]}", input.fix);
    Placeholders.Problem index = assertThrows(Placeholders.Problem.class, () -> value(m, "output", "2"));
    assertEquals(m.id() + " has no output 2", index.getMessage());
    assertEquals("use one of {output[0]}, {output[1]}", index.fix);
    Placeholders.Problem keyed = assertThrows(Placeholders.Problem.class, () -> value(m, "lr", "x"));
    assertEquals("{lr[x]}: only {output[...]} and {input[...]} take a key", keyed.getMessage());
  }

  @Test
  void staged_outputsRenderWhereTheCommandWrites() throws Exception {
    Leaf leaf = new Leaf();
    Target target = leaf.outputTarget();
    Placeholders values = new Placeholders(leaf, Path.of("/r"), List.of(),
        t -> t.equals(target) ? "/r/.a.csv.tmp-1-1.d/a.csv" : Placeholders.path(t));
    assertEquals("/r/.a.csv.tmp-1-1.d/a.csv", values.value(Placeholder.of("output")));
  }
}

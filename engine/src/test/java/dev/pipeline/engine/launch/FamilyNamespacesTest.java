package dev.pipeline.engine.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pipeline.api.Family;
import dev.pipeline.api.Param;
import dev.pipeline.api.Task;
import dev.pipeline.api.error.ExitCode;
import dev.pipeline.api.error.UsageException;
import dev.pipeline.engine.model.TaskFamily;
import dev.pipeline.engine.model.TaskRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Namespaced families (sandbox.Train): the short name finds them until two families share it. */
class FamilyNamespacesTest {
  @Family("builtin.Solo")
  static class Solo extends Task {
    @Param int x = 1;
  }

  @Family("builtin.Twin")
  static class BuiltinTwin extends Task {}

  @Family("mine.Twin")
  static class MyTwin extends Task {}

  @Family("builtin.Train")
  static class BuiltinTrain extends Task {
    @Param double lr = 0.1;
  }

  /** A user's own Train, without a namespace. */
  @Family("Train")
  static class UserTrain extends Task {
    @Param double lr = 0.5;
  }

  @TempDir Path dir;

  private final TaskRegistry registry = new TaskRegistry().register(Solo.class)
      .register(BuiltinTwin.class).register(MyTwin.class).register(BuiltinTrain.class);

  private RunSetup prepare(TaskRegistry r, String family, String cfg, String... args) throws Exception {
    Path file = dir.resolve("run.cfg");
    Files.writeString(file, cfg);
    return RunSetup.prepare(r, family, List.of(args), file, Map.of());
  }

  private static Object value(Task task, String parameter) {
    return TaskFamily.of(task).parameter(parameter).orElseThrow().get(task);
  }

  @Test
  void shortName_findsTheNamespacedFamily_andItsShortSection() throws Exception {
    RunSetup setup = prepare(registry, "Solo", "[Solo]\nx = 5\n");
    assertSame(Solo.class, setup.root().getClass());
    assertEquals("builtin.Solo", setup.root().id().family());
    assertEquals(5, value(setup.root(), "x"));
  }

  @Test
  void fullName_andItsOwnSection_work() throws Exception {
    RunSetup setup = prepare(registry, "builtin.Solo", "[builtin.Solo]\nx = 6\n");
    assertEquals(6, value(setup.root(), "x"));
  }

  @Test
  void ambiguousShortName_isAUsageErrorListingBothFullNames() {
    UsageException e = assertThrows(UsageException.class, () -> prepare(registry, "Twin", ""));
    assertEquals(ExitCode.USAGE, e.exitCode());
    assertTrue(e.getMessage().contains("builtin.Twin, mine.Twin"), e.getMessage());
    assertTrue(!e.getMessage().contains("\n"), e.getMessage());
  }

  @Test
  void aUsersOwnTrain_isTheTrain_andTheBuiltInKeepsItsFullName() throws Exception {
    TaskRegistry withUsers = registry.register(UserTrain.class);
    RunSetup mine = prepare(withUsers, "Train", "[Train]\nlr = 0.25\n");
    assertSame(UserTrain.class, mine.root().getClass());
    assertEquals(0.25, value(mine.root(), "lr"));
    RunSetup builtin = prepare(withUsers, "builtin.Train", "[builtin.Train]\nlr = 0.75\n");
    assertSame(BuiltinTrain.class, builtin.root().getClass());
    assertEquals(0.75, value(builtin.root(), "lr"));
  }

  @Test
  void shortNames_listOnlyUnambiguousOnes() {
    assertEquals(Map.of("Solo", "builtin.Solo", "Train", "builtin.Train"), Map.copyOf(registry.shortNames()));
    assertTrue(!registry.register(UserTrain.class).shortNames().containsKey("Train"));
  }
}

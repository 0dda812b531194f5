package dev.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pipeline.cli.cluster.UserTrainTasks;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in families carry a namespace (sandbox.Train), so a user's own Train on --classpath
 * works beside the built-in one, and a second namespaced Train makes the short name an error
 * that lists both full names (issue 13, "Families that cannot collide").
 */
class UserTrainBesideBuiltinTest {
  @TempDir Path dir;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  private Path plugin(String name, Class<?> family) throws Exception {
    Path services = dir.resolve(name + "/META-INF/services/dev.pipeline.api.Task");
    Files.createDirectories(services.getParent());
    Files.writeString(services, family.getName() + "\n");
    return dir.resolve(name);
  }

  private int cli(Path plugin, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--classpath", plugin.toString(), "--run-dir", dir.toString()));
    return PipelineCli.execute(all.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @Test
  void aUsersTrain_takesTheShortName_onTheCommandLineAndInItsSection() throws Exception {
    Path mine = plugin("mine", UserTrainTasks.Train.class);
    assertEquals(0, cli(mine, "run", "Train", "--out", dir.resolve("a").toString(), "--lr", "0.25"), err.toString());
    assertEquals("lr=0.25", Files.readString(dir.resolve("a/lr.txt")));
    Path cfg = Files.writeString(dir.resolve("run.cfg"), "[Train]\nlr = 0.75\n");
    assertEquals(0, cli(mine, "run", "Train", "--out", dir.resolve("b").toString(), "--config", cfg.toString()),
        err.toString());
    assertEquals("lr=0.75", Files.readString(dir.resolve("b/lr.txt")));
  }

  @Test
  void index_listsTheUsersTrain_andTheBuiltInByItsFullName() throws Exception {
    assertEquals(0, cli(plugin("mine", UserTrainTasks.Train.class), "index"), err.toString());
    assertTrue(out.toString().contains("\nTrain - a user's own train\n"), out.toString());
    assertTrue(out.toString().contains("\nsandbox.Train - trains the 1-D CNN"), out.toString());
  }

  @Test
  void aSecondNamespacedTrain_makesTheShortNameAnErrorListingBoth() throws Exception {
    Path theirs = plugin("theirs", UserTrainTasks.NamespacedTrain.class);
    assertEquals(2, cli(theirs, "run", "Train", "--out", dir.resolve("c").toString()));
    assertTrue(err.toString().contains("'Train' is ambiguous: mine.Train, sandbox.Train; use the full name"),
        err.toString());
    assertEquals(1, err.toString().strip().lines().count(), "one line: " + err);
  }

  @Test
  void anAmbiguousOption_namesTheFamilyAsTyped() throws Exception {
    Path cfg = Files.writeString(dir.resolve("empty.cfg"), "");
    assertEquals(2, cli(plugin("mine", UserTrainTasks.Train.class), "run", "TrainConfig",
        "--config", cfg.toString()));
    assertTrue(err.toString().contains("a parameter of TrainConfig; write --TrainConfig-config VALUE"),
        err.toString());
  }
}

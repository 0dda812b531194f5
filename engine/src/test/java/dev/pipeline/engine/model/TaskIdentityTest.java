package dev.pipeline.engine.model;

import dev.pipeline.api.Targets;
import dev.pipeline.api.Task;
import dev.pipeline.api.Param;
import dev.pipeline.api.Family;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskIdentityTest {

  @Family("Train")
  static class Train extends Task {
    @Param double lr = 0.001;
    @Param int seed = 1;
    @Param(significant = false) int threads = 4;
    @Param(significant = false) String logLevel = "info";
  }

  static class Unnamed extends Task {
    @Param String name = "x";
  }

  @Family("Quoted")
  static class Quoted extends Task {
    @Param String value = "";
  }

  @Family("Typed")
  static class Typed extends Task {
    @Param List<Integer> sizes = List.of(1, 2);
    @Param Duration every = Duration.ofMinutes(90);
    @Param Mode mode = Mode.FAST;
    @Param Path dir = Path.of("/data/in");
    @Param boolean dry = false;
    @Param long big = 10_000_000_000L;
  }

  enum Mode { FAST, SLOW }

  static class Base extends Task {
    @Param String zeta = "z";
  }

  @Family("Derived")
  static class Derived extends Base {
    @Param String alpha = "a";
  }

  private static Train train(double lr, int seed) {
    Train t = new Train();
    t.lr = lr;
    t.seed = seed;
    return t;
  }

  @Test
  void canonicalForm_isTheFamilyAndItsSignificantParametersSortedByName() {
    assertEquals("Train(lr=0.001, seed=1)", new Train().id().canonical());
    assertEquals("Train(lr=0.001, seed=1)", new Train().toString());
    assertEquals("Train", new Train().id().family());
  }

  @Test
  void sameSignificantParameters_sameTask() {
    Train a = train(0.001, 1);
    Train b = train(0.001, 1);
    assertEquals(a.id(), b.id());
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertEquals(a.id().digest(), b.id().digest());
  }

  @Test
  void differentSignificantParameters_differentTasks() {
    assertNotEquals(train(0.001, 1), train(0.001, 2));
    assertNotEquals(train(0.001, 1), train(0.01, 1));
    assertNotEquals(train(0.001, 1).id().digest(), train(0.001, 2).id().digest());
  }

  @Test
  void insignificantParameters_doNotChangeTheIdentity() {
    Train a = train(0.5, 7);
    Train b = train(0.5, 7);
    b.threads = 64;
    b.logLevel = "debug";
    assertEquals(a, b);
    assertEquals("Train(lr=0.5, seed=7)", b.id().canonical());
  }

  @Test
  void familyName_defaultsToTheSimpleClassName() {
    assertEquals("Unnamed(name=x)", new Unnamed().id().canonical());
  }

  @Test
  void inheritedParameters_arePartOfTheIdentity() {
    assertEquals("Derived(alpha=a, zeta=z)", new Derived().id().canonical());
  }

  @Test
  void valuesWithSeparators_areQuoted() {
    assertEquals("Quoted(value=\"a,b\")", quoted("a,b").id().canonical());
    assertEquals("Quoted(value=\"k=v\")", quoted("k=v").id().canonical());
    assertEquals("Quoted(value=\"f(x)\")", quoted("f(x)").id().canonical());
    assertEquals("Quoted(value=\"say \\\"hi\\\" \\\\o/\")",
        quoted("say \"hi\" \\o/").id().canonical());
    assertEquals("Quoted(value=\"\")", quoted("").id().canonical());
    assertEquals("Quoted(value=\" padded\")", quoted(" padded").id().canonical());
    assertEquals("Quoted(value=\"two\\u000alines\")", quoted("two\nlines").id().canonical());
    assertEquals("Quoted(value=plain-text_1.5/x)", quoted("plain-text_1.5/x").id().canonical());
  }

  @Test
  void quoting_keepsDistinctValuesDistinct() {
    // Without quoting, value "1, value=2" would read like two parameters.
    assertNotEquals(quoted("1, value=2").id(), quoted("1").id());
    assertNotEquals(quoted("a,b").id(), quoted("\"a,b\"").id());
  }

  @Test
  void aMissingValue_isLeftOut_andTheTextNullIsAValue() {
    assertEquals("Quoted()", quoted(null).id().canonical());
    assertEquals("Quoted(value=\"null\")", quoted("null").id().canonical());
    assertNotEquals(quoted(null).id(), quoted("null").id());
  }

  @Family("Written")
  static class Written extends Task {
    @Param Path out;
    @Param(name = "data_dir") Path dataDir;
    @Param String label = "x";
  }

  @Test
  void relativePaths_areAbsoluteAndNormalisedInTheId() {
    Path here = Path.of("").toAbsolutePath();
    Task parsed = TaskFamily.of(Written.class).instantiate(java.util.Map.of("out", "relout/./a/../b"));
    assertEquals("Written(label=x, out=" + here.resolve("relout/b") + ")", parsed.id().canonical());
    Written inCode = new Written();
    inCode.out = Path.of("relout/b");
    assertEquals(parsed.id(), inCode.id(), "a path set in code names the same file");
    assertEquals(here.resolve("relout/b"), ((Written) parsed).out, "the parameter itself is absolute");
  }

  @Test
  void anS3LocationInAPathParameter_staysALocation() {
    Task parsed = TaskFamily.of(Written.class).instantiate(java.util.Map.of("out", "s3://bucket/run/x"));
    assertEquals("Written(label=x, out=s3:/bucket/run/x)", parsed.id().canonical());
    assertEquals("s3://bucket/run/x",
        dev.pipeline.api.Targets.location(((Written) parsed).out));
  }

  @Test
  void unsetOptionalParameters_areLeftOutOfTheId() {
    Written w = new Written();
    w.out = Path.of("/o");
    assertEquals("Written(label=x, out=/o)", w.id().canonical());
  }

  @Test
  void everyParameterType_rendersReadably() {
    assertEquals("Typed(big=10000000000, dir=/data/in, dry=false, every=1h30m, mode=FAST,"
        + " sizes=\"1,2\")", new Typed().id().canonical());
  }

  @Test
  void digest_isSixteenHexDigits_andFileNameSafe() {
    String digest = quoted("a/b c\"d").id().digest();
    assertTrue(digest.matches("[0-9a-f]{16}"), digest);
  }

  private static Quoted quoted(String value) {
    Quoted q = new Quoted();
    q.value = value;
    return q;
  }
}

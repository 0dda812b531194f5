package dev.pipeline.engine.model;

import dev.pipeline.api.Task;
import dev.pipeline.api.Param;
import dev.pipeline.api.Family;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pipeline.api.error.ExitCode;
import dev.pipeline.api.error.UsageException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Text to typed parameter values, and the one-line errors when the text does not fit. */
class ParameterParsingTest {

  enum Speed { FAST, SLOW }

  @Family("Typed")
  public static class Typed extends Task {
    @Param public int count = 1;
    @Param public long big;
    @Param public double rate = 0.5;
    @Param public boolean verbose;
    @Param public Speed speed = Speed.FAST;
    @Param public Duration every = Duration.ofMinutes(5);
    @Param public List<Integer> sizes = List.of();
    @Param public List<Duration> waits = List.of();
    @Param public Path dir = Path.of(".");
    @Param public String label = "l";
    @Param(name = "dry_run") public boolean dryRun;
  }

  @Family("Needy")
  public static class Needy extends Task {
    @Param(required = true) public String name;
    @Param public int count;
  }

  private static final TaskFamily TYPED = TaskFamily.of(Typed.class);

  private static Typed parse(String name, String value) {
    return (Typed) TYPED.instantiate(Map.of(name, value));
  }

  private static String error(String name, String value) {
    UsageException e = assertThrows(UsageException.class, () -> parse(name, value));
    assertEquals(ExitCode.USAGE, e.exitCode());
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    return e.getMessage();
  }

  @Test
  void int_parsesAndRejects() {
    assertEquals(42, parse("count", " 42 ").count);
    assertEquals(-3, parse("count", "-3").count);
    assertTrue(error("count", "many").startsWith("Typed --count: expected int, got 'many'"));
    assertTrue(error("count", "1.5").startsWith("Typed --count: expected int, got '1.5'"));
    assertTrue(error("count", "99999999999").startsWith("Typed --count: expected int"));
  }

  @Test
  void long_parsesAndRejects() {
    assertEquals(10_000_000_000L, parse("big", "10000000000").big);
    assertTrue(error("big", "1e3").startsWith("Typed --big: expected long, got '1e3'"));
  }

  @Test
  void double_parsesAndRejects() {
    assertEquals(0.001, parse("rate", "1e-3").rate);
    assertTrue(error("rate", "fast").startsWith("Typed --rate: expected double, got 'fast'"));
  }

  @Test
  void boolean_acceptsTheUsualSpellings_andRejectsOthers() {
    for (String yes : List.of("true", "TRUE", "yes", "1")) {
      assertTrue(parse("verbose", yes).verbose, yes);
    }
    for (String no : List.of("false", "no", "0", "False")) {
      assertFalse(parse("verbose", no).verbose, no);
    }
    assertEquals("Typed --verbose: expected boolean, got 'maybe'; write true, false, yes, no, on, off, 1 or 0",
        error("verbose", "maybe"));
  }

  @Test
  void enum_isCaseInsensitive_andListsTheChoices() {
    assertEquals(Speed.SLOW, parse("speed", "slow").speed);
    assertEquals("Typed --speed: expected enum:FAST|SLOW, got 'medium'; write one of FAST, SLOW",
        error("speed", "medium"));
  }

  @Test
  void duration_acceptsHumanAndIsoForms() {
    assertEquals(Duration.ofMinutes(90), parse("every", "1h30m").every);
    assertEquals(Duration.ofMillis(250), parse("every", "250ms").every);
    assertEquals(Duration.ofMillis(1500), parse("every", "1s500ms").every);
    assertEquals(Duration.ofDays(2), parse("every", "2d").every);
    assertEquals(Duration.ofMinutes(5), parse("every", "PT5M").every);
    assertEquals(Duration.ofMinutes(5), parse("every", "pt5m").every);
  }

  @Test
  void duration_rejectsWhatItCannotRead() {
    assertEquals("Typed --every: expected duration, got 'soon'"
        + "; cannot read 'soon', write e.g. 90s, 5m, 2h, 1d, 1h30m or PT5M", error("every", "soon"));
    // A bare number is refused: whether 90 means seconds or minutes is the mistake to prevent.
    assertTrue(error("every", "90").contains("missing unit after '90'"), error("every", "90"));
    assertTrue(error("every", "5x").startsWith("Typed --every: expected duration, got '5x'"));
    assertTrue(error("every", "1h30").startsWith("Typed --every: expected duration"));
  }

  @Test
  void duration_malformedIsoValue_isAUsageError() {
    // Starts like ISO-8601 (P...), so it goes to java.time, whose error is not an
    // IllegalArgumentException: it must still become a one-line usage error.
    assertTrue(error("every", "P5X").startsWith("Typed --every: expected duration, got 'P5X'"),
        error("every", "P5X"));
    assertTrue(error("waits", "1s,PTxyz").startsWith("Typed --waits: expected list<duration>"));
  }

  @Test
  void durations_formatBackToTheirShortestText() {
    assertEquals("1h30m", dev.pipeline.engine.config.ValueParsers.formatDuration(Duration.ofMinutes(90)));
    assertEquals("250ms", dev.pipeline.engine.config.ValueParsers.formatDuration(Duration.ofMillis(250)));
    assertEquals("2d", dev.pipeline.engine.config.ValueParsers.formatDuration(Duration.ofDays(2)));
    assertEquals("0s", dev.pipeline.engine.config.ValueParsers.formatDuration(Duration.ZERO));
    assertEquals("1d1h1m1s", dev.pipeline.engine.config.ValueParsers.formatDuration(Duration.ofSeconds(86400 + 3600 + 61)));
  }

  @Test
  void list_splitsOnCommas_andNamesTheElementType() {
    assertEquals(List.of(1, 2, 3), parse("sizes", "1, 2 ,3").sizes);
    assertEquals(List.of(), parse("sizes", "").sizes);
    assertEquals(List.of(Duration.ofSeconds(1), Duration.ofMinutes(2)),
        parse("waits", "1s,2m").waits);
    assertTrue(error("sizes", "1,x,3").startsWith("Typed --sizes: expected list<int>, got '1,x,3'"),
        error("sizes", "1,x,3"));
  }

  @Test
  void path_rejectsANulCharacter() {
    assertEquals(Path.of("/data/x"), parse("dir", "/data/x").dir);
    assertTrue(error("dir", "a\u0000b").startsWith("Typed --dir: expected path"),
        error("dir", "a\u0000b"));
  }

  @Test
  void unknownParameter_suggestsTheClosestName() {
    UsageException e = assertThrows(UsageException.class,
        () -> TYPED.instantiate(Map.of("cuont", "1")));
    assertEquals("Typed: unknown parameter --cuont; did you mean --count? (parameters: big,"
        + " count, dir, dry_run, every, label, rate, sizes, speed, verbose, waits)", e.getMessage());
  }

  @Test
  void unknownParameter_farFromEveryName_getsNoSuggestion() {
    UsageException e = assertThrows(UsageException.class,
        () -> TYPED.instantiate(Map.of("xyzzyplugh", "1")));
    assertTrue(e.getMessage().startsWith("Typed: unknown parameter --xyzzyplugh (parameters: "),
        e.getMessage());
  }

  @Test
  void dashesInNames_matchUnderscores() {
    Typed t = (Typed) TYPED.instantiate(Map.of("dry-run", "true"));
    assertTrue(t.dryRun);
  }

  @Test
  void missingRequiredParameter_isNamedWithItsType() {
    UsageException e = assertThrows(UsageException.class,
        () -> TaskFamily.of(Needy.class).instantiate(Map.of("count", "1")));
    assertEquals("Needy: missing required parameter --name (string)", e.getMessage());
    assertEquals("x", ((Needy) TaskFamily.of(Needy.class).instantiate(Map.of("name", "x"))).name);
  }

  @Test
  void codeDefaults_stayWhenNotGiven() {
    Typed t = (Typed) TYPED.instantiate(Map.of());
    assertEquals(1, t.count);
    assertEquals(Duration.ofMinutes(5), t.every);
  }
}

package dev.pipeline.engine.model;

import dev.pipeline.api.Family;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.pipeline.api.error.UsageException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code --name value} / {@code --name=value} / {@code --flag} arguments of a root task. */
class TaskArgumentsTest {
  private static final TaskFamily TYPED = TaskFamily.of(ParameterParsingTest.Typed.class);

  private static Map<String, String> parse(String... args) {
    return TaskArguments.parse(TYPED, List.of(args));
  }

  private static String error(String... args) {
    return assertThrows(UsageException.class, () -> parse(args)).getMessage();
  }

  @Test
  void spaceAndEqualsForms_andFlags() {
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("count", "3");
    expected.put("label", "a=b");
    expected.put("verbose", "true");
    assertEquals(expected, parse("--count", "3", "--label=a=b", "--verbose"));
  }

  @Test
  void flagFollowedByAnotherOption_isTrue() {
    assertEquals(Map.of("verbose", "true", "count", "2"), parse("--verbose", "--count", "2"));
  }

  @Test
  void flagWithAnExplicitValue_takesIt() {
    assertEquals(Map.of("verbose", "false"), parse("--verbose", "false"));
    assertEquals(Map.of("verbose", "false"), parse("--verbose=false"));
  }

  @Test
  void negativeNumbers_areValues() {
    assertEquals(Map.of("count", "-5", "rate", "-0.5"), parse("--count", "-5", "--rate", "-0.5"));
  }

  @Test
  void emptyValueWithEquals_isAValue() {
    assertEquals(Map.of("sizes", ""), parse("--sizes="));
  }

  @Test
  void dashedName_isStoredUnderTheParameterName() {
    assertEquals(Map.of("dry_run", "true"), parse("--dry-run"));
  }

  @Test
  void lastOccurrence_wins() {
    assertEquals(Map.of("count", "2"), parse("--count", "1", "--count", "2"));
  }

  @Test
  void missingValue_namesTheParameterAndItsType() {
    assertEquals("Typed --count: missing value (int)", error("--count"));
    assertEquals("Typed --count: missing value (int)", error("--count", "--verbose"));
  }

  @Test
  void positionalArgument_isRejected() {
    assertEquals("unexpected argument 'stray' for Typed; task parameters are written --name value or --Family-name value",
        error("stray"));
    assertEquals("unexpected argument '--' for Typed; task parameters are written --name value or --Family-name value",
        error("--"));
  }

  @Test
  void unknownName_suggestsTheClosest_alsoInEqualsForm() {
    assertEquals("Typed: unknown parameter --cont; did you mean --count? (parameters: big, count,"
        + " dir, dry_run, every, label, rate, sizes, speed, verbose, waits)", error("--cont=3"));
    assertEquals(error("--cont=3"), error("--cont", "3"));
  }

  @Test
  void parsedValues_instantiateTheTask() {
    ParameterParsingTest.Typed t = (ParameterParsingTest.Typed) TYPED.instantiate(
        parse("--count", "7", "--speed", "slow", "--sizes", "4,5"));
    assertEquals(7, t.count);
    assertEquals(ParameterParsingTest.Speed.SLOW, t.speed);
    assertEquals(List.of(4, 5), t.sizes);
  }
}

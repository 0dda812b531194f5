package dev.pipeline.engine.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ValueParsersTest {

  private static String reason(org.junit.jupiter.api.function.Executable e) {
    return assertThrows(IllegalArgumentException.class, e).getMessage();
  }

  @ParameterizedTest
  @CsvSource({
      "90s, PT1M30S",
      "5m, PT5M",
      "2h, PT2H",
      "1d, PT24H",
      "1h30m, PT1H30M",
      "'1d 2h 3m 4s', PT26H3M4S",
      "5M, PT5M",
      "PT5M, PT5M",
      "pt90s, PT1M30S",
      "P1DT2H, PT26H",
      "0s, PT0S"})
  void durations(String text, String iso) {
    assertEquals(Duration.parse(iso), ValueParsers.parseDuration(text));
  }

  @Test
  void badDurationsSayWhy() {
    assertEquals("unknown unit 'x' (use d, h, m, s or ms, or ISO-8601 like PT5M)",
        reason(() -> ValueParsers.parseDuration("5x")));
    assertEquals(Duration.ofMillis(1500), ValueParsers.parseDuration("1s500ms"));
    assertEquals("1s500ms", ValueParsers.formatDuration(Duration.ofMillis(1500)));
    assertEquals("1h30m", ValueParsers.formatDuration(Duration.ofMinutes(90)));
    assertEquals("units must go from largest to smallest (d, h, m, s, ms), each at most once",
        reason(() -> ValueParsers.parseDuration("500ms1s")));
    assertEquals("missing unit after '90', write e.g. 90s, 5m, 2h, 1d, 1h30m or PT5M",
        reason(() -> ValueParsers.parseDuration("90")));
    assertEquals("missing unit after '30', write e.g. 90s, 5m, 2h, 1d, 1h30m or PT5M",
        reason(() -> ValueParsers.parseDuration("1h30")));
    assertEquals("units must go from largest to smallest (d, h, m, s, ms), each at most once",
        reason(() -> ValueParsers.parseDuration("30m1h")));
    assertEquals("units must go from largest to smallest (d, h, m, s, ms), each at most once",
        reason(() -> ValueParsers.parseDuration("1h1h")));
    assertEquals("cannot read '1.5h', write e.g. 90s, 5m, 2h, 1d, 1h30m or PT5M",
        reason(() -> ValueParsers.parseDuration("1.5h")));
    assertEquals("malformed ISO-8601 duration, write e.g. PT5M or P1DT2H",
        reason(() -> ValueParsers.parseDuration("PT5X")));
    assertEquals("a duration cannot be negative", reason(() -> ValueParsers.parseDuration("PT-5M")));
    assertEquals("empty duration, write e.g. 90s, 5m, 2h, 1d, 1h30m or PT5M",
        reason(() -> ValueParsers.parseDuration(" ")));
    assertEquals("duration too large",
        reason(() -> ValueParsers.parseDuration("99999999999999999999d")));
  }

  @ParameterizedTest
  @CsvSource({"true,true", "YES,true", "1,true", "On,true", "False,false", "no,false", "0,false",
      "OFF,false"})
  void booleans(String text, boolean expected) {
    assertEquals(expected, ValueParsers.parseBoolean(text));
  }

  @Test
  void badBoolean() {
    assertEquals("write true, false, yes, no, on, off, 1 or 0", reason(() -> ValueParsers.parseBoolean("maybe")));
  }

  @Test
  void numbers() {
    assertEquals(500000, ValueParsers.parseInt("500_000"));
    assertEquals(-3, ValueParsers.parseInt(" -3 "));
    assertEquals(5_000_000_000L, ValueParsers.parseLong("5000000000"));
    assertEquals(3e-4, ValueParsers.parseDouble("3e-4"));
    assertEquals(0.5, ValueParsers.parseDouble(".5"));
    assertEquals(2.0, ValueParsers.parseDouble("2"));
    assertEquals("write a whole number such as 42", reason(() -> ValueParsers.parseInt("1.0")));
    assertEquals("write a whole number such as 42", reason(() -> ValueParsers.parseInt("_1")));
    assertEquals("out of range for int (-2147483648 to 2147483647), use a long parameter for"
        + " larger numbers", reason(() -> ValueParsers.parseInt("5000000000")));
    assertEquals("out of range for long (-9223372036854775808 to 9223372036854775807)",
        reason(() -> ValueParsers.parseLong("99999999999999999999")));
    // Java would accept these; a cfg author would not mean them
    assertEquals("write a number such as 0.5, 3 or 1e-3", reason(() -> ValueParsers.parseDouble("1d")));
    assertEquals("write a number such as 0.5, 3 or 1e-3", reason(() -> ValueParsers.parseDouble("NaN")));
    assertEquals("out of range for double", reason(() -> ValueParsers.parseDouble("1e999")));
  }

  @Test
  void enumsListsAndPaths() {
    assertEquals("ONNX", ValueParsers.parseEnum("onnx", List.of("TENSORRT", "ONNX")));
    assertEquals("write one of TENSORRT, ONNX",
        reason(() -> ValueParsers.parseEnum("trt", List.of("TENSORRT", "ONNX"))));
    assertEquals(List.of("TENSORRT", "ONNX"), ValueParsers.enumChoices("enum:<TENSORRT|ONNX>"));
    assertEquals(List.of("A", "B"), ValueParsers.enumChoices("enum: A | B"));
    assertEquals(List.of("H1", "L1", "V1"), ValueParsers.parseList(" H1, L1,\nV1, "));
    assertEquals(List.of(), ValueParsers.parseList(""));
    assertEquals(Path.of("/data/x"), ValueParsers.parsePath(" /data/x "));
    assertEquals("write a file or directory path", reason(() -> ValueParsers.parsePath("")));
  }

  @Test
  void parseDispatchesOnTypeName() {
    assertEquals(7, ValueParsers.parse("int", "7"));
    assertEquals(7L, ValueParsers.parse("long", "7"));
    assertEquals(true, ValueParsers.parse("boolean", "yes"));
    assertEquals(Duration.ofMinutes(5), ValueParsers.parse("duration", "5m"));
    assertEquals("B", ValueParsers.parse("enum:A|B", "b"));
    assertEquals(List.of("a", "b"), ValueParsers.parse("list", "a,b"));
    assertEquals(" as is ", ValueParsers.parse("string", " as is "));
    assertEquals(Path.of("x"), ValueParsers.parse("path", "x"));
    assertEquals("unknown parameter type 'float'; use one of string, int, long, double, boolean,"
        + " path, duration, list or enum:A|B|C", reason(() -> ValueParsers.parse("float", "1")));
    assertThrows(IllegalArgumentException.class, () -> ValueParsers.checkType("enum:"));
  }

  @Test
  void suggestions() {
    assertEquals("Train", Suggestions.closest("Trian", List.of("Export", "Train")).orElseThrow());
    assertEquals("learning_rate",
        Suggestions.closest("lerning-rat", List.of("learning_rate", "epochs")).orElseThrow());
    assertFalse(Suggestions.closest("lr", List.of("q", "epochs")).isPresent());
    assertTrue(Suggestions.closest("x", List.of()).isEmpty());
    assertEquals(1, Suggestions.distance("ab", "ba"));
    assertEquals(3, Suggestions.distance("kitten", "sitting"));
  }
}

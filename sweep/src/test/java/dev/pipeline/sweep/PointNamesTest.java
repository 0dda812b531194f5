package dev.pipeline.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PointNamesTest {
  @TempDir Path dir;

  @Test
  void keysAreCamelCasedWithTwoLetterShrinking() {
    assertEquals("LeRate", PointNames.key("learning_rate"));
    assertEquals("EaStop", PointNames.key("early_stop"));
    assertEquals("Curl", PointNames.key("curl"));
    assertEquals("Lr", PointNames.key("lr"));
    assertEquals("FfEmbed", PointNames.key("ffn-embed"));
    assertEquals("EnFfEmbed_Dim", PointNames.key("encoder-ffn-embed_dim"));
    assertEquals("lrDecay", PointNames.key("lr_decay"));
    assertEquals("PaRemap", PointNames.key("pack_remap"));
    assertEquals("L2Norm", PointNames.key("l2norm"));
  }

  @Test
  void valuesFollowTheRunner() throws Exception {
    Files.createDirectories(dir.resolve("scratch/rt"));
    assertEquals("rt", PointNames.value("scratch/rt", dir, true));
    assertEquals("scratch_rt", PointNames.value("scratch/rt", dir, false));
    assertEquals("foo_bar", PointNames.value("./foo/bar", dir, true));
    assertEquals("scratch_x", PointNames.value("/scratch/x", dir, true));
    assertEquals("T", PointNames.value(true, dir, true));
    assertEquals("F", PointNames.value(false, dir, true));
    assertEquals("0.1", PointNames.value(0.1, dir, true));
    assertEquals("0.0001", PointNames.value(1e-4, dir, true));
    assertEquals("1e-05", PointNames.value(1e-5, dir, true));
    assertEquals("1e+06", PointNames.value(1_000_000, dir, true));
    assertEquals("123457", PointNames.value(123456.7, dir, true));
    assertEquals("3", PointNames.value(3, dir, true));
    assertEquals("'a b'", PointNames.value("a b", dir, true));
    assertEquals("None", PointNames.value(null, dir, true));
    assertEquals("x".repeat(100), PointNames.value("y" + "x".repeat(100), dir, true));
  }

  @Test
  void namesJoinGridParametersInFileOrder() {
    Map<String, Object> choice = new LinkedHashMap<>();
    choice.put("lr", 0.1);
    choice.put("early_stop", false);
    choice.put("data_dir", "/scratch/rt");
    assertEquals("Lr_0.1-EaStop_F-DaDir_scratch_rt", PointNames.name(choice, dir, true));
  }

  @Test
  void longNamesAreCutWithAHashAndStayValidFileNames() {
    Map<String, Object> choice = new LinkedHashMap<>();
    for (int i = 0; i < 5; i++) {
      choice.put("param" + i, "v".repeat(90) + i);
    }
    String name = PointNames.name(choice, dir, true);
    assertTrue(name.getBytes(StandardCharsets.UTF_8).length <= PointNames.MAX_NAME_BYTES, name);
    assertTrue(name.matches(".*-[0-9a-f]{8}"), name);
  }

  @Test
  void pythonRenderings() {
    assertEquals("1.0", PyFormat.str(1.0));
    assertEquals("1e-05", PyFormat.str(1e-5));
    assertEquals("0.0001", PyFormat.str(1e-4));
    assertEquals("1e+16", PyFormat.str(1e16));
    assertEquals("1234567890123456.0", PyFormat.str(1234567890123456.0).replace("E", "e"));
    assertEquals("True", PyFormat.str(true));
    // Double.toString is not shortest before JDK 19 (JDK-4511638): 1e23 printed 9.999999999999999e+22.
    assertEquals("1e+23", PyFormat.str(1e23));
    assertEquals("5e-324", PyFormat.str(Double.MIN_VALUE));
    assertEquals("1.5e-323", PyFormat.str(3 * Double.MIN_VALUE));
    assertEquals("None", PyFormat.str(null));
    assertEquals("[1, 'a', 0.5]", PyFormat.str(List.of(1, "a", 0.5)));
    assertEquals("\"it's\"", PyFormat.repr("it's"));
    assertEquals("0.1", PyFormat.g(0.1));
    assertEquals("100", PyFormat.g(100));
    assertEquals("1.5e-07", PyFormat.g(1.5e-7));
  }
}

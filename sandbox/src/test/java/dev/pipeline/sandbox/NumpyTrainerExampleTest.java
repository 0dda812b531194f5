package dev.pipeline.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/sandbox/train_numpy.py honours Train's command-task contract: from GenerateTrainData's
 * files it writes a model.bin that the Java side reads and that gives the trainer's own logits, a
 * batch.npy and metrics.json, and the model exports to an ONNX file that passes Export's check.
 */
class NumpyTrainerExampleTest {
  @TempDir Path dir;

  @Test
  void theNumpyTrainerWritesWhatExportNeeds() throws Exception {
    Assumptions.assumeTrue(H5pyCheck.available(), "needs /usr/bin/python3 with numpy (apt-get install python3-numpy)");
    Path script = Path.of("../examples/sandbox/train_numpy.py").toAbsolutePath().normalize();
    Path data = Files.createDirectories(dir.resolve("data"));
    new TrainingDataGenerator().write(data, new TrainingDataGenerator.Settings(
        List.of(Detector.parse("H1"), Detector.parse("L1")), 256, 96, 120, 20, 3), m -> { });
    Process p = new ProcessBuilder(H5pyCheck.PYTHON.toString(), script.toString(), "--data", data.toString(),
        "--model", dir.resolve("model.bin").toString(), "--metrics", dir.resolve("metrics.json").toString(),
        "--batch", dir.resolve("batch.npy").toString(), "--epochs", "2", "--windows-per-epoch", "1024",
        "--validation-windows", "256", "--filters", "8").redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(300, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), log);

    JsonNode metrics = Json.read(dir.resolve("metrics.json"));
    assertTrue(metrics.get("validation_auroc").asDouble() > 0.6, "it learns something: " + log);
    Cnn model;
    try (InputStream in = Files.newInputStream(dir.resolve("model.bin"))) {
      model = Cnn.read(in);
    }
    float[] batch;
    try (NpyReader r = new NpyReader(dir.resolve("batch.npy"))) {
      assertEquals(List.of(64L, 2L, 256L), java.util.Arrays.stream(r.shape()).boxed().toList());
      double[] all = r.doubles(0, 64 * 2 * 256);
      batch = new float[all.length];
      for (int i = 0; i < all.length; i++) {
        batch[i] = (float) all[i];
      }
    }
    Cnn.Work w = model.work();
    for (int i = 0; i < 64; i++) {
      double numpy = metrics.get("batch_logits").get(i).asDouble();
      assertEquals(numpy, model.predict(batch, i * 512, w), 1e-3 * Math.max(1, Math.abs(numpy)), "window " + i);
    }
    Path onnx = OnnxExporter.writeRepository(model, dir.resolve("repo"), 64);
    assertTrue(RoundTrip.check(model, onnx, batch, 64).passed());
  }
}

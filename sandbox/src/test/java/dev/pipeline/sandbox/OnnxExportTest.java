package dev.pipeline.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxExportTest {
  @TempDir Path dir;

  private static float[] windows(int n, int size, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[n * size];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextGaussian();
    }
    return x;
  }

  @Test
  void exportedModelReproducesTheJavaModel() throws Exception {
    Cnn model = new Cnn(2, 256, 8, 16, 2, 16, 8, 2).initialise(21);
    Path onnx = OnnxExporter.writeRepository(model, dir.resolve("model_repo"), 128);
    assertEquals(dir.resolve("model_repo/aframe/1/model.onnx"), onnx);
    String config = Files.readString(dir.resolve("model_repo/aframe/config.pbtxt"));
    assertTrue(config.contains("platform: \"onnxruntime_onnx\"") && config.contains("max_batch_size: 128")
        && config.contains("dims: [ 2, 256 ]"), config);

    float[] x = windows(100, 512, 22);
    RoundTrip.Report report = RoundTrip.check(model, onnx, x, 100);
    assertTrue(report.passed(), "scaled difference " + report.maxScaledDiff());
    assertTrue(report.maxAbsDiff() < 1e-5, "absolute difference " + report.maxAbsDiff());

    // Batch of one and a different batch size give the same numbers (symbolic batch axis).
    try (OnnxClassifier c = new OnnxClassifier(onnx, 2, 256, 1)) {
      float[] all = c.predict(x, 100);
      float[] first = c.predict(x, 1);
      assertEquals(all[0], first[0], 1e-6);
    }
  }

  @Test
  void theAntiAliasingFrontEndIsInTheOnnxGraphAndInModelBin() throws Exception {
    Cnn model = new Cnn(2, 2048, AntiAlias.factor(2048), 8, 16, 2, 16, 8, 2).initialise(23);
    assertEquals(8, model.decimation);
    assertEquals((2048 - model.antiAlias.length) / 8 + 1, model.length);
    Path onnx = OnnxExporter.writeRepository(model, dir.resolve("repo2048"), 64);
    assertTrue(Files.readString(dir.resolve("repo2048/aframe/config.pbtxt")).contains("dims: [ 2, 2048 ]"));
    float[] x = windows(20, 2 * 2048, 24);
    RoundTrip.Report report = RoundTrip.check(model, onnx, x, 20);
    assertTrue(report.passed() && report.maxAbsDiff() < 1e-4, "ONNX vs Java: " + report.maxAbsDiff());

    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    model.write(bytes);
    Cnn back = Cnn.read(new java.io.ByteArrayInputStream(bytes.toByteArray()));
    assertEquals(8, back.decimation);
    assertEquals(model.predict(x, 0, model.work()), back.predict(x, 0, back.work()), 0);
  }

  @Test
  void askingForAGpuWithoutCudaFallsBackToCpu() throws Exception {
    Cnn model = new Cnn(2, 128, 4, 16, 2, 8, 8, 2).initialise(5);
    Path onnx = OnnxExporter.writeRepository(model, dir.resolve("repo"), 16);
    float[] x = windows(4, 256, 3);
    try (OnnxClassifier cpu = new OnnxClassifier(onnx, 2, 128, 1);
        OnnxClassifier gpu = new OnnxClassifier(onnx, 2, 128, 1, "0")) {
      assertTrue(gpu.device().startsWith("cuda:") || gpu.device().startsWith("cpu ("), gpu.device());
      float[] a = cpu.predict(x, 4);
      float[] b = gpu.predict(x, 4);
      for (int i = 0; i < 4; i++) {
        assertEquals(a[i], b[i], 1e-5);
      }
    }
  }

  @Test
  void theProviderIsCudaOnTheAllocatedGpuOnlyWhereTheRuntimeHasIt() {
    var cpuOnly = java.util.EnumSet.of(ai.onnxruntime.OrtProvider.CPU);
    var withCuda = java.util.EnumSet.of(ai.onnxruntime.OrtProvider.CPU, ai.onnxruntime.OrtProvider.CUDA);
    assertEquals(new OnnxClassifier.Provider(-1, "cpu"), OnnxClassifier.Provider.select(null, withCuda));
    assertEquals(new OnnxClassifier.Provider(3, "cuda:3"), OnnxClassifier.Provider.select(" 3", withCuda));
    OnnxClassifier.Provider none = OnnxClassifier.Provider.select("0", cpuOnly);
    assertEquals(-1, none.cudaDevice());
    assertTrue(none.device().contains("GPU 0 allocated") && none.device().contains("mvn -Pgpu"), none.device());
    assertTrue(OnnxClassifier.Provider.select("MIG-abc", withCuda).device().contains("not a CUDA device number"));
  }

  @Test
  void thisBuildSaysClearlyWhyItRunsOnCpu() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeFalse(
        ai.onnxruntime.OrtEnvironment.getAvailableProviders().contains(ai.onnxruntime.OrtProvider.CUDA),
        "this build has the CUDA provider (-Pgpu)");
    Cnn model = new Cnn(2, 128, 4, 16, 2, 8, 8, 2).initialise(5);
    Path onnx = OnnxExporter.writeRepository(model, dir.resolve("repo"), 16);
    try (OnnxClassifier gpu = new OnnxClassifier(onnx, 2, 128, 1, "0")) {
      assertTrue(gpu.device().startsWith("cpu (GPU 0 allocated, but this build's ONNX Runtime has no CUDA provider"),
          gpu.device());
    }
  }

  @Test
  void aModelThatDiffersFailsTheCheck() throws Exception {
    Cnn model = new Cnn(2, 128, 4, 16, 2, 8, 8, 2).initialise(5);
    Path onnx = OnnxExporter.writeRepository(model, dir.resolve("repo"), 16);
    model.b3[0] += 0.01f; // the Java model no longer matches the file
    assertFalse(RoundTrip.check(model, onnx, windows(8, 256, 1), 8).passed());
  }

  @Test
  void modelFileRoundTrips() throws Exception {
    Cnn model = new Cnn(2, 128, 4, 16, 2, 8, 8, 2).initialise(5);
    Path f = dir.resolve("model.bin");
    try (var out = Files.newOutputStream(f)) {
      model.write(out);
    }
    Cnn back;
    try (var in = Files.newInputStream(f)) {
      back = Cnn.read(in);
    }
    float[] x = windows(1, 256, 2);
    assertEquals(model.forward(x, 0, model.work()), back.forward(x, 0, back.work()), 0);
  }
}

package dev.pipeline.sandbox;

import java.nio.file.Path;

/**
 * Loads an exported ONNX file back with ONNX Runtime and compares its outputs with the Java model
 * on the same windows. The logits are sums of a few hundred float32 products, so they are compared
 * with a tolerance of 1e-5 absolute below |logit| = 1 and 1e-5 relative above it; the largest
 * absolute difference is reported too.
 */
final class RoundTrip {
  static final double TOLERANCE = 1e-5;

  record Report(int windows, double maxAbsDiff, double maxScaledDiff, boolean passed) {}

  private RoundTrip() {}

  static Report check(Cnn model, Path onnx, float[] windows, int n) throws Exception {
    float[] ort;
    try (OnnxClassifier c = new OnnxClassifier(onnx, model.channels, model.inputLength, 1)) {
      ort = c.predict(windows, n);
    }
    Cnn.Work w = model.work();
    double maxAbs = 0;
    double maxScaled = 0;
    for (int i = 0; i < n; i++) {
      double java = model.predict(windows, i * model.channels * model.inputLength, w);
      double d = Math.abs(java - ort[i]);
      maxAbs = Math.max(maxAbs, d);
      maxScaled = Math.max(maxScaled, d / Math.max(1, Math.abs(java)));
    }
    return new Report(n, maxAbs, maxScaled, maxScaled <= TOLERANCE);
  }
}

package dev.pipeline.tasks.sandbox;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;

/**
 * The exported model run by ONNX Runtime (CPU provider). One session is shared by all inference
 * threads ({@code OrtSession.run} is thread-safe); each call uses {@code intraOpThreads} threads, so
 * Infer sets 1 and parallelises over streams instead.
 */
final class OnnxClassifier implements AutoCloseable {
  private final OrtEnvironment env;
  private final OrtSession session;
  private final int channels;
  private final int length;

  OnnxClassifier(Path model, int channels, int length, int intraOpThreads) throws OrtException {
    this.env = OrtEnvironment.getEnvironment();
    this.channels = channels;
    this.length = length;
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(Math.max(1, intraOpThreads));
      this.session = env.createSession(model.toString(), options);
    }
  }

  /** Logits for n windows stored back to back in x ([n, C, K] row-major). */
  float[] predict(float[] x, int n) throws OrtException {
    long[] shape = {n, channels, length};
    try (OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(x, 0, n * channels * length), shape);
        OrtSession.Result r = session.run(Map.of(OnnxExporter.INPUT, in))) {
      FloatBuffer out = ((OnnxTensor) r.get(0)).getFloatBuffer();
      float[] logits = new float[n];
      out.get(logits);
      return logits;
    }
  }

  @Override
  public void close() throws OrtException {
    session.close();
  }
}

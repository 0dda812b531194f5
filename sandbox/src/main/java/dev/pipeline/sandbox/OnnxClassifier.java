package dev.pipeline.sandbox;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;

/**
 * The exported model run by ONNX Runtime. One session is shared by all inference threads
 * ({@code OrtSession.run} is thread-safe); each call uses {@code intraOpThreads} threads, so Infer
 * sets 1 and parallelises over streams instead.
 *
 * <p>Given a GPU id, it asks for the CUDA provider first. The default build bundles the CPU-only
 * runtime (the GPU one is the {@code -Pgpu} profile and needs CUDA 12 libraries), where that
 * request fails; the session then runs on CPU and {@link #device()} says why.
 */
final class OnnxClassifier implements AutoCloseable {
  private final OrtEnvironment env;
  private final OrtSession session;
  private final int channels;
  private final int length;
  private final String device;

  OnnxClassifier(Path model, int channels, int length, int intraOpThreads) throws OrtException {
    this(model, channels, length, intraOpThreads, null);
  }

  OnnxClassifier(Path model, int channels, int length, int intraOpThreads, String gpu) throws OrtException {
    this.env = OrtEnvironment.getEnvironment();
    this.channels = channels;
    this.length = length;
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(Math.max(1, intraOpThreads));
      String used = "cpu";
      if (gpu != null) {
        try {
          options.addCUDA(Integer.parseInt(gpu.trim()));
          used = "cuda:" + gpu.trim();
        } catch (OrtException | RuntimeException | LinkageError e) {
          used = "cpu (CUDA provider for GPU " + gpu + " unavailable: " + e.getMessage() + ")";
        }
      }
      this.device = used;
      this.session = env.createSession(model.toString(), options);
    }
  }

  /** Where the session runs, for logs and metadata. */
  String device() {
    return device;
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

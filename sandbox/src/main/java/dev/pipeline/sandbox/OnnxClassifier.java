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
      Provider choice = Provider.select(gpu, OrtEnvironment.getAvailableProviders());
      String used = choice.device();
      if (choice.cudaDevice() >= 0) {
        try {
          options.addCUDA(choice.cudaDevice());
        } catch (OrtException | RuntimeException | LinkageError e) {
          used = "cpu (CUDA provider for GPU " + gpu + " failed to start: " + e.getMessage()
              + "; are the CUDA 12 libraries on LD_LIBRARY_PATH?)";
        }
      }
      this.device = used;
      this.session = env.createSession(model.toString(), options);
    }
  }

  /**
   * Which execution provider a session gets: CUDA on the allocated GPU when the runtime has the CUDA
   * provider, otherwise CPU with the reason in {@code device}.
   *
   * @param cudaDevice the CUDA device id, or -1 for CPU
   */
  record Provider(int cudaDevice, String device) {
    static final String NO_CUDA_BUILD = "this build's ONNX Runtime has no CUDA provider; build with"
        + " 'mvn -Pgpu -DskipTests package' (onnxruntime_gpu, needs CUDA 12) to infer on the GPU";

    static Provider select(String gpu, java.util.EnumSet<ai.onnxruntime.OrtProvider> available) {
      if (gpu == null || gpu.isBlank()) {
        return new Provider(-1, "cpu");
      }
      int id;
      try {
        id = Integer.parseInt(gpu.trim());
      } catch (NumberFormatException e) {
        return new Provider(-1, "cpu (GPU id '" + gpu + "' is not a CUDA device number)");
      }
      if (!available.contains(ai.onnxruntime.OrtProvider.CUDA)) {
        return new Provider(-1, "cpu (GPU " + id + " allocated, but " + NO_CUDA_BUILD + ")");
      }
      return new Provider(id, "cuda:" + id);
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

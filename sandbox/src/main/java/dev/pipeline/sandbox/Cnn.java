package dev.pipeline.sandbox;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.SplittableRandom;

/**
 * The classifier: a small 1-D CNN over whitened windows, laid out exactly as ONNX wants it (NCL
 * input, Conv weights [F, C, K], dense weights [out, in]) so that export writes the arrays as they
 * are.
 *
 * <pre>
 * whitened [C, K] -> anti-alias low-pass, stride D ({@link AntiAlias}; none when D = 1)
 *                 -> Conv(F1, k1, stride s1) -> ReLU -> Conv(F2, k2, stride s2) -> ReLU
 *                 -> global max over time -> dense(F2 -> 1) -> logit
 * </pre>
 *
 * The global max makes the output independent of where in the window the merger sits; the logit
 * (not a probability) is the detection statistic, so loud events do not saturate at 1.0 and
 * background ranking keeps its resolution. Weights are float32 (what ONNX runs); forward sums are
 * double. The kernels and strides are in samples at {@link AntiAlias#MODEL_RATE}, so they mean the
 * same seconds at every input sample rate.
 */
final class Cnn {
  final int channels;
  /** Samples per channel of an input window (at the data's sample rate). */
  final int inputLength;
  /** Anti-aliasing decimation factor D from the input rate to {@link AntiAlias#MODEL_RATE}. */
  final int decimation;
  final float[] antiAlias;
  /** Samples per channel after decimation: what the convolutions see. */
  final int length;
  final int f1;
  final int k1;
  final int s1;
  final int f2;
  final int k2;
  final int s2;
  final int l1;
  final int l2;
  final float[] w1;
  final float[] b1;
  final float[] w2;
  final float[] b2;
  final float[] w3;
  final float[] b3;

  Cnn(int channels, int length, int f1, int k1, int s1, int f2, int k2, int s2) {
    this(channels, length, 1, f1, k1, s1, f2, k2, s2);
  }

  Cnn(int channels, int inputLength, int decimation, int f1, int k1, int s1, int f2, int k2, int s2) {
    this.channels = channels;
    this.inputLength = inputLength;
    this.decimation = decimation;
    this.antiAlias = AntiAlias.taps(decimation);
    this.length = AntiAlias.outputLength(inputLength, decimation, antiAlias.length);
    this.f1 = f1;
    this.k1 = k1;
    this.s1 = s1;
    this.f2 = f2;
    this.k2 = k2;
    this.s2 = s2;
    this.l1 = (length - k1) / s1 + 1;
    this.l2 = (l1 - k2) / s2 + 1;
    if (l1 < 1 || l2 < 1) {
      throw new IllegalArgumentException("kernel_length too short for the convolution sizes");
    }
    w1 = new float[f1 * channels * k1];
    b1 = new float[f1];
    w2 = new float[f2 * f1 * k2];
    b2 = new float[f2];
    w3 = new float[f2];
    b3 = new float[1];
  }

  /** He-normal initialisation from a seed. */
  Cnn initialise(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    fill(w1, r, Math.sqrt(2.0 / (channels * k1)));
    fill(w2, r, Math.sqrt(2.0 / (f1 * k2)));
    fill(w3, r, Math.sqrt(1.0 / f2));
    return this;
  }

  private static void fill(float[] w, SplittableRandom r, double scale) {
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) (r.nextGaussian() * scale);
    }
  }

  /** Parameter arrays in a fixed order (optimiser and serialisation). */
  float[][] parameters() {
    return new float[][] {w1, b1, w2, b2, w3, b3};
  }

  /** Scratch space for one thread's forward/backward pass. */
  final class Work {
    final double[] z1 = new double[f1 * l1];
    final double[] z2 = new double[f2 * l2];
    final int[] argmax = new int[f2];
    final double[] pooled = new double[f2];
    final double[] da1 = new double[f1 * l1];
    final float[] decimated = new float[decimation == 1 ? 0 : channels * length];
  }

  Work work() {
    return new Work();
  }

  /**
   * Logit for the input window x[off .. off + C*inputLength) at the data's sample rate: the
   * anti-aliasing front end, then {@link #forward}. Leaves the decimated window and the activations
   * in w for {@link #learn}.
   */
  double predict(float[] x, int off, Work w) {
    if (decimation == 1) {
      return forward(x, off, w);
    }
    AntiAlias.apply(x, off, channels, inputLength, decimation, antiAlias, w.decimated, length);
    return forward(w.decimated, 0, w);
  }

  /** {@link #backward} for the window {@link #predict} has just seen with the same work. */
  void learn(float[] x, int off, Work w, double dLogit, double[][] g) {
    if (decimation == 1) {
      backward(x, off, w, dLogit, g);
    } else {
      backward(w.decimated, 0, w, dLogit, g);
    }
  }

  /** Logit for the decimated window x[off .. off + C*length) (channel-major). Leaves activations in w. */
  double forward(float[] x, int off, Work w) {
    for (int f = 0; f < f1; f++) {
      for (int t = 0; t < l1; t++) {
        double s = b1[f];
        for (int c = 0; c < channels; c++) {
          int wi = (f * channels + c) * k1;
          int xi = off + c * length + t * s1;
          for (int j = 0; j < k1; j++) {
            s += w1[wi + j] * x[xi + j];
          }
        }
        w.z1[f * l1 + t] = s > 0 ? s : 0; // stored after ReLU; the ReLU mask is z1 > 0
      }
    }
    double logit = b3[0];
    for (int f = 0; f < f2; f++) {
      double best = Double.NEGATIVE_INFINITY;
      int bestT = 0;
      for (int t = 0; t < l2; t++) {
        double s = b2[f];
        for (int c = 0; c < f1; c++) {
          int wi = (f * f1 + c) * k2;
          int ai = c * l1 + t * s2;
          for (int j = 0; j < k2; j++) {
            s += w2[wi + j] * w.z1[ai + j];
          }
        }
        double a = s > 0 ? s : 0;
        w.z2[f * l2 + t] = a;
        if (a > best) {
          best = a;
          bestT = t;
        }
      }
      w.argmax[f] = bestT;
      w.pooled[f] = best;
      logit += w3[f] * best;
    }
    return logit;
  }

  /**
   * Adds the gradient of the loss to {@code g} (same layout as {@link #parameters()}) given dL/dlogit,
   * after {@link #forward} on the same window and work. Max-pooling makes this sparse: only the
   * winning time step of each second-layer filter, and the first-layer outputs it sees, get a
   * gradient.
   */
  void backward(float[] x, int off, Work w, double dLogit, double[][] g) {
    g[5][0] += dLogit;
    java.util.Arrays.fill(w.da1, 0);
    for (int f = 0; f < f2; f++) {
      g[4][f] += dLogit * w.pooled[f];
      if (w.pooled[f] <= 0) {
        continue; // ReLU closed: no gradient below
      }
      double dz = dLogit * w3[f];
      int t = w.argmax[f];
      g[3][f] += dz;
      for (int c = 0; c < f1; c++) {
        int wi = (f * f1 + c) * k2;
        int ai = c * l1 + t * s2;
        for (int j = 0; j < k2; j++) {
          g[2][wi + j] += dz * w.z1[ai + j];
          w.da1[ai + j] += dz * w2[wi + j];
        }
      }
    }
    for (int f = 0; f < f1; f++) {
      for (int t = 0; t < l1; t++) {
        double d = w.da1[f * l1 + t];
        if (d == 0 || w.z1[f * l1 + t] <= 0) {
          continue;
        }
        g[1][f] += d;
        for (int c = 0; c < channels; c++) {
          int wi = (f * channels + c) * k1;
          int xi = off + c * length + t * s1;
          for (int j = 0; j < k1; j++) {
            g[0][wi + j] += d * x[xi + j];
          }
        }
      }
    }
  }

  /**
   * model.bin: magic "SBXCNN02", nine big-endian ints (channels, input length, decimation, f1, k1,
   * s1, f2, k2, s2), then every parameter array as big-endian float32 in {@link #parameters()}
   * order. The anti-aliasing taps follow from the decimation. "SBXCNN01" files (eight ints, no
   * decimation) still load.
   */
  void write(OutputStream out) throws IOException {
    DataOutputStream d = new DataOutputStream(out);
    d.writeBytes("SBXCNN02");
    for (int v : new int[] {channels, inputLength, decimation, f1, k1, s1, f2, k2, s2}) {
      d.writeInt(v);
    }
    for (float[] p : parameters()) {
      for (float v : p) {
        d.writeFloat(v);
      }
    }
    d.flush();
  }

  static Cnn read(InputStream in) throws IOException {
    DataInputStream d = new DataInputStream(in);
    byte[] magic = new byte[8];
    d.readFully(magic);
    String version = new String(magic, java.nio.charset.StandardCharsets.US_ASCII);
    if (!version.equals("SBXCNN01") && !version.equals("SBXCNN02")) {
      throw new IOException("not a sandbox model file (bad magic)");
    }
    int[] a = new int[9];
    a[2] = 1;
    for (int i = 0; i < 9; i++) {
      if (i != 2 || version.equals("SBXCNN02")) {
        a[i] = d.readInt();
      }
    }
    Cnn m = new Cnn(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8]);
    for (float[] p : m.parameters()) {
      for (int i = 0; i < p.length; i++) {
        p[i] = d.readFloat();
      }
    }
    return m;
  }
}

package dev.pipeline.sandbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TrainingTest {
  private static final double FS = 256;
  private static TrainingSet data;

  /** 192 s of H1/L1 noise and 250 waveforms, whitened: a small version of GenerateTrainData. */
  @BeforeAll
  static void data() {
    List<Detector> ifos = List.of(Detector.H1, Detector.L1);
    double[][] bg = new double[2][];
    for (int i = 0; i < 2; i++) {
      bg[i] = new ColoredNoise(Psd::aligo, FS, 100 + i).next((int) (192 * FS));
    }
    SplittableRandom r = new SplittableRandom(8);
    double[][][] w = new double[250][][];
    for (int s = 0; s < w.length; s++) {
      w[s] = Waveform.project(Source.draw(r, 1000), ifos, FS, 1024, 896);
    }
    data = TrainingSet.whiten(bg, w, 896, FS, 1.0, 20, m -> { });
  }

  static ClassifierTrainer.Settings settings(int epochs, int windows, int threads) {
    return new ClassifierTrainer.Settings(FS, 256, 8, 16, 2, 16, 8, 2, 3e-3, epochs, 64, windows, 512,
        6, 20, 0.2, 1, threads);
  }

  private static ClassifierTrainer.Result trained;

  private static synchronized ClassifierTrainer.Result trained() throws InterruptedException {
    if (trained == null) {
      trained = new ClassifierTrainer().train(data, settings(5, 3072, 2), m -> { });
    }
    return trained;
  }

  @Test
  void reachesAurocAboveNinetyPercent() throws Exception {
    ClassifierTrainer.Result r = trained();
    double auroc = r.last().validationAuroc();
    assertTrue(auroc >= 0.9, "validation AUROC " + auroc);
    assertTrue(r.last().validationLoss() < r.history().get(0).validationLoss(), "validation loss falls");
  }

  /**
   * The trained network on fresh test noise: injections at network SNR 25 must all score above
   * the loudest background event of 20 minutes of time slides.
   */
  @Test
  void trainedModelRecoversLoudInjectionsAboveTheBackground() throws Exception {
    Cnn model = trained().model();
    List<Detector> ifos = List.of(Detector.H1, Detector.L1);
    float[][] white = new float[2][];
    Whitener[] whiteners = new Whitener[2];
    for (int i = 0; i < 2; i++) {
      double[] raw = new ColoredNoise(Psd::aligo, FS, 500 + i).next((int) (200 * FS));
      whiteners[i] = Whitener.design(Psd.welch(raw, 1024, FS), FS, 1.0, 20);
      double[] w = whiteners[i].whiten(raw);
      white[i] = TrainingSet.toFloat(java.util.Arrays.copyOfRange(w, 128, w.length - 128)); // crop edges
    }
    SplittableRandom r = new SplittableRandom(77);
    List<InferenceRunner.Injection> injections = new java.util.ArrayList<>();
    for (int k = 0; k < 15; k++) {
      double[][] h = Waveform.project(Source.draw(r, 1000), ifos, FS, 1024, 896);
      double[][] w = {whiteners[0].whitenExtended(h[0]), whiteners[1].whitenExtended(h[1])};
      double scale = 25 / Whitener.snr(w);
      float[][] strain = new float[2][];
      for (int i = 0; i < 2; i++) {
        strain[i] = new float[w[i].length];
        for (int n = 0; n < w[i].length; n++) {
          strain[i][n] = (float) (w[i][n] * scale);
        }
      }
      injections.add(new InferenceRunner.Injection(k, k % 2, (long) ((4 + 12 * k) * FS), strain, 896 + 128));
    }
    InferenceRunner.Classifier cnn = (x, n) -> {
      Cnn.Work work = model.work();
      float[] out = new float[n];
      for (int i = 0; i < n; i++) {
        out[i] = (float) model.forward(x, i * 512, work);
      }
      return out;
    };
    InferenceRunner.Output out = new InferenceRunner(
        new InferenceRunner.Settings(256, 64, 4, 32, 256, FS, 1200, 128, 2), white, 128)
        .run(cnn, injections, m -> { });
    double loudest = out.background().stream().mapToDouble(InferenceRunner.Event::statistic).max().orElseThrow();
    for (InferenceRunner.Found f : out.foreground()) {
      assertTrue(f.statistic() > loudest, "injection " + f.index() + " at SNR 25: " + f.statistic()
          + " vs loudest background " + loudest);
    }
  }

  @Test
  void deterministicForASeedWhateverTheThreads() throws Exception {
    ClassifierTrainer.Result a = new ClassifierTrainer().train(data, settings(1, 256, 1), m -> { });
    ClassifierTrainer.Result b = new ClassifierTrainer().train(data, settings(1, 256, 3), m -> { });
    for (int p = 0; p < a.model().parameters().length; p++) {
      assertArrayEquals(a.model().parameters()[p], b.model().parameters()[p]);
    }
  }

  /** Central differences against the hand-written backward pass. */
  @Test
  void gradientMatchesFiniteDifferences() {
    Cnn m = new Cnn(2, 64, 4, 8, 2, 6, 4, 2).initialise(4);
    float[] x = new float[128];
    SplittableRandom r = new SplittableRandom(6);
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextGaussian();
    }
    Cnn.Work w = m.work();
    double[][] g = new double[6][];
    for (int p = 0; p < 6; p++) {
      g[p] = new double[m.parameters()[p].length];
    }
    double logit = m.forward(x, 0, w);
    m.backward(x, 0, w, Auroc.sigmoid(logit) - 1, g);
    for (int p = 0; p < 6; p++) {
      float[] param = m.parameters()[p];
      for (int i = 0; i < param.length; i += Math.max(1, param.length / 7)) {
        float keep = param[i];
        param[i] = keep + 1e-3f;
        double up = Auroc.loss(m.forward(x, 0, w), 1);
        param[i] = keep - 1e-3f;
        double down = Auroc.loss(m.forward(x, 0, w), 1);
        param[i] = keep;
        double numeric = (up - down) / 2e-3;
        assertTrue(Math.abs(numeric - g[p][i]) < 2e-3 + 1e-2 * Math.abs(numeric),
            "param " + p + "[" + i + "]: numeric " + numeric + " vs " + g[p][i]);
      }
    }
  }

  /** The same check through the anti-aliasing front end (512 Hz input, decimation 2). */
  @Test
  void gradientThroughTheAntiAliasingFrontEndMatchesFiniteDifferences() {
    Cnn m = new Cnn(2, 160, AntiAlias.factor(512), 4, 8, 2, 6, 4, 2).initialise(7);
    float[] x = new float[2 * 160];
    SplittableRandom r = new SplittableRandom(8);
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextGaussian();
    }
    Cnn.Work w = m.work();
    double[][] g = new double[6][];
    for (int p = 0; p < 6; p++) {
      g[p] = new double[m.parameters()[p].length];
    }
    double logit = m.predict(x, 0, w);
    m.learn(x, 0, w, Auroc.sigmoid(logit) - 1, g);
    for (int p = 0; p < 6; p++) {
      float[] param = m.parameters()[p];
      for (int i = 0; i < param.length; i += Math.max(1, param.length / 5)) {
        float keep = param[i];
        param[i] = keep + 1e-3f;
        double up = Auroc.loss(m.predict(x, 0, w), 1);
        param[i] = keep - 1e-3f;
        double down = Auroc.loss(m.predict(x, 0, w), 1);
        param[i] = keep;
        double numeric = (up - down) / 2e-3;
        assertTrue(Math.abs(numeric - g[p][i]) < 2e-3 + 1e-2 * Math.abs(numeric),
            "param " + p + "[" + i + "]: numeric " + numeric + " vs " + g[p][i]);
      }
    }
  }
}

package dev.pipeline.tasks.sandbox;

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
    return new ClassifierTrainer.Settings(256, 8, 16, 2, 16, 8, 2, 3e-3, epochs, 64, windows, 512,
        6, 20, 0.2, 1, threads);
  }

  @Test
  void reachesAurocAboveNinetyPercent() throws Exception {
    ClassifierTrainer.Result r = new ClassifierTrainer().train(data, settings(5, 3072, 2), m -> { });
    double auroc = r.last().validationAuroc();
    assertTrue(auroc >= 0.9, "validation AUROC " + auroc);
    assertTrue(r.last().validationLoss() < r.history().get(0).validationLoss(), "validation loss falls");
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
}

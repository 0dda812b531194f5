package dev.pipeline.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Trains {@link Cnn} with binary cross-entropy and Adam on CPU threads.
 *
 * <p>Deterministic for a given seed whatever the thread count: each minibatch is drawn on one
 * thread from one seeded generator, split into fixed chunks of {@link #CHUNK} windows whose
 * gradients are computed in parallel into separate buffers and summed in chunk order.
 */
final class ClassifierTrainer {
  static final int CHUNK = 8;

  /** Everything that shapes the result; threads only changes the speed. */
  record Settings(
      double sampleRate,
      int kernelSamples,
      int filters1,
      int kernel1,
      int stride1,
      int filters2,
      int kernel2,
      int stride2,
      double learningRate,
      int epochs,
      int batchSize,
      int windowsPerEpoch,
      int validationWindows,
      double snrMin,
      double snrMax,
      double validationFraction,
      long seed,
      int threads) {}

  record Epoch(int epoch, double trainLoss, double validationLoss, double validationAuroc, double seconds) {}

  /** The model, its history, and the validation windows with their labels and logits. */
  record Result(Cnn model, List<Epoch> history, float[] validationInputs, int[] validationLabels, double[] validationLogits) {
    Epoch last() {
      return history.get(history.size() - 1);
    }
  }

  Result train(TrainingSet data, Settings s, Consumer<String> log) throws InterruptedException {
    int channels = data.channels();
    int window = channels * s.kernelSamples();
    Cnn model =
        new Cnn(channels, s.kernelSamples(), AntiAlias.factor(s.sampleRate()), s.filters1(), s.kernel1(), s.stride1(), s.filters2(), s.kernel2(), s.stride2())
            .initialise(s.seed());
    WindowSampler sampler =
        new WindowSampler(data, s.kernelSamples(), s.snrMin(), s.snrMax(), s.validationFraction());

    // A fixed validation set, half signals, from its own generator.
    int nVal = s.validationWindows();
    float[] valX = new float[nVal * window];
    int[] valY = new int[nVal];
    SplittableRandom valRandom = new SplittableRandom(s.seed() ^ 0x5DEECE66DL);
    for (int i = 0; i < nVal; i++) {
      valY[i] = sampler.sample(valRandom, true, i % 2 == 1, valX, i * window);
    }

    Adam adam = new Adam(model.parameters(), s.learningRate());
    SplittableRandom random = new SplittableRandom(s.seed() + 1);
    int threads = Math.max(1, s.threads());
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "train-worker");
      t.setDaemon(true);
      return t;
    });
    List<Epoch> history = new ArrayList<>();
    double[] valLogits = new double[nVal];
    try {
      int steps = Math.max(1, s.windowsPerEpoch() / s.batchSize());
      float[] batch = new float[s.batchSize() * window];
      int[] labels = new int[s.batchSize()];
      for (int epoch = 1; epoch <= s.epochs(); epoch++) {
        long t0 = System.nanoTime();
        double lossSum = 0;
        for (int step = 0; step < steps; step++) {
          java.util.Arrays.fill(batch, 0);
          for (int i = 0; i < s.batchSize(); i++) {
            labels[i] = sampler.sample(random, false, random.nextBoolean(), batch, i * window);
          }
          double[][] grad = zeros(model.parameters());
          lossSum += gradient(model, batch, labels, s.batchSize(), window, grad, pool);
          adam.step(grad, 1.0 / s.batchSize());
        }
        double valLoss = evaluate(model, valX, valY, window, valLogits, pool);
        double auroc = Auroc.of(valLogits, valY);
        Epoch e = new Epoch(epoch, lossSum / (steps * (double) s.batchSize()), valLoss, auroc,
            (System.nanoTime() - t0) / 1e9);
        history.add(e);
        log.accept(String.format("epoch %d/%d: train loss %.4f, validation loss %.4f, validation AUROC %.4f (%.1f s)",
            epoch, s.epochs(), e.trainLoss(), valLoss, auroc, e.seconds()));
      }
    } finally {
      pool.shutdownNow();
    }
    return new Result(model, history, valX, valY, valLogits);
  }

  private static double[][] zeros(float[][] like) {
    double[][] g = new double[like.length][];
    for (int i = 0; i < like.length; i++) {
      g[i] = new double[like[i].length];
    }
    return g;
  }

  /** Adds the summed minibatch gradient to grad; returns the summed loss. */
  private static double gradient(Cnn model, float[] x, int[] y, int n, int window, double[][] grad,
      ExecutorService pool) throws InterruptedException {
    List<Future<Object[]>> parts = new ArrayList<>();
    for (int start = 0; start < n; start += CHUNK) {
      int from = start;
      int to = Math.min(n, start + CHUNK);
      parts.add(pool.submit(() -> {
        Cnn.Work w = model.work();
        double[][] g = zeros(model.parameters());
        double loss = 0;
        for (int i = from; i < to; i++) {
          double logit = model.predict(x, i * window, w);
          loss += Auroc.loss(logit, y[i]);
          model.learn(x, i * window, w, Auroc.sigmoid(logit) - y[i], g);
        }
        return new Object[] {loss, g};
      }));
    }
    double loss = 0;
    for (Future<Object[]> f : parts) {
      Object[] r = join(f);
      loss += (double) r[0];
      double[][] g = (double[][]) r[1];
      for (int p = 0; p < g.length; p++) {
        for (int i = 0; i < g[p].length; i++) {
          grad[p][i] += g[p][i];
        }
      }
    }
    return loss;
  }

  /** Mean validation loss; fills logits. */
  static double evaluate(Cnn model, float[] x, int[] y, int window, double[] logits, ExecutorService pool)
      throws InterruptedException {
    List<Future<Double>> parts = new ArrayList<>();
    for (int start = 0; start < y.length; start += CHUNK) {
      int from = start;
      int to = Math.min(y.length, start + CHUNK);
      parts.add(pool.submit(() -> {
        Cnn.Work w = model.work();
        double loss = 0;
        for (int i = from; i < to; i++) {
          logits[i] = model.predict(x, i * window, w);
          loss += Auroc.loss(logits[i], y[i]);
        }
        return loss;
      }));
    }
    double loss = 0;
    for (Future<Double> f : parts) {
      loss += join(f);
    }
    return loss / y.length;
  }

  private static <T> T join(Future<T> f) throws InterruptedException {
    try {
      return f.get();
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("training worker failed: " + e.getCause(), e.getCause());
    }
  }
}

package dev.pipeline.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Streams whitened test data through a classifier, the way aframe's Infer does, and turns the
 * output into events.
 *
 * <p><b>Background.</b> Time shift i (i = 1, 2, ...) pairs detector c's sample t + c*i*shift with
 * detector 0's sample t, so coincidences are accidental; shifts are added until their summed
 * livetime reaches Tb. Each shifted stream is cut into windows of K samples every {@code stride}
 * samples, classified in batches, boxcar-averaged over {@code integration} outputs, and reduced to
 * events: outputs that are the maximum within +-cluster/2 of themselves. The event time is the end
 * of the window, in seconds from the start of the segment.
 *
 * <p><b>Foreground.</b> Each injection is added (already whitened, with the same filters) to the
 * stream of its own shift, and only the windows around it are classified: the model sees nothing
 * outside its window, so this gives exactly the values streaming the whole injected segment
 * would. Its statistic is the largest integrated output whose windows reach the merger.
 *
 * <p>Work is split into independent jobs (one per shift, one per 32 injections) run on
 * {@code streams} threads sharing one model; results are collected in job order, so the output
 * does not depend on the thread count.
 */
final class InferenceRunner {
  /** Window-level classifier (the ONNX session in production, anything in tests). */
  @FunctionalInterface
  interface Classifier {
    float[] predict(float[] windows, int count) throws Exception;
  }

  record Settings(
      int kernel, int stride, int integration, int cluster, int shiftStep, double sampleRate,
      double livetime, int batchSize, int streams) {}

  /** An injection ready to add: whitened strain per detector, coalescence at {@code peak}. */
  record Injection(int index, int shift, long sample, float[][] strain, int peak) {}

  record Event(double time, int shift, double statistic) {}

  record Found(int index, double time, int shift, double statistic) {}

  /** The events, the livetime and shifts reached, and how many windows went through the model. */
  record Output(List<Event> background, List<Found> foreground, double livetime, int shifts, long windows) {}

  private final Settings s;
  private final float[][] data;
  private final int offset;
  private final java.util.concurrent.atomic.AtomicLong foregroundWindows = new java.util.concurrent.atomic.AtomicLong();

  /** {@code data}: whitened strain [ifo][sample], whose sample 0 is raw sample {@code offset}. */
  InferenceRunner(Settings s, float[][] data, int offset) {
    this.s = s;
    this.data = data;
    this.offset = offset;
  }

  Output run(Classifier model, List<Injection> injections, Consumer<String> log) throws Exception {
    List<Callable<List<?>>> jobs = new ArrayList<>();
    double livetime = 0;
    int shifts = 0;
    long backgroundWindows = 0;
    while (livetime < s.livetime()) {
      int shift = ++shifts;
      long windows = windows(shift);
      if (windows < s.integration() + s.cluster()) {
        throw new IllegalArgumentException(String.format(
            "Tb %.0f s is unreachable: after %d shifts of %d samples the segment is too short (%.0f s so far)",
            s.livetime(), shift - 1, s.shiftStep(), livetime));
      }
      livetime += windows * s.stride() / s.sampleRate();
      backgroundWindows += windows;
      jobs.add(() -> background(model, shift));
    }
    for (int from = 0; from < injections.size(); from += 32) {
      List<Injection> chunk = injections.subList(from, Math.min(injections.size(), from + 32));
      jobs.add(() -> foreground(model, chunk));
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, s.streams()), r -> {
      Thread t = new Thread(r, "infer-stream");
      t.setDaemon(true);
      return t;
    });
    List<Event> bg = new ArrayList<>();
    List<Found> fg = new ArrayList<>();
    try {
      List<Future<List<?>>> futures = new ArrayList<>();
      for (Callable<List<?>> j : jobs) {
        futures.add(pool.submit(j));
      }
      for (int i = 0; i < futures.size(); i++) {
        List<?> r = futures.get(i).get();
        for (Object o : r) {
          if (o instanceof Event e) {
            bg.add(e);
          } else {
            fg.add((Found) o);
          }
        }
      }
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof Exception ex ? ex : e;
    } finally {
      pool.shutdownNow();
    }
    log.accept(String.format("background: %d shifts, livetime %.0f s, %d events; foreground: %d injections",
        shifts, livetime, bg.size(), fg.size()));
    return new Output(bg, fg, livetime, shifts, backgroundWindows + foregroundWindows.get());
  }

  /** Windows (ending at K, K+stride, ...) that fit in the stream of a shift. */
  long windows(int shift) {
    long length = data[0].length - (long) (data.length - 1) * shift * s.shiftStep();
    return length < s.kernel() ? 0 : (length - s.kernel()) / s.stride() + 1;
  }

  private List<Event> background(Classifier model, int shift) throws Exception {
    int n = (int) windows(shift);
    double[] y = new double[n];
    Batcher b = new Batcher(model, y);
    for (int j = 0; j < n; j++) {
      b.add(j, shift, s.kernel() + (long) j * s.stride(), null);
    }
    b.flush();
    double[] stat = integrate(y, s.integration());
    List<Event> events = new ArrayList<>();
    int half = s.cluster() / 2;
    for (int j = s.integration() - 1; j < n; j++) {
      if (isLocalMax(stat, j, half, s.integration() - 1)) {
        events.add(new Event(time(s.kernel() + (long) j * s.stride()), shift, stat[j]));
      }
    }
    return events;
  }

  private List<Found> foreground(Classifier model, List<Injection> chunk) throws Exception {
    List<Found> out = new ArrayList<>();
    for (Injection inj : chunk) {
      long at = inj.sample() - offset; // merger, in stream samples
      long firstEnd = Math.max(s.kernel(), at - (long) s.integration() * s.stride());
      long q0 = (firstEnd - s.kernel() + s.stride() - 1) / s.stride();
      long q1 = (at + s.kernel() + (long) s.integration() * s.stride() - s.kernel()) / s.stride();
      q1 = Math.min(q1, windows(inj.shift()) - 1);
      int n = (int) (q1 - q0 + 1);
      if (n < s.integration()) {
        throw new IllegalArgumentException("injection " + inj.index() + " is too close to the segment edge");
      }
      double[] y = new double[n];
      foregroundWindows.addAndGet(n);
      Batcher b = new Batcher(model, y);
      for (int j = 0; j < n; j++) {
        b.add(j, inj.shift(), s.kernel() + (q0 + j) * s.stride(), inj);
      }
      b.flush();
      double[] stat = integrate(y, s.integration());
      int best = s.integration() - 1;
      for (int j = best; j < n; j++) {
        if (stat[j] > stat[best]) {
          best = j;
        }
      }
      out.add(new Found(inj.index(), time(s.kernel() + (q0 + best) * s.stride()), inj.shift(), stat[best]));
    }
    return out;
  }

  private double time(long windowEnd) {
    return (windowEnd + offset) / s.sampleRate();
  }

  /** Causal boxcar mean over m outputs (entries before m-1 are partial and never used). */
  static double[] integrate(double[] y, int m) {
    double[] out = new double[y.length];
    double sum = 0;
    for (int j = 0; j < y.length; j++) {
      sum += y[j];
      if (j >= m) {
        sum -= y[j - m];
      }
      out[j] = sum / Math.min(m, j + 1);
    }
    return out;
  }

  /** Maximum of x within +-half (over indices >= first); ties go to the earliest. */
  static boolean isLocalMax(double[] x, int j, int half, int first) {
    for (int k = Math.max(first, j - half); k <= Math.min(x.length - 1, j + half); k++) {
      if (x[k] > x[j] || (x[k] == x[j] && k < j)) {
        return false;
      }
    }
    return true;
  }

  /** Fills windows into a batch and runs the model whenever it is full. */
  private final class Batcher {
    private final Classifier model;
    private final double[] y;
    private final int window = data.length * s.kernel();
    private final float[] batch = new float[s.batchSize() * window];
    private final int[] slot = new int[s.batchSize()];
    private int count;

    Batcher(Classifier model, double[] y) {
      this.model = model;
      this.y = y;
    }

    void add(int index, int shift, long end, Injection inj) throws Exception {
      int base = count * window;
      long start = end - s.kernel();
      for (int c = 0; c < data.length; c++) {
        System.arraycopy(data[c], (int) (start + (long) c * shift * s.shiftStep()), batch, base + c * s.kernel(), s.kernel());
        if (inj != null) {
          float[] w = inj.strain()[c];
          long first = start - (inj.sample() - offset) + inj.peak(); // waveform index at window start
          for (int k = 0; k < s.kernel(); k++) {
            long i = first + k;
            if (i >= 0 && i < w.length) {
              batch[base + c * s.kernel() + k] += w[(int) i];
            }
          }
        }
      }
      slot[count++] = index;
      if (count == s.batchSize()) {
        flush();
      }
    }

    void flush() throws Exception {
      if (count == 0) {
        return;
      }
      float[] r = model.predict(batch, count);
      for (int i = 0; i < count; i++) {
        y[slot[i]] = r[i];
      }
      count = 0;
    }
  }
}

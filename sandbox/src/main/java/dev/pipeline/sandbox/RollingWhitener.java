package dev.pipeline.sandbox;

import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.List;

/**
 * Whitening of test data with a rolling PSD, as aframe's streaming preprocessor does: the data are
 * cut into blocks of {@code hop} samples (half a PSD segment), and block m is whitened with a filter
 * designed from the Welch PSD of the {@code psdLength} samples before it, never from the future or
 * from the whole segment. The first {@code psdLength} samples only feed the first PSD; the output
 * covers raw samples {@code [psdLength, n - edge)}.
 *
 * <p>Each segment periodogram is computed once and kept while it is inside the PSD window, so a
 * block costs a filter design and a block convolution. Injections are whitened with the filter of
 * the block their coalescence falls in.
 */
final class RollingWhitener {
  /** A waveform to whiten with the filter in force at raw sample {@code position}. */
  interface Request {
    long position();

    double[] waveform();

    void accept(double[] whitenedExtended);
  }

  private final double sampleRate;
  private final int psdLength;
  private final double fduration;
  private final double highpass;
  private final double[] window;
  private final int hop;

  RollingWhitener(double sampleRate, int psdLength, int nfft, double fduration, double highpass) {
    if (psdLength < nfft) {
      throw new IllegalArgumentException("psd_length must hold at least one " + nfft + "-sample PSD segment");
    }
    this.sampleRate = sampleRate;
    this.psdLength = psdLength;
    this.fduration = fduration;
    this.highpass = highpass;
    this.window = Psd.hann(nfft);
    this.hop = nfft / 2;
  }

  /** Raw sample of the first whitened sample. */
  int offset() {
    return psdLength;
  }

  /** Whitens raw[psdLength, n - edge) block by block and serves the requests on the way. */
  float[] whiten(double[] raw, List<? extends Request> requests) {
    int edge = (int) Math.round(fduration * sampleRate) / 2; // Whitener.edge()
    long end = raw.length - edge;
    if (end <= psdLength) {
      throw new IllegalArgumentException(String.format(
          "the segment (%d samples) is shorter than psd_length plus the filter edge (%d)", raw.length, psdLength + edge));
    }
    float[] out = new float[(int) (end - psdLength)];
    List<? extends Request> queue = requests.stream().sorted(Comparator.comparingLong(Request::position)).toList();
    int next = 0;
    int perWindow = (psdLength - window.length) / hop + 1;
    ArrayDeque<double[]> segments = new ArrayDeque<>();
    int firstSegment = 0;
    int nextSegment = 0;
    for (long b = psdLength, m = 0; b < end; b += hop, m++) {
      while (firstSegment < m) { // leave the window
        segments.removeFirst();
        firstSegment++;
      }
      while (nextSegment < m + perWindow) { // enter the window
        segments.addLast(Psd.periodogram(raw, nextSegment * hop, window));
        nextSegment++;
      }
      Whitener w = Whitener.design(Psd.fromPeriodograms(sum(segments), perWindow, window, sampleRate),
          sampleRate, fduration, highpass);
      int count = (int) Math.min(hop, end - b);
      double[] block = w.whitenRange(raw, b, count);
      for (int i = 0; i < count; i++) {
        out[(int) (b - psdLength) + i] = (float) block[i];
      }
      boolean last = b + hop >= end;
      while (next < queue.size() && (last || queue.get(next).position() < b + hop)) {
        Request r = queue.get(next++);
        r.accept(w.whitenExtended(r.waveform()));
      }
    }
    return out;
  }

  private static double[] sum(ArrayDeque<double[]> segments) {
    double[] s = new double[segments.peekFirst().length];
    for (double[] p : segments) {
      for (int k = 0; k < s.length; k++) {
        s[k] += p[k];
      }
    }
    return s;
  }
}

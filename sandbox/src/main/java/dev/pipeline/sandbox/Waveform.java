package dev.pipeline.sandbox;

import java.util.List;

/**
 * A simple, physical binary-black-hole waveform: the leading-order (Newtonian, quadrupole)
 * inspiral chirp up to the innermost stable circular orbit, continued by a damped sinusoid as a
 * phenomenological merger/ring-down, projected onto each detector with its antenna pattern and
 * arrival-time delay.
 *
 * <p>With {@code Mc} the chirp mass and {@code tau} the time to coalescence (both in seconds,
 * {@code G = c = 1}): {@code f = (1/pi) (5 / (256 tau))^(3/8) Mc^(-5/8)}, phase {@code phi0 - 2 (tau
 * / (5 Mc))^(5/8)}, amplitude {@code 4 Mc^(5/3) (pi f)^(2/3) c / d}; {@code h+ = A (1 + cos^2 i)/2
 * cos phi} and {@code hx = A cos i sin phi}. At {@code f_isco = 1 / (6^(3/2) pi M)} (55-110 Hz for
 * this prior) the frequency is frozen and the amplitude decays with an e-folding time of 1.5
 * cycles. Not a template-bank-grade model, but it chirps through the detector band with the right
 * masses-to-frequencies and distance-to-amplitude scaling, which is all a sandbox needs.
 *
 * <p>Each waveform lives in a buffer of {@code length} samples with the geocentric coalescence time
 * at sample {@code coalescenceIndex}; the first 0.5 s are faded in with a half Hann window (the
 * buffer cuts the inspiral off at 10-16 Hz, below any high-pass used here).
 */
final class Waveform {
  static final double MSUN_SECONDS = 4.925490947641267e-6;
  static final double MPC_METRES = 3.0856775814913673e22;
  private static final double FADE_IN_SECONDS = 0.5;

  private Waveform() {}

  /** {h+, hx} at time t (seconds) relative to the coalescence time. */
  static double[] polarizations(Source s, double t) {
    double total = (s.mass1() + s.mass2()) * MSUN_SECONDS;
    double mc = s.chirpMass() * MSUN_SECONDS;
    double d = s.distance() * MPC_METRES;
    double fIsco = 1 / (Math.pow(6, 1.5) * Math.PI * total);
    double tauIsco = tau(mc, fIsco);
    double amplitude;
    double phase;
    if (-t > tauIsco) {
      double tau = -t;
      double f = Math.pow(5 / (256 * tau), 0.375) * Math.pow(mc, -0.625) / Math.PI;
      amplitude = 4 * Math.pow(mc, 5.0 / 3) * Math.pow(Math.PI * f, 2.0 / 3) * Detector.SPEED_OF_LIGHT / d;
      phase = s.phase() - 2 * Math.pow(tau / (5 * mc), 0.625);
    } else {
      double since = t + tauIsco;
      double peak =
          4 * Math.pow(mc, 5.0 / 3) * Math.pow(Math.PI * fIsco, 2.0 / 3) * Detector.SPEED_OF_LIGHT / d;
      amplitude = peak * Math.exp(-since * fIsco / 1.5);
      phase = s.phase() - 2 * Math.pow(tauIsco / (5 * mc), 0.625) + 2 * Math.PI * fIsco * since;
    }
    double ci = Math.cos(s.inclination());
    return new double[] {amplitude * (1 + ci * ci) / 2 * Math.cos(phase), amplitude * ci * Math.sin(phase)};
  }

  /** Time to coalescence at GW frequency f for chirp mass mc (seconds). */
  static double tau(double mc, double f) {
    return 5.0 / 256 * Math.pow(mc, -5.0 / 3) * Math.pow(Math.PI * f, -8.0 / 3);
  }

  /** Strain in each detector, [detector][sample]. */
  static double[][] project(
      Source s, List<Detector> detectors, double sampleRate, int length, int coalescenceIndex) {
    double[][] out = new double[detectors.size()][length];
    for (int i = 0; i < detectors.size(); i++) {
      Detector det = detectors.get(i);
      double[] f = det.response(s.longitude(), s.latitude(), s.polarization());
      double delay = det.delay(s.longitude(), s.latitude());
      for (int n = 0; n < length; n++) {
        double t = (n - coalescenceIndex) / sampleRate - delay;
        double[] h = polarizations(s, t);
        out[i][n] = f[0] * h[0] + f[1] * h[1];
      }
      fadeIn(out[i], sampleRate);
    }
    return out;
  }

  /** Fades the buffer's first {@value #FADE_IN_SECONDS} s in with a half Hann window. */
  static void fadeIn(double[] h, double sampleRate) {
    int fade = (int) Math.round(FADE_IN_SECONDS * sampleRate);
    for (int n = 0; n < Math.min(fade, h.length); n++) {
      h[n] *= 0.5 - 0.5 * Math.cos(Math.PI * n / fade);
    }
  }

  /**
   * Network optimal SNR against the one-sided PSD {@code psd} (the true noise model), integrated
   * from {@code fLow} to Nyquist: {@code sum_ifo 4 sum_k |h(f_k)|^2 / S(f_k) df}.
   */
  static double optimalSnr(double[][] strain, double sampleRate, double fLow) {
    double total = 0;
    for (double[] h : strain) {
      int n = Fft.nextPowerOfTwo(h.length);
      double[] x = new double[n];
      System.arraycopy(h, 0, x, 0, h.length);
      double[][] spec = Fft.realForward(x);
      double df = sampleRate / n;
      for (int k = 1; k < n / 2; k++) {
        double f = k * df;
        if (f < fLow) {
          continue;
        }
        double re = spec[0][k] / sampleRate;
        double im = spec[1][k] / sampleRate;
        total += 4 * (re * re + im * im) / Psd.aligo(f) * df;
      }
    }
    return Math.sqrt(total);
  }
}

package dev.pipeline.sandbox;

/** Adam (Kingma and Ba 2015) on float parameters with double moment estimates. */
final class Adam {
  private static final double BETA1 = 0.9;
  private static final double BETA2 = 0.999;
  private static final double EPSILON = 1e-8;

  private final float[][] params;
  private final double[][] m;
  private final double[][] v;
  private final double learningRate;
  private int t;

  Adam(float[][] params, double learningRate) {
    this.params = params;
    this.learningRate = learningRate;
    this.m = new double[params.length][];
    this.v = new double[params.length][];
    for (int i = 0; i < params.length; i++) {
      m[i] = new double[params[i].length];
      v[i] = new double[params[i].length];
    }
  }

  /** One update with gradient {@code grad * scale} (scale turns a sum into a mean). */
  void step(double[][] grad, double scale) {
    t++;
    double c1 = 1 - Math.pow(BETA1, t);
    double c2 = 1 - Math.pow(BETA2, t);
    for (int p = 0; p < params.length; p++) {
      for (int i = 0; i < params[p].length; i++) {
        double g = grad[p][i] * scale;
        m[p][i] = BETA1 * m[p][i] + (1 - BETA1) * g;
        v[p][i] = BETA2 * v[p][i] + (1 - BETA2) * g * g;
        params[p][i] -= (float) (learningRate * (m[p][i] / c1) / (Math.sqrt(v[p][i] / c2) + EPSILON));
      }
    }
  }
}

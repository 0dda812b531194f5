package dev.pipeline.sandbox;

import java.util.Locale;

/**
 * Interferometer geometry for projecting a wave onto a detector: vertex position (Earth-fixed,
 * metres) and arm unit vectors, the values published with LALSuite's detector constants. The
 * sandbox ignores Earth rotation: sky positions are Earth-fixed (longitude, latitude), which keeps
 * the antenna patterns and the relative arrival times physical (up to 10 ms between H1 and L1)
 * without a GPS-time dependence.
 */
enum Detector {
  H1(
      new double[] {-2.16141492636e6, -3.83469517889e6, 4.60035022664e6},
      new double[] {-0.22389266154, 0.79983062746, 0.55690487831},
      new double[] {-0.91397818574, 0.02609403989, -0.40492342125}),
  L1(
      new double[] {-7.42760447238e4, -5.49628371971e6, 3.22425701744e6},
      new double[] {-0.95457412153, -0.14158077340, -0.26218911324},
      new double[] {0.29774156894, -0.48791033647, -0.82054461286}),
  V1(
      new double[] {4.54637409900e6, 8.42989697626e5, 4.37857696241e6},
      new double[] {-0.70045821479, 0.20848948619, 0.68256166277},
      new double[] {-0.05379255368, -0.96908180549, 0.24080451708});

  static final double SPEED_OF_LIGHT = 299_792_458.0;

  private final double[] vertex;
  private final double[][] tensor = new double[3][3];

  Detector(double[] vertex, double[] xArm, double[] yArm) {
    this.vertex = vertex;
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        tensor[i][j] = 0.5 * (xArm[i] * xArm[j] - yArm[i] * yArm[j]);
      }
    }
  }

  static Detector parse(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown interferometer '" + name + "' (known: H1, L1, V1)");
    }
  }

  /** Unit vector from the geocentre towards the source. */
  static double[] direction(double longitude, double latitude) {
    return new double[] {
      Math.cos(latitude) * Math.cos(longitude),
      Math.cos(latitude) * Math.sin(longitude),
      Math.sin(latitude)
    };
  }

  /** Arrival time here minus arrival time at the geocentre, in seconds. */
  double delay(double longitude, double latitude) {
    double[] s = direction(longitude, latitude);
    return -(vertex[0] * s[0] + vertex[1] * s[1] + vertex[2] * s[2]) / SPEED_OF_LIGHT;
  }

  /**
   * Antenna responses {F+, Fx}. The polarisation basis is east/north on the sky rotated by psi:
   * X = cos psi e_east + sin psi e_north, Y = -sin psi e_east + cos psi e_north; e+ = XX - YY and
   * ex = XY + YX.
   */
  double[] response(double longitude, double latitude, double psi) {
    double[] east = {-Math.sin(longitude), Math.cos(longitude), 0};
    double[] north = {
      -Math.sin(latitude) * Math.cos(longitude),
      -Math.sin(latitude) * Math.sin(longitude),
      Math.cos(latitude)
    };
    double c = Math.cos(psi);
    double s = Math.sin(psi);
    double[] x = new double[3];
    double[] y = new double[3];
    for (int i = 0; i < 3; i++) {
      x[i] = c * east[i] + s * north[i];
      y[i] = -s * east[i] + c * north[i];
    }
    double fPlus = 0;
    double fCross = 0;
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        fPlus += tensor[i][j] * (x[i] * x[j] - y[i] * y[j]);
        fCross += tensor[i][j] * (x[i] * y[j] + y[i] * x[j]);
      }
    }
    return new double[] {fPlus, fCross};
  }
}

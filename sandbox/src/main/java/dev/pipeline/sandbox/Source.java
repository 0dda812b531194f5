package dev.pipeline.sandbox;

import java.util.SplittableRandom;

/**
 * Parameters of one compact-binary signal, and the prior they are drawn from.
 *
 * <p>Prior (training and testing alike): component masses uniform in [20, 40] solar masses,
 * isotropic orientation (cos inclination uniform), polarisation uniform in [0, pi), phase uniform
 * in [0, 2 pi), isotropic Earth-fixed sky position. Training uses the masses as they are; test
 * injections take them as source-frame masses and {@link #redshifted} them, with distances from the
 * {@link Population}. Because injections are drawn from exactly the population the sensitive volume
 * is quoted for, every injection gets the same importance weight (see {@link
 * SensitiveVolumeCalculator}).
 *
 * @param mass1 solar masses (detector frame)
 * @param mass2 solar masses (detector frame)
 * @param distance luminosity distance in Mpc
 * @param inclination radians
 * @param polarization radians
 * @param phase coalescence phase, radians
 * @param longitude Earth-fixed, radians
 * @param latitude radians
 */
record Source(
    double mass1,
    double mass2,
    double distance,
    double inclination,
    double polarization,
    double phase,
    double longitude,
    double latitude) {

  static final double MASS_MIN = 20;
  static final double MASS_MAX = 40;

  /** Column names of {@link #toRow()}, as written to the .npy parameter tables. */
  static final String[] COLUMNS = {
    "mass1", "mass2", "distance", "inclination", "polarization", "phase", "longitude", "latitude"
  };

  /** Draws everything but the distance from the prior; {@code distance} is given. */
  static Source draw(SplittableRandom random, double distance) {
    double m1 = MASS_MIN + (MASS_MAX - MASS_MIN) * random.nextDouble();
    double m2 = MASS_MIN + (MASS_MAX - MASS_MIN) * random.nextDouble();
    return new Source(
        Math.max(m1, m2),
        Math.min(m1, m2),
        distance,
        Math.acos(2 * random.nextDouble() - 1),
        Math.PI * random.nextDouble(),
        2 * Math.PI * random.nextDouble(),
        2 * Math.PI * random.nextDouble(),
        Math.asin(2 * random.nextDouble() - 1));
  }

  /**
   * This source, taken to have source-frame masses, as seen from redshift z at luminosity distance
   * d: detector-frame masses {@code (1 + z) m}.
   */
  Source redshifted(double z, double d) {
    return new Source((1 + z) * mass1, (1 + z) * mass2, d, inclination, polarization, phase, longitude, latitude);
  }

  double[] toRow() {
    return new double[] {
      mass1, mass2, distance, inclination, polarization, phase, longitude, latitude
    };
  }

  Source atDistance(double d) {
    return new Source(mass1, mass2, d, inclination, polarization, phase, longitude, latitude);
  }

  /** Chirp mass in solar masses. */
  double chirpMass() {
    return Math.pow(mass1 * mass2, 0.6) / Math.pow(mass1 + mass2, 0.2);
  }
}

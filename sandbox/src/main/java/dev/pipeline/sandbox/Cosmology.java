package dev.pipeline.sandbox;

/**
 * Distances and volumes in a flat Lambda-CDM universe (matter + cosmological constant; radiation,
 * below 1e-4 of the density at the redshifts a sandbox reaches, is neglected).
 *
 * <p>{@link #PLANCK15} uses astropy's Planck 2015 values (H0 = 67.74 km/s/Mpc, Omega_m = 0.3075),
 * the {@code DEFAULT_COSMOLOGY} of aframe's sensitive-volume code. The sensitive-volume
 * normalisation is aframe's "astrophysical volume", {@code V0 = int dVc/dz / (1 + z) dz}: comoving
 * volume weighted by source-frame time, the density injections are drawn from.
 *
 * @param h0 Hubble constant in km/s/Mpc
 * @param omegaMatter matter density today, in units of the critical density
 */
record Cosmology(double h0, double omegaMatter) {
  static final Cosmology PLANCK15 = new Cosmology(67.74, 0.3075);
  static final double SPEED_OF_LIGHT_KM_S = 299_792.458;
  private static final int STEPS_PER_UNIT_Z = 2000;

  /** Hubble distance c / H0 in Mpc. */
  double hubbleDistance() {
    return SPEED_OF_LIGHT_KM_S / h0;
  }

  /** E(z) = H(z) / H0. */
  double e(double z) {
    double a = 1 + z;
    return Math.sqrt(omegaMatter * a * a * a + (1 - omegaMatter));
  }

  /** Line-of-sight comoving distance in Mpc (Simpson's rule, error far below 1e-8 relative). */
  double comovingDistance(double z) {
    if (z <= 0) {
      return 0;
    }
    int n = 2 * Math.max(8, (int) Math.ceil(z * STEPS_PER_UNIT_Z / 2));
    double h = z / n;
    double sum = 1 / e(0) + 1 / e(z);
    for (int i = 1; i < n; i++) {
      sum += (i % 2 == 1 ? 4 : 2) / e(i * h);
    }
    return hubbleDistance() * sum * h / 3;
  }

  double luminosityDistance(double z) {
    return (1 + z) * comovingDistance(z);
  }

  /** The redshift whose luminosity distance is {@code distance} Mpc (bisection; dL grows with z). */
  double redshiftAt(double distance) {
    if (distance <= 0) {
      return 0;
    }
    double hi = 0.1;
    while (luminosityDistance(hi) < distance) {
      hi *= 2;
    }
    double lo = 0;
    for (int i = 0; i < 60; i++) {
      double mid = (lo + hi) / 2;
      if (luminosityDistance(mid) < distance) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return (lo + hi) / 2;
  }

  /** dVc/dz over the whole sky, in Gpc^3 per unit redshift. */
  double differentialComovingVolume(double z) {
    double dc = comovingDistance(z) / 1000;
    return 4 * Math.PI * hubbleDistance() / 1000 * dc * dc / e(z);
  }

  /** Comoving volume inside redshift z, Gpc^3 (flat: 4/3 pi Dc^3). */
  double comovingVolume(double z) {
    double dc = comovingDistance(z) / 1000;
    return 4.0 / 3 * Math.PI * dc * dc * dc;
  }
}

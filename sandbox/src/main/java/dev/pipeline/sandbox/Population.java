package dev.pipeline.sandbox;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Where test injections are placed in distance, and the volume V0 the sensitive volume is quoted
 * against. Two models (the {@code cosmology} parameter):
 *
 * <ul>
 *   <li>{@code PLANCK15} (default, as aframe): redshift drawn with density proportional to {@code
 *       dVc/dz / (1 + z)} up to the z of {@code dmax} (uniform in comoving volume and in source-frame
 *       time), luminosity distance from the flat Lambda-CDM {@link Cosmology#PLANCK15}; masses are
 *       drawn in the source frame and redshifted, {@code m_det = (1 + z) m_src}; V0 is the
 *       astrophysical volume {@code int dVc/dz / (1 + z) dz}.
 *   <li>{@code EUCLIDEAN}: luminosity distance with density {@code 3 d^2 / dmax^3} (uniform in
 *       Euclidean volume), z = 0, V0 = 4/3 pi dmax^3.
 * </ul>
 */
abstract class Population {
  /** One draw: redshift and luminosity distance in Mpc. */
  record Placement(double redshift, double distance) {}

  final double dmax;

  private Population(double dmax) {
    if (!(dmax > 0)) {
      throw new IllegalArgumentException("dmax must be positive, got " + dmax);
    }
    this.dmax = dmax;
  }

  static Population of(CosmologyModel model, double dmax) {
    return model == CosmologyModel.EUCLIDEAN ? new Euclidean(dmax) : new Cosmological(Cosmology.PLANCK15, dmax);
  }

  abstract Placement draw(SplittableRandom random);

  /** V0 in Gpc^3. */
  abstract double volume();

  /** The redshift at luminosity distance d (0 throughout in the Euclidean model). */
  abstract double redshiftAt(double distance);

  /** One line for result files and plot titles. */
  abstract String description();

  abstract CosmologyModel model();

  private static final class Euclidean extends Population {
    Euclidean(double dmax) {
      super(dmax);
    }

    @Override
    Placement draw(SplittableRandom random) {
      return new Placement(0, dmax * Math.cbrt(1 - random.nextDouble()));
    }

    @Override
    double volume() {
      return 4.0 / 3 * Math.PI * Math.pow(dmax / 1000, 3);
    }

    @Override
    double redshiftAt(double distance) {
      return 0;
    }

    @Override
    String description() {
      return "Euclidean: luminosity distance uniform in Euclidean volume, detector-frame masses, "
          + "V0 = 4/3 pi dmax^3";
    }

    @Override
    CosmologyModel model() {
      return CosmologyModel.EUCLIDEAN;
    }
  }

  private static final class Cosmological extends Population {
    private static final int GRID = 4000;
    private final Cosmology cosmology;
    private final double[] z = new double[GRID + 1];
    private final double[] cdf = new double[GRID + 1];
    private final double volume;

    Cosmological(Cosmology cosmology, double dmax) {
      super(dmax);
      this.cosmology = cosmology;
      double zmax = cosmology.redshiftAt(dmax);
      double dh = cosmology.hubbleDistance();
      double step = zmax / GRID;
      double dc = 0;
      double density = 0; // dVc/dz / (1 + z) at z = 0 (Dc = 0 there)
      for (int i = 1; i <= GRID; i++) {
        double a = (i - 1) * step;
        double b = i * step;
        dc += dh * step / 6 * (1 / cosmology.e(a) + 4 / cosmology.e((a + b) / 2) + 1 / cosmology.e(b));
        z[i] = b;
        double next = 4 * Math.PI * dh * dc * dc / cosmology.e(b) / (1 + b) / 1e9;
        cdf[i] = cdf[i - 1] + (density + next) / 2 * step;
        density = next;
      }
      this.volume = cdf[GRID];
      for (int i = 0; i <= GRID; i++) {
        cdf[i] /= volume;
      }
    }

    @Override
    Placement draw(SplittableRandom random) {
      double u = random.nextDouble();
      int i = Arrays.binarySearch(cdf, u);
      if (i < 0) {
        i = -i - 2; // cdf[i] < u < cdf[i + 1]
      }
      i = Math.max(0, Math.min(GRID - 1, i));
      double f = (u - cdf[i]) / (cdf[i + 1] - cdf[i]);
      double zi = z[i] + f * (z[i + 1] - z[i]);
      return new Placement(zi, cosmology.luminosityDistance(zi));
    }

    @Override
    double volume() {
      return volume;
    }

    @Override
    double redshiftAt(double d) {
      return cosmology.redshiftAt(d);
    }

    @Override
    String description() {
      return String.format("flat Lambda-CDM (Planck 2015: H0 = %.2f km/s/Mpc, Omega_m = %.4f): uniform in "
          + "comoving volume and source-frame time, redshifted masses, V0 = int dVc/dz / (1+z) dz",
          cosmology.h0(), cosmology.omegaMatter());
    }

    @Override
    CosmologyModel model() {
      return CosmologyModel.PLANCK15;
    }
  }
}

package dev.pipeline.sandbox;

/** The {@code cosmology} parameter: how test injections fill distance (see {@link Population}). */
public enum CosmologyModel {
  /** Flat Lambda-CDM with Planck 2015 parameters (aframe's default). */
  PLANCK15,
  /** Static Euclidean space: luminosity distance uniform in volume, no redshift. */
  EUCLIDEAN
}

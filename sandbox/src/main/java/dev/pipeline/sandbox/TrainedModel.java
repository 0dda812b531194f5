package dev.pipeline.sandbox;

/** A task that produces a model (Train, or TuneSelect's best trial): what Export requires. */
interface TrainedModel {
  ModelFiles modelFiles();
}

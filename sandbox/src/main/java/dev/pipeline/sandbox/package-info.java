/**
 * The sandbox gravitational-wave search pipeline (see docs/sandbox.md): task families
 * GenerateTrainData, GenerateTestData, Train, TuneSelect, Export, Infer, SensitiveVolume and the
 * wrappers Sandbox and Tune, whose run() bodies delegate to the plain classes of this package
 * (data generators, {@link dev.pipeline.sandbox.ClassifierTrainer}, the ONNX exporter, the
 * inference runner, the sensitive-volume calculator).
 */
package dev.pipeline.sandbox;

package dev.pipeline.sandbox;

import dev.pipeline.api.targets.local.LocalDirectoryTarget;
import dev.pipeline.api.Family;
import dev.pipeline.api.Param;
import dev.pipeline.api.TaskContext;
import dev.pipeline.api.targets.Staged;

/** Test background and injections: DATA_DIR/test/ (see {@link TestDataGenerator}). */
@Family(value = "sandbox.GenerateTestData", description = "test background and an injection campaign with an SNR cut")
public class GenerateTestData extends SandboxTask {
  @Param(name = "test_duration", description = "seconds of background per detector")
  double testDuration = 2048;

  @Param(name = "num_injections", description = "injections drawn (accepted + rejected)")
  int numInjections = 3000;

  @Param(description = "Mpc, luminosity distance; injections are drawn up to here (0: the detector horizon,"
      + " beyond which no injection can pass snr_threshold)")
  double dmax = 0;

  @Param(description = "PLANCK15 (flat Lambda-CDM: comoving volume, source-frame time, redshifted masses)"
      + " or EUCLIDEAN (uniform in Euclidean volume, detector-frame masses)")
  CosmologyModel cosmology = CosmologyModel.PLANCK15;

  @Param(name = "psd_length", description = "seconds of past data each whitening PSD is measured from;"
      + " the first psd_length seconds hold no injection and are not analysed")
  double psdLength = 64;

  @Param(name = "data_source", description = "empty: simulated noise; else GWOSC-layout HDF5 strain files,"
      + " {ifo} standing for the detector (e.g. /data/{ifo}-strain.hdf5: strain/Strain with Xstart, Xspacing)")
  String dataSource = "";

  @Param(name = "snr_threshold", description = "injections with a lower network optimal SNR are rejected")
  double snrThreshold = 4;

  @Param(description = "seconds between injections in one stream")
  double spacing = 8;

  @Override
  public LocalDirectoryTarget output() {
    return directory(dataDirectory().resolve("test"));
  }

  @Override
  public void run(TaskContext context) throws Exception {
    clearOutputs();
    LocalDirectoryTarget out = output();
    try (Staged staged = out.stage()) {
      new TestDataGenerator().write(staged.path(),
          new TestDataGenerator.Settings(detectors(), sampleRate, testDuration, numInjections, dmax,
              cosmology, snrThreshold, spacing, shift, highpass, kernelLength, fduration, psdLength, dataSource, seed),
          context.log()::println);
      staged.commit();
    }
  }
}

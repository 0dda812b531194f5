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
  int numInjections = 1000;

  @Param(description = "Mpc; distances are drawn with p(d) ~ d^2 up to here")
  double dmax = 4000;

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
              snrThreshold, spacing, shift, highpass, kernelLength, fduration, seed),
          context.log()::println);
      staged.commit();
    }
  }
}

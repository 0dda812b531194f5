package dev.pipeline.sandbox;

import dev.pipeline.api.targets.local.LocalFileTarget;
import dev.pipeline.api.Family;
import dev.pipeline.api.Param;
import dev.pipeline.api.TaskContext;
import dev.pipeline.api.targets.FileTarget;
import dev.pipeline.api.targets.Staged;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the exported ONNX model over time-shifted background (until the livetime reaches Tb) and
 * over the injections (see {@link InferenceRunner}). Outputs under infer/:
 *
 * <pre>
 * background_events.npy  records (time, shift, detection_statistic), loudest first
 * foreground_events.npy  records (injection_index, time, shift, detection_statistic), one per
 *                        accepted injection; injection_index matches injections.npy's index
 * metadata.json          Tb actually reached, shifts, windows, rates, timing
 * </pre>
 */
@Family(value = "sandbox.Infer", description = "background and injection inference through the ONNX model")
public class Infer extends ModelTask {
  @Param(name = "Tb", description = "seconds of time-shifted background livetime to reach")
  double tb = 86400;

  @Param(name = "inference_sampling_rate", description = "Hz; windows classified per second")
  double inferenceSamplingRate = 4;

  @Param(name = "integration_window_length", description = "seconds of outputs averaged (boxcar)")
  double integrationWindowLength = 1;

  @Param(name = "cluster_window_length", description = "seconds; events are maxima within +-half of it")
  double clusterWindowLength = 8;

  @Param(name = "batch_size", description = "windows per ONNX Runtime call (<= Export's max_batch_size)")
  int batchSize = 256;

  @Param(significant = false, description = "parallel inference streams (threads); no effect on results")
  int streams = 2;

  @Param(name = "request_gpus", significant = false,
      description = "GPUs to hold; the first is given to ONNX Runtime's CUDA provider if present")
  int requestGpus = 0;

  @Override
  public dev.pipeline.api.ResourceRequest resources() {
    return dev.pipeline.api.ResourceRequest.gpus(requestGpus);
  }

  @Override
  public Object requires() {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("model", req(Export.class));
    r.put("test", req(GenerateTestData.class));
    return r;
  }

  /** background_events.npy: the time-shifted background events, loudest first. */
  LocalFileTarget background() {
    return file(stageDirectory("infer").resolve("background_events.npy"));
  }

  /** foreground_events.npy: one event per accepted injection. */
  LocalFileTarget foreground() {
    return file(stageDirectory("infer").resolve("foreground_events.npy"));
  }

  /** background.hdf5: the background events in aframe's EventSet layout ({@link Hdf5Files}). */
  LocalFileTarget backgroundHdf5() {
    return file(stageDirectory("infer").resolve("background.hdf5"));
  }

  /** foreground.hdf5: the recovered injections with their parameters (aframe's RecoveredInjectionSet). */
  LocalFileTarget foregroundHdf5() {
    return file(stageDirectory("infer").resolve("foreground.hdf5"));
  }

  /** metadata.json: Tb reached, shifts, windows, timing. */
  LocalFileTarget metadata() {
    return file(stageDirectory("infer").resolve("metadata.json"));
  }

  @Override
  public Map<String, FileTarget> output() {
    Map<String, FileTarget> out = new LinkedHashMap<>();
    out.put("background", background());
    out.put("foreground", foreground());
    out.put("metadata", metadata());
    out.put("background_hdf5", backgroundHdf5());
    out.put("foreground_hdf5", foregroundHdf5());
    return out;
  }

  @Override
  public void run(TaskContext context) throws Exception {
    clearOutputs();
    long t0 = System.nanoTime();
    double cpu0 = processCpuSeconds();
    Path repo = input(Export.class).repository().path();
    Path test = input(GenerateTestData.class).output().path();
    int maxBatch = maxBatchSize(repo);
    if (batchSize > maxBatch) {
      throw new IllegalArgumentException("batch_size " + batchSize + " exceeds the model's max_batch_size " + maxBatch);
    }
    TestSet data = TestSet.load(test, fduration, highpass);
    double fs = data.sampleRate();
    InferenceRunner.Settings s = new InferenceRunner.Settings(kernelSamples(),
        (int) Math.round(fs / inferenceSamplingRate),
        Math.max(1, (int) Math.round(integrationWindowLength * inferenceSamplingRate)),
        Math.max(2, (int) Math.round(clusterWindowLength * inferenceSamplingRate)),
        (int) Math.round(shift * fs), fs, tb, batchSize, streams);
    InferenceRunner.Output result;
    String gpu = context.gpus().isEmpty() ? null : context.gpus().get(0);
    String device;
    try (OnnxClassifier model =
        new OnnxClassifier(Export.modelFile(repo), data.background().length, kernelSamples(), 1, gpu)) {
      device = model.device();
      context.log().println("ONNX Runtime on " + device);
      result = new InferenceRunner(s, data.background(), data.offset())
          .run(model::predict, data.injections(), context.log()::println);
    }
    List<InferenceRunner.Event> bg = new ArrayList<>(result.background());
    bg.sort(Comparator.comparingDouble(InferenceRunner.Event::statistic).reversed());
    try (Staged b = background().stage();
        Staged f = foreground().stage();
        Staged m = metadata().stage();
        Staged bh = backgroundHdf5().stage();
        Staged fh = foregroundHdf5().stage()) {
      EventFiles.writeBackground(b.path(), bg);
      EventFiles.writeForeground(f.path(), result.foreground());
      Hdf5Files.writeBackground(bh.path(), bg, result.livetime(), ifos, shift, result.shifts());
      Hdf5Files.writeForeground(fh.path(), result.foreground(), NpyReader.readTable(test.resolve("injections.npy")),
          result.livetime(), ifos, shift);
      Map<String, Object> meta = ordered();
      meta.put("Tb", result.livetime());
      meta.put("Tb_requested", tb);
      meta.put("num_shifts", result.shifts());
      meta.put("shift_step", shift);
      meta.put("num_background_events", bg.size());
      meta.put("num_foreground_events", result.foreground().size());
      meta.put("inference_sampling_rate", inferenceSamplingRate);
      meta.put("integration_window_length", integrationWindowLength);
      meta.put("cluster_window_length", clusterWindowLength);
      meta.put("time", "end of the window, seconds from the start of the test segment");
      meta.put("streams", streams);
      meta.put("device", device);
      meta.put("seconds", (System.nanoTime() - t0) / 1e9);
      double cpu = processCpuSeconds() - cpu0;
      meta.put("windows", result.windows());
      meta.put("cpu_seconds", cpu);
      meta.put("windows_per_cpu_second", result.windows() / cpu);
      meta.put("cpu_note", "process CPU time while Infer ran, reading and whitening included; other tasks running"
          + " at the same time in this process count too");
      Json.write(m.path(), meta);
      b.commit();
      f.commit();
      m.commit();
      bh.commit();
      fh.commit();
    }
  }

  private static double processCpuSeconds() {
    java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() / 1e9 : Double.NaN;
  }

  /** max_batch_size from the repository's config.pbtxt. */
  static int maxBatchSize(Path repo) throws java.io.IOException {
    String config = Files.readString(repo.resolve(OnnxExporter.MODEL_NAME).resolve("config.pbtxt"));
    Matcher m = Pattern.compile("max_batch_size:\\s*(\\d+)").matcher(config);
    return m.find() ? Integer.parseInt(m.group(1)) : Integer.MAX_VALUE;
  }
}

package dev.pipeline.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The test data as Infer needs it: the background whitened with a rolling PSD ({@link
 * RollingWhitener}: each block's filter comes from the {@code psd_length} seconds before it; sample
 * 0 is raw sample {@link #offset}), and every accepted injection whitened, per detector, with the
 * filter in force where its coalescence lands in that detector's (time-shifted) data.
 */
record TestSet(double sampleRate, float[][] background, int offset, List<InferenceRunner.Injection> injections) {

  static TestSet load(Path dir, double fduration, double highpass) throws IOException {
    JsonNode meta = Json.read(dir.resolve("metadata.json"));
    double fs = meta.get("sample_rate").asDouble();
    int coalescence = meta.get("coalescence_index").asInt();
    double shiftStep = meta.get("shift_step").asDouble();
    int nfft = Fft.nextPowerOfTwo((int) (TrainingSet.PSD_SEGMENT_SECONDS * fs));
    RollingWhitener whitener = new RollingWhitener(fs, (int) Math.round(psdLength(meta) * fs), nfft, fduration,
        highpass);
    Map<String, double[]> table = NpyReader.readTable(dir.resolve("injections.npy"));
    double[] index = table.get("index");
    double[] shift = table.get("shift");
    double[] time = table.get("time");
    float[][][] strain = new float[index.length][][];
    float[][] white;
    try (NpyReader bg = new NpyReader(dir.resolve("background.npy"));
        NpyReader inj = new NpyReader(dir.resolve("injection_strain.npy"))) {
      long[] shape = bg.shape();
      long[] injShape = inj.shape();
      white = new float[(int) shape[0]][];
      for (int k = 0; k < index.length; k++) {
        strain[k] = new float[(int) shape[0]][];
      }
      for (int c = 0; c < shape[0]; c++) {
        List<WaveformRequest> requests = new ArrayList<>();
        for (int k = 0; k < index.length; k++) {
          long delay = Math.round(c * shift[k] * shiftStep * fs); // this detector's data are shifted
          double[] raw = inj.doubles((k * injShape[1] + c) * injShape[2], (int) injShape[2]);
          requests.add(new WaveformRequest(Math.round(time[k] * fs) + delay, raw, strain[k], c));
        }
        white[c] = whitener.whiten(bg.doubles(c * shape[1], (int) shape[1]), requests);
      }
    }
    int edge = (int) Math.round(fduration * fs) / 2;
    List<InferenceRunner.Injection> injections = new ArrayList<>();
    for (int k = 0; k < index.length; k++) {
      injections.add(new InferenceRunner.Injection((int) index[k], (int) shift[k], Math.round(time[k] * fs),
          strain[k], coalescence + edge));
    }
    return new TestSet(fs, white, whitener.offset(), injections);
  }

  /** psd_length from the test data's metadata: the injections were placed after it. */
  static double psdLength(JsonNode meta) {
    if (!meta.has("psd_length")) {
      throw new IllegalArgumentException("the test data predate the rolling PSD (no psd_length in metadata.json):"
          + " delete DATA_DIR/test and rerun to regenerate it");
    }
    return meta.get("psd_length").asDouble();
  }

  private record WaveformRequest(long position, double[] waveform, float[][] into, int detector)
      implements RollingWhitener.Request {
    @Override
    public void accept(double[] whitenedExtended) {
      into[detector] = TrainingSet.toFloat(whitenedExtended);
    }
  }
}

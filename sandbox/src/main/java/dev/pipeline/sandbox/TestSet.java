package dev.pipeline.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The test data as Infer needs it: the background whitened with a PSD measured from itself
 * (edges cropped; sample 0 is raw sample {@link #offset}), and every accepted injection whitened
 * with the same per-detector filters.
 */
record TestSet(double sampleRate, float[][] background, int offset, List<InferenceRunner.Injection> injections) {

  static TestSet load(Path dir, double fduration, double highpass) throws IOException {
    JsonNode meta = Json.read(dir.resolve("metadata.json"));
    double fs = meta.get("sample_rate").asDouble();
    int coalescence = meta.get("coalescence_index").asInt();
    int nfft = Fft.nextPowerOfTwo((int) (TrainingSet.PSD_SEGMENT_SECONDS * fs));
    float[][] white;
    Whitener[] whiteners;
    try (NpyReader r = new NpyReader(dir.resolve("background.npy"))) {
      long[] shape = r.shape();
      white = new float[(int) shape[0]][];
      whiteners = new Whitener[(int) shape[0]];
      for (int i = 0; i < shape[0]; i++) {
        double[] raw = r.doubles(i * shape[1], (int) shape[1]);
        whiteners[i] = Whitener.design(Psd.welch(raw, nfft, fs), fs, fduration, highpass);
        double[] w = whiteners[i].whiten(raw);
        int edge = whiteners[i].edge();
        white[i] = new float[w.length - 2 * edge];
        for (int n = 0; n < white[i].length; n++) {
          white[i][n] = (float) w[n + edge];
        }
      }
    }
    int edge = whiteners[0].edge();
    Map<String, double[]> table = NpyReader.readTable(dir.resolve("injections.npy"));
    List<InferenceRunner.Injection> injections = new ArrayList<>();
    try (NpyReader r = new NpyReader(dir.resolve("injection_strain.npy"))) {
      long[] shape = r.shape();
      double[] index = table.get("index");
      for (int k = 0; k < shape[0]; k++) {
        float[][] strain = new float[(int) shape[1]][];
        for (int i = 0; i < shape[1]; i++) {
          double[] raw = r.doubles((k * shape[1] + i) * shape[2], (int) shape[2]);
          strain[i] = TrainingSet.toFloat(whiteners[i].whitenExtended(raw));
        }
        long sample = Math.round(table.get("time")[k] * fs);
        injections.add(new InferenceRunner.Injection((int) index[k], (int) table.get("shift")[k], sample,
            strain, coalescence + whiteners[0].edge()));
      }
    }
    return new TestSet(fs, white, edge, injections);
  }
}

package dev.pipeline.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Reads the pipeline's HDF5 files with h5py (Debian's python3-h5py, for /usr/bin/python3) and checks
 * them against the .npy/.json copies; skips with the reason when h5py is not installed.
 */
final class H5pyCheck {
  static final Path PYTHON = Path.of("/usr/bin/python3");

  private H5pyCheck() {}

  static boolean available() throws Exception {
    if (!Files.isExecutable(PYTHON)) {
      return false;
    }
    Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import h5py, numpy").redirectErrorStream(true).start();
    return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
  }

  static void assertReadable(Path out, JsonNode sv) throws Exception {
    Assumptions.assumeTrue(available(), "needs /usr/bin/python3 with h5py and numpy (apt-get install python3-h5py)");
    String script = String.join("\n",
        "import h5py, numpy as np, sys",
        "out = sys.argv[1]",
        "bg = np.load(out + '/infer/background_events.npy')",
        "fg = np.load(out + '/infer/foreground_events.npy')",
        "with h5py.File(out + '/infer/background.hdf5', 'r') as f:",
        "    assert np.array_equal(f['detection_statistic'][:], bg['detection_statistic'])",
        "    assert f['shift'].shape == (len(bg), 2), f['shift'].shape",
        "    assert np.array_equal(f['shift'][:, 1], bg['shift'].astype(float))",
        "    tb = float(f.attrs['Tb'])",
        "with h5py.File(out + '/infer/foreground.hdf5', 'r') as f:",
        "    assert np.array_equal(f['detection_statistic'][:], fg['detection_statistic'])",
        "    inj = np.load(out + '/data/test/injections.npy')",
        "    d = dict(zip(inj['index'], inj['distance']))",
        "    assert np.allclose(f['luminosity_distance'][:], [d[i] for i in f['injection_index'][:]])",
        "with h5py.File(out + '/results/sensitive_volume.h5', 'r') as f:",
        "    print(tb, f['sv'][0], f['fars'][0], f.attrs['cosmology'].decode() if isinstance(f.attrs['cosmology'], bytes)"
            + " else f.attrs['cosmology'])");
    Process p = new ProcessBuilder(PYTHON.toString(), "-c", script, out.toString()).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    p.waitFor(60, TimeUnit.SECONDS);
    assertEquals(0, p.exitValue(), output);
    String[] f = output.split("\\s+");
    assertEquals(sv.get("Tb").asDouble(), Double.parseDouble(f[0]), 1e-9);
    JsonNode first = sv.get("points").get(0);
    assertEquals(first.get("sv_gpc3").asDouble(), Double.parseDouble(f[1]), 1e-9);
    assertEquals(first.get("far_per_year").asDouble(), Double.parseDouble(f[2]), 1e-6);
    assertEquals("PLANCK15", f[3]);
  }
}

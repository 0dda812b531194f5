package dev.pipeline.engine.preflight;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** This machine: declared free space, the GPU ids of the pool (when nvidia-smi is here). */
final class MachineChecks {
  private MachineChecks() {}

  static void checkFreeSpace(Map<Path, Long> declared, Problems problems) {
    declared.forEach((dir, megabytes) -> {
      Path existing = dir;
      while (existing != null && !Files.exists(existing)) {
        existing = existing.getParent();
      }
      try {
        long free = existing == null ? 0 : Files.getFileStore(existing).getUsableSpace() >> 20;
        if (free < megabytes) {
          problems.add("[preflight] free_space: " + dir + " has " + size(free) + " free, less"
              + " than the " + size(megabytes) + " declared; free some space or use another"
              + " directory");
        }
      } catch (IOException e) {
        problems.add("[preflight] free_space: cannot read the free space of " + dir + ": "
            + e.getMessage());
      }
    });
  }

  /** Each id of the pool names a GPU that nvidia-smi lists; skipped without nvidia-smi. */
  static void checkGpus(List<String> pool, HostTools tools, Problems problems) {
    var smi = tools.find("nvidia-smi");
    if (pool.isEmpty() || smi.isEmpty()) {
      return;
    }
    HostTools.Result r = tools.run(List.of(smi.get().toString(), "--query-gpu=index,uuid",
        "--format=csv,noheader"), Duration.ofSeconds(20));
    if (r.exitCode() != 0) {
      problems.add("--gpus: nvidia-smi failed: " + r.output().replace('\n', ' ')
          + "; check the NVIDIA driver");
      return;
    }
    List<String> known = new ArrayList<>();
    for (String line : r.output().split("\n")) {
      for (String field : line.split(",")) {
        if (!field.isBlank()) {
          known.add(field.strip());
        }
      }
    }
    List<String> indices = new ArrayList<>();
    for (String line : r.output().split("\n")) {
      if (!line.isBlank()) {
        indices.add(line.split(",")[0].strip());
      }
    }
    for (String id : new LinkedHashSet<>(pool)) {
      if (!known.contains(id)) {
        problems.add("--gpus: GPU " + id + " does not exist on this machine (nvidia-smi lists "
            + String.join(", ", indices) + ")");
      }
    }
  }

  private static String size(long megabytes) {
    return megabytes >= 10 * 1024 ? megabytes / 1024 + " GiB" : megabytes + " MiB";
  }
}

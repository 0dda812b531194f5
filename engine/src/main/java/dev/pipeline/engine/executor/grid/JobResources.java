package dev.pipeline.engine.executor.grid;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * What one cluster job asks for. Zero or null means "the batch system's default". {@code queue}
 * is the SLURM partition; {@code account} the SLURM account or HTCondor accounting group; {@code
 * extra} holds backend lines added verbatim ({@code #SBATCH} directives, submit commands).
 */
public record JobResources(
    int cpus,
    long memoryMb,
    long diskMb,
    Duration time,
    int gpus,
    String queue,
    String account,
    List<String> extra) {

  public static final JobResources DEFAULT = new JobResources(0, 0, 0, null, 0, null, null, List.of());

  public JobResources {
    extra = List.copyOf(extra);
    if (cpus < 0 || memoryMb < 0 || diskMb < 0 || gpus < 0) {
      throw new IllegalArgumentException("job resources must not be negative");
    }
  }

  public JobResources withGpus(int n) {
    return new JobResources(cpus, memoryMb, diskMb, time, n, queue, account, extra);
  }

  /**
   * Reads a size as megabytes: {@code 512M}, {@code 16G}, {@code 1T}, {@code 2048} (plain numbers
   * are megabytes, as in SLURM's {@code --mem} and HTCondor's {@code request_memory}).
   */
  public static long parseMegabytes(String text) {
    String t = text.strip().toUpperCase(Locale.ROOT);
    if (t.endsWith("B")) {
      t = t.substring(0, t.length() - 1);
    }
    long factor = 1;
    if (!t.isEmpty() && Character.isLetter(t.charAt(t.length() - 1))) {
      char unit = t.charAt(t.length() - 1);
      factor = switch (unit) {
        case 'K' -> -1024; // negative: divide
        case 'M' -> 1;
        case 'G' -> 1024;
        case 'T' -> 1024 * 1024;
        default -> throw new IllegalArgumentException(
            "unknown size unit '" + unit + "' in '" + text + "' (use K, M, G or T)");
      };
      t = t.substring(0, t.length() - 1).strip();
    }
    long n;
    try {
      n = Long.parseLong(t);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a size: '" + text + "' (write e.g. 512M or 16G)");
    }
    if (n < 0) {
      throw new IllegalArgumentException("a size cannot be negative: '" + text + "'");
    }
    return factor < 0 ? Math.max(1, (n + 1023) / 1024) : n * factor;
  }
}

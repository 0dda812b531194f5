package dev.pipeline.api;

import java.util.HexFormat;

/**
 * Identity of a task: its family and the canonical rendering of its significant parameters, e.g.
 * {@code Train(lr=0.001, seed=1)}. Two task objects with the same id are the same task.
 */
public record TaskId(String family, String canonical) implements Comparable<TaskId> {

  @Override
  public String toString() {
    return canonical;
  }

  // Written out rather than the record's generated methods: those bootstrap through
  // invokedynamic on first use, which costs a short CLI run more than all the hashing after it.
  // The canonical text includes the family, so it alone decides equality.
  @Override
  public boolean equals(Object o) {
    return o instanceof TaskId other && canonical.equals(other.canonical);
  }

  @Override
  public int hashCode() {
    return canonical.hashCode();
  }

  /**
   * A short, file-name-safe digest of the canonical form (16 hex digits of {@link #hash64()}),
   * stable across runs and machines; used for log and job file names.
   */
  public String digest() {
    return HexFormat.of().toHexDigits(hash64());
  }

  /** A cheap 64-bit hash (FNV-1a): collisions are ~1e-8 likely among a million tasks. */
  public long hash64() {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < canonical.length(); i++) {
      h ^= canonical.charAt(i);
      h *= 0x100000001b3L;
    }
    return h;
  }

  @Override
  public int compareTo(TaskId other) {
    return canonical.compareTo(other.canonical);
  }
}

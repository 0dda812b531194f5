package dev.pipeline.engine.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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

  /** A short, file-name-safe digest of the canonical form, stable across runs and machines. */
  public String digest() {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /** A cheap 64-bit hash (FNV-1a) used where a file name is not needed, e.g. lock offsets. */
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

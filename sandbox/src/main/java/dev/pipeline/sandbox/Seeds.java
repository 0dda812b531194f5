package dev.pipeline.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Independent random streams derived from the one {@code seed} parameter and a purpose label, so
 * that e.g. test noise never repeats training noise and adding a detector does not change the
 * others' noise.
 */
final class Seeds {
  private Seeds() {}

  static long derive(long seed, String label, long index) {
    long h = seed * 0x9E3779B97F4A7C15L + index;
    for (byte b : label.getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ b) * 0x100000001B3L;
    }
    return new SplittableRandom(h).nextLong();
  }

  static SplittableRandom random(long seed, String label, long index) {
    return new SplittableRandom(derive(seed, label, index));
  }
}

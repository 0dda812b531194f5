package dev.pipeline.engine.provenance;

import java.util.List;

/**
 * 64-bit hashes that let the freshness check compare a record with the present by two numbers per
 * output, parsing a record's details only to name what changed.
 */
final class Hashes {
  private Hashes() {}

  /** FNV-1a over the characters: the same function as {@link dev.pipeline.api.TaskId#hash64()}. */
  static long text(String s) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < s.length(); i++) {
      h ^= s.charAt(i);
      h *= 0x100000001b3L;
    }
    return h;
  }

  /** Order-free over the inputs (a requirement list may be built in another order). */
  static long inputs(List<ProvenanceRecord.Input> inputs) {
    long sum = 0;
    for (ProvenanceRecord.Input in : inputs) {
      sum += input(in.uri(), in.fingerprint());
    }
    return sum;
  }

  static long input(String uri, String fingerprint) {
    long h = text(uri) * 31 + (fingerprint == null ? 0x9e3779b97f4a7c15L : text(fingerprint));
    // A finaliser (from SplitMix64): sums of raw FNV values would cancel too easily.
    h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
    h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
    return h ^ (h >>> 31);
  }
}

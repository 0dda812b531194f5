package dev.pipeline.api.targets;

import java.util.List;

/**
 * A place targets live in, able to answer existence for many targets in bulk. A remote store
 * implements this with one paginated listing per common prefix; a local store with one directory
 * listing per parent directory once enough siblings are asked about.
 */
public interface TargetStore {
  /**
   * Existence of each target, in order. Every target's {@link Target#store()} is this store.
   * Results may be served from a listing taken at the start of the call, never from older state.
   */
  boolean[] exists(List<? extends Target> targets);

  /** {@link Target#fingerprint()} of each target, in order; a store may answer in bulk. */
  default String[] fingerprints(List<? extends Target> targets) {
    String[] out = new String[targets.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = targets.get(i).fingerprint();
    }
    return out;
  }
}

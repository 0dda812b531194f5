package dev.pipeline.engine.graph;

/**
 * Whether a task's existing outputs may be used, decided beside existence for a whole level at
 * once (see {@link FreshnessCheck}).
 *
 * @param reason why it runs ({@code missing}, {@code stale: learning_rate 0.003 -> 0.01},
 *     {@code forced}); for a complete task null, or {@code no provenance} where provenance was
 *     looked for and not found
 * @param explore whether its requirements are walked (a complete leaf's never are)
 */
public record Verdict(Kind kind, String reason, boolean explore) {
  public enum Kind {
    /** Some output does not exist. */
    MISSING,
    /** Every output exists and nothing recorded says what made them (older runs, other tools). */
    NO_PROVENANCE,
    /** Every output exists and its provenance matches the task as it is now. */
    FRESH,
    /** Every output exists but a rerun trigger fired. */
    STALE,
    /** Every output exists and the run was told to make them again. */
    FORCED
  }

  public static final Verdict MISSING = new Verdict(Kind.MISSING, "missing", true);
  /** Complete as luigi sees it: a leaf whose requirements are never asked for. */
  public static final Verdict LEAF = new Verdict(Kind.NO_PROVENANCE, null, false);

  /** Its existing outputs count as done (unless something upstream of it reruns). */
  public boolean complete() {
    return kind == Kind.NO_PROVENANCE || kind == Kind.FRESH;
  }

  /** It has outputs that exist but must be made again. */
  public boolean rerun() {
    return kind == Kind.STALE || kind == Kind.FORCED;
  }
}

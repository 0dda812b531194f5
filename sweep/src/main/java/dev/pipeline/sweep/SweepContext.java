package dev.pipeline.sweep;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What every point of one invocation shares.
 *
 * @param layout where files go
 * @param runId this invocation's id, recorded in stat.json (forced points must succeed in it)
 * @param force re-run succeeded commands ({@code -f}, {@code -d})
 * @param timeout per point, over all its commands; null for none
 * @param gpuSlots whether points take one slot of the GPU pool (the file has {@code resource})
 * @param scratch where command exit codes are handed over ({@code .pipeline/sweep})
 * @param reporter the console
 */
record SweepContext(SweepLayout layout, String runId, boolean force, Duration timeout,
    boolean gpuSlots, Path scratch, SweepReporter reporter) {}

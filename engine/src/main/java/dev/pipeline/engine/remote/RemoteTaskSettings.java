package dev.pipeline.engine.remote;

import dev.pipeline.engine.executor.grid.JobResources;

/**
 * How one task runs on a cluster: which backend, the job's resources, how often a job killed at
 * its wall time is resubmitted, and how fan-outs of its family are grouped into job arrays.
 *
 * @param maxRestarts resubmissions after wall-time kills ({@code max_restarts}; 0: none)
 * @param arrayParallelism array elements running at once ({@code array_parallelism}; 0: no cap)
 * @param maxArraySize the largest array to submit; bigger fan-outs are split
 */
public record RemoteTaskSettings(String executor, JobResources resources, int maxRestarts,
    int arrayParallelism, int maxArraySize) {}

package dev.pipeline.engine.executor.local;

import dev.pipeline.engine.executor.ResourceUsage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * CPU time and peak resident set of local jobs, measured without a process of their own (the
 * local executor has no wrapper around a command: the JVM reaps it).
 *
 * <p>CPU time is <b>exact</b> (to the 10 ms tick) for a job that ran alone, that is when no other
 * local job of this JVM was live at any moment of its life, which is always the case with one
 * worker: when the JVM reaps the job's process, the kernel adds that process's CPU time and that
 * of every descendant it waited for to the JVM's children totals, and the job's share is what
 * those grew by between its start and its end. (A process that a Java task started itself in
 * another worker, reaped meanwhile, would be counted too: this class cannot see those.)
 *
 * <p>Otherwise, and for the peak resident set always, the job's process tree is <b>sampled</b>
 * from /proc every {@link #EVERY} while it runs (each live job at each tick): the largest CPU
 * total and the largest peak seen, both lower bounds (what ran after the last sample, or in a
 * process that left the tree, is missed). A job shorter than {@link #EVERY} may get no sample,
 * hence no peak, and no CPU time unless it ran alone.
 *
 * <p>One meter serves the whole JVM: the children totals it reads are the process's own. Its
 * sampling thread runs only while some job is live.
 */
final class UsageMeter {
  static final Duration EVERY = Duration.ofMillis(100);

  private final Set<Job> live = new HashSet<>(); // guarded by this
  private ScheduledThreadPoolExecutor sampler; // guarded by this
  private ScheduledFuture<?> sampling; // guarded by this; set while a job is live

  /**
   * Starts measuring a job; before its process starts, so that it cannot be reaped before the
   * baseline is read.
   */
  synchronized Job starting() {
    Job job = new Job(live.isEmpty() ? ProcUsage.reapedChildrenTicks().orElse(null) : null);
    live.forEach(Job::shared);
    live.add(job);
    if (sampling == null) {
      long every = EVERY.toMillis();
      sampling = sampler().scheduleAtFixedRate(this::sample, every, every, TimeUnit.MILLISECONDS);
    }
    return job;
  }

  /**
   * What the job used, once its process was reaped (or could not start); {@link
   * ResourceUsage#NONE} where nothing is known.
   */
  ResourceUsage ended(Job job) {
    Long reaped;
    synchronized (this) {
      reaped = job.baseline != null ? ProcUsage.reapedChildrenTicks().orElse(null) : null;
      live.remove(job);
      if (live.isEmpty() && sampling != null) {
        sampling.cancel(false);
        sampling = null;
      }
    }
    return job.usage(reaped);
  }

  private void sample() {
    List<Job> jobs;
    synchronized (this) {
      jobs = new ArrayList<>(live);
    }
    for (Job job : jobs) {
      long pid = job.pid;
      if (pid > 0) {
        job.record(ProcUsage.tree(pid));
      }
    }
  }

  private ScheduledThreadPoolExecutor sampler() {
    if (sampler == null) {
      sampler = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "pipeline-usage-sampler");
        t.setDaemon(true);
        return t;
      });
      sampler.setRemoveOnCancelPolicy(true);
    }
    return sampler;
  }

  /** One job's measurements. */
  static final class Job {
    /** The JVM's reaped-children ticks at its start; null once another job shared its life. */
    private Long baseline; // guarded by the meter
    private volatile long pid;
    private long sampledTicks = -1; // guarded by this
    private long peakRssKb; // guarded by this

    private Job(Long baseline) {
      this.baseline = baseline;
    }

    /** Its process, once started. */
    void started(long pid) {
      this.pid = pid;
    }

    private void shared() {
      baseline = null;
    }

    private synchronized void record(ProcUsage.Sample sample) {
      if (sample.cpuTicks() > 0 || sample.peakRssKb() > 0) {
        sampledTicks = Math.max(sampledTicks, sample.cpuTicks());
        peakRssKb = Math.max(peakRssKb, sample.peakRssKb());
      }
    }

    private synchronized ResourceUsage usage(Long reaped) {
      long ticks = baseline != null && reaped != null ? reaped - baseline : sampledTicks;
      Double cpu = ticks >= 0 ? ticks / (double) ProcUsage.TICKS_PER_SECOND : null;
      Long peak = peakRssKb > 0 ? peakRssKb : null;
      return new ResourceUsage(cpu, peak, null);
    }
  }
}

package dev.pipeline.engine.testing;

import dev.pipeline.api.Family;
import dev.pipeline.api.Param;
import dev.pipeline.api.ResourceRequest;
import dev.pipeline.api.RetryPolicy;
import dev.pipeline.api.Task;
import dev.pipeline.api.TaskContext;
import dev.pipeline.api.TaskFailedException;
import dev.pipeline.api.targets.local.LocalFileTarget;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;

/**
 * The general-purpose test task. Identity is {@code key} and {@code name}; everything else only
 * shapes behaviour: an optional output {@code out/NAME.txt} (none makes it a wrapper task),
 * requirements set in code, a sleep, GPUs, a priority, failing the first {@code failTimes}
 * attempts, a ledger line per run() call, and a rendezvous with other tasks of the same key.
 * Every run() call is counted and its interval recorded in {@link Recorder}.
 */
@Family(value = "TestNode", description = "test task that sleeps, records and optionally fails")
public class Node extends Task {
  @Param public String key = "k";
  @Param public String name = "n";
  @Param(significant = false) public Path out;
  @Param(significant = false) public long millis;
  @Param(significant = false) public int gpus;
  @Param(significant = false) public int priority;
  @Param(significant = false, description = "the first N attempts fail")
  public int failTimes;
  @Param(significant = false, description = "failures are not retryable")
  public boolean permanent;
  @Param(significant = false, description = "file that gets 'NAME PID' appended per run() call")
  public Path ledger;
  @Param(significant = false, description = "wait until this many tasks of the key have started")
  public int rendezvous;

  /** Requirements, set in code (not a parameter, so not part of the identity). */
  public List<Task> deps = List.of();
  /** Null: the run's default policy. */
  public RetryPolicy retry;

  public static Node of(String key, String name) {
    Node n = new Node();
    n.key = key;
    n.name = name;
    return n;
  }

  public Node out(Path dir) {
    this.out = dir;
    return this;
  }

  public Node millis(long value) {
    this.millis = value;
    return this;
  }

  public Node gpus(int value) {
    this.gpus = value;
    return this;
  }

  public Node priority(int value) {
    this.priority = value;
    return this;
  }

  public Node failTimes(int value) {
    this.failTimes = value;
    return this;
  }

  public Node permanent() {
    this.permanent = true;
    return this;
  }

  public Node ledger(Path file) {
    this.ledger = file;
    return this;
  }

  public Node rendezvous(int parties) {
    this.rendezvous = parties;
    return this;
  }

  public Node retry(RetryPolicy policy) {
    this.retry = policy;
    return this;
  }

  public Node requires(Task... tasks) {
    this.deps = List.of(tasks);
    return this;
  }

  @Override
  public Object requires() {
    return deps;
  }

  @Override
  public Object output() {
    return out == null ? null : target();
  }

  public LocalFileTarget target() {
    return new LocalFileTarget(out.resolve(name + ".txt"));
  }

  @Override
  public ResourceRequest resources() {
    return ResourceRequest.gpus(gpus);
  }

  @Override
  public RetryPolicy retryPolicy() {
    return retry;
  }

  @Override
  public int priority() {
    return priority;
  }

  @Override
  public void run(TaskContext context) throws Exception {
    long start = System.nanoTime();
    int invocation = Recorder.increment(key, name);
    if (ledger != null) {
      Files.writeString(ledger, name + " " + ProcessHandle.current().pid() + "\n",
          StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
    if (rendezvous > 0 && !Recorder.rendezvous(key, rendezvous, Duration.ofSeconds(10))) {
      throw new TaskFailedException(name + ": the other tasks never started", false);
    }
    if (millis > 0) {
      Thread.sleep(millis);
    }
    Recorder.interval(key, new Recorder.Interval(name, context.attempt(), start, System.nanoTime(),
        context.gpus(), context.environment().get("CUDA_VISIBLE_DEVICES")));
    if (invocation <= failTimes) {
      throw new TaskFailedException(name + " failed on attempt " + context.attempt(), !permanent);
    }
    if (out != null) {
      target().writeString(name + "\n");
    }
  }
}

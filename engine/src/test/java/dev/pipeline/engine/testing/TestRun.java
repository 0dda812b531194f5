package dev.pipeline.engine.testing;

import dev.pipeline.engine.event.RunEvent;
import dev.pipeline.engine.event.RunListener;
import dev.pipeline.engine.event.RunSummary;
import dev.pipeline.engine.event.TaskEvent;
import dev.pipeline.engine.event.TaskState;
import dev.pipeline.api.Task;
import dev.pipeline.engine.scheduler.RunOptions;
import dev.pipeline.engine.scheduler.Scheduler;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Runs tasks with a {@link Scheduler} and keeps every event it emitted, in order. */
public final class TestRun {
  public final RunSummary summary;
  public final List<RunEvent> events;

  private TestRun(RunSummary summary, List<RunEvent> events) {
    this.summary = summary;
    this.events = List.copyOf(events);
  }

  public static TestRun run(RunOptions options, Task... roots) {
    Recorded recorded = new Recorded();
    RunSummary summary = new Scheduler(options).listener(recorded).run(List.of(roots));
    return new TestRun(summary, recorded.events);
  }

  /** The events a listener kept, for a run that ended by throwing (no summary). */
  public static TestRun of(Recorded recorded) {
    return new TestRun(null, recorded.events);
  }

  /** Every task event, in order. */
  public List<TaskEvent> taskEvents() {
    List<TaskEvent> out = new ArrayList<>();
    for (RunEvent e : events) {
      if (e instanceof TaskEvent t) {
        out.add(t);
      }
    }
    return out;
  }

  /** The states {@code task} went through, in order. */
  public List<TaskState> states(Task task) {
    List<TaskState> out = new ArrayList<>();
    for (TaskEvent e : taskEvents()) {
      if (e.task().equals(task.id())) {
        out.add(e.state());
      }
    }
    return out;
  }

  /** The last state of {@code task}, or null when it had none. */
  public TaskState finalState(Task task) {
    List<TaskState> s = states(task);
    return s.isEmpty() ? null : s.get(s.size() - 1);
  }

  public List<TaskEvent> events(Task task, TaskState state) {
    List<TaskEvent> out = new ArrayList<>();
    for (TaskEvent e : taskEvents()) {
      if (e.task().equals(task.id()) && e.state() == state) {
        out.add(e);
      }
    }
    return out;
  }

  public List<TaskEvent> events(TaskState state) {
    List<TaskEvent> out = new ArrayList<>();
    for (TaskEvent e : taskEvents()) {
      if (e.state() == state) {
        out.add(e);
      }
    }
    return out;
  }

  /** A listener that keeps every event. */
  public static final class Recorded implements RunListener {
    public final List<RunEvent> events = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void onEvent(RunEvent event) {
      events.add(event);
    }
  }
}

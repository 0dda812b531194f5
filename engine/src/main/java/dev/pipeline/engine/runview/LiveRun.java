package dev.pipeline.engine.runview;

import dev.pipeline.engine.event.RunEvent;
import dev.pipeline.engine.event.RunListener;
import dev.pipeline.engine.event.RunStarted;

/**
 * The run of this process, fed by its events: a {@link RunListener} that keeps a {@link RunModel}
 * (one short synchronized update per event, nothing slow on the scheduler's thread).
 */
public final class LiveRun implements RunListener {
  private volatile RunModel model;
  private volatile String runId;
  private final TaskDetails details;
  private final Runnable stop;

  /** {@code stop} interrupts the run (as Ctrl-C does), for a UI that allows it. */
  public LiveRun(TaskDetails details, Runnable stop) {
    this.details = details;
    this.stop = stop;
  }

  @Override
  public void onEvent(RunEvent event) {
    if (event instanceof RunStarted s) {
      runId = s.runId();
      model = new RunModel(s.runId());
    }
    RunModel m = model;
    if (m != null) {
      m.apply(EventRecords.of(event, runId), EventRecords.time(event));
    }
  }

  /** The model once the run started; null before. */
  public RunModel model() {
    return model;
  }

  public TaskDetails details() {
    return details;
  }

  public void stop() {
    stop.run();
  }
}

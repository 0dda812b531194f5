package dev.pipeline.engine.scheduler;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Ctrl-C and SIGTERM: the first one interrupts the scheduler (stop launching, terminate running
 * tasks and their processes, record it); a second one exits at once.
 */
public final class InterruptSignals {
  private static final Logger LOG = LoggerFactory.getLogger(InterruptSignals.class);

  private InterruptSignals() {}

  public static void install(Scheduler scheduler, Runnable announce) {
    Runnable[] state = {null};
    for (String name : new String[] {"INT", "TERM"}) {
      try {
        Signal.handle(new Signal(name), sig -> {
          synchronized (state) {
            if (state[0] != null) {
              Runtime.getRuntime().halt(128 + sig.getNumber());
            }
            state[0] = announce;
          }
          announce.run();
          scheduler.interrupt();
        });
      } catch (IllegalArgumentException e) {
        LOG.debug("cannot handle SIG{} here: {}", name, e.getMessage());
      }
    }
  }
}

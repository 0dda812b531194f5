package dev.pipeline.engine.scheduler;

import dev.pipeline.engine.executor.local.LocalProcessExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Ctrl-C, SIGTERM and SIGHUP (a closed terminal or tmux pane): the first one interrupts the
 * scheduler (stop launching, terminate running tasks and their processes, record it); a second one
 * KILLs the tasks' processes and exits at once. The processes run in their own process groups, so
 * these signals reach them only through here. A signal the JVM was started ignoring ({@code nohup})
 * stays ignored.
 */
public final class InterruptSignals {
  private static final Logger LOG = LoggerFactory.getLogger(InterruptSignals.class);

  private InterruptSignals() {}

  public static void install(Scheduler scheduler, Runnable announce) {
    Runnable[] state = {null};
    for (String name : new String[] {"INT", "TERM", "HUP"}) {
      try {
        Signal.handle(new Signal(name), sig -> {
          synchronized (state) {
            if (state[0] != null) {
              LocalProcessExecutor.killAllNow();
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

package dev.pipeline.engine.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProgressTest {
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  @Test
  void render_beforeAnythingFinishedHasNoEta() {
    assertEquals("[--------------------] 0/10000 done, 2 running, 0 failed",
        new Progress(10000, 0, 2, 0, 0).render(5 * SECOND));
  }

  @Test
  void render_etaFromTheRateSoFar() {
    // 523 finished in 30 s: 9477 more take 543.6 s
    assertEquals("[#-------------------] 523/10000 done, 2 running, 0 failed, ETA 9m04s",
        new Progress(10000, 523, 2, 0, 0).render(30 * SECOND));
    assertEquals("[##########----------] 5/10 done, 1 running, 0 failed, ETA 5s",
        new Progress(10, 5, 1, 0, 0).render(5 * SECOND));
  }

  @Test
  void render_failedAndSkippedCountAsFinished() {
    assertEquals("[################----] 6/10 done, 0 running, 1 failed, 1 skipped, ETA 2s",
        new Progress(10, 6, 0, 1, 1).render(8 * SECOND));
  }

  @Test
  void render_completeRunIsAFullBarWithoutEta() {
    assertEquals("[####################] 7/7 done, 0 running, 0 failed",
        new Progress(7, 7, 0, 0, 0).render(SECOND));
  }

  @Test
  void bar_neverOverflows() {
    assertEquals("[####################]", new Progress(3, 5, 0, 0, 0).bar());
    assertEquals("[####################]", new Progress(0, 0, 0, 0, 0).bar());
  }

  @Test
  void formatSeconds_unitsGrowWithTheValue() {
    assertEquals("0s", Progress.formatSeconds(0.4));
    assertEquals("59s", Progress.formatSeconds(59));
    assertEquals("1m20s", Progress.formatSeconds(80));
    assertEquals("2h05m", Progress.formatSeconds(7500));
  }
}

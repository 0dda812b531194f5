package dev.pipeline.engine.inspect;

import dev.pipeline.api.TaskId;
import dev.pipeline.engine.scheduler.ClaimRegistry;
import java.nio.file.Path;

/**
 * Another engine process, as far as claims go: claims a task on a run directory, says "held",
 * and keeps the claim until its standard input closes. Usage: STATE_DIR FAMILY CANONICAL_ID.
 */
public final class HoldClaim {
  private HoldClaim() {}

  public static void main(String[] args) throws Exception {
    try (ClaimRegistry claims = ClaimRegistry.open(Path.of(args[0]))) {
      if (!claims.tryClaim(new TaskId(args[1], args[2]))) {
        System.out.println("busy");
        return;
      }
      System.out.println("held");
      System.out.flush();
      while (System.in.read() >= 0) {
        // wait for the test to close our stdin
      }
    }
  }
}

package dev.pipeline.engine.executor.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PodLogCursorTest {
  @TempDir Path tmp;

  @Test
  void whatOneEngineSaved_theNextResumesFrom() {
    Path log = tmp.resolve("Train-abc.log");
    PodLogCursor first = PodLogCursor.fresh(log);
    first.advance("pod-1", Instant.parse("2026-01-01T10:00:00.5Z"));
    first.finished("pod-1"); // failed under backoffLimit; its log is complete
    first.advance("pod-2", Instant.parse("2026-01-01T10:05:00.25Z"));
    first.save();
    PodLogCursor next = PodLogCursor.resume(log);
    assertTrue(next.done("pod-1"));
    assertNull(next.last("pod-1"));
    assertFalse(next.done("pod-2"));
    assertTrue(next.started("pod-2"));
    assertEquals(Instant.parse("2026-01-01T10:05:00.25Z"), next.last("pod-2"));
    assertFalse(next.started("pod-3"));
  }

  @Test
  void aNewJobStartsFromNothing_andADeletedCursorIsNeverWrittenAgain() throws Exception {
    Path log = tmp.resolve("Train-abc.log");
    Files.writeString(PodLogCursor.fileOf(log), "old-pod done\n");
    PodLogCursor c = PodLogCursor.fresh(log);
    assertFalse(Files.exists(PodLogCursor.fileOf(log)), "an earlier Job's positions are gone");
    assertFalse(c.started("old-pod"));
    c.advance("pod-1", Instant.parse("2026-01-01T10:00:00Z"));
    c.delete();
    c.save(); // a follower thread that stops after its Job was deleted
    assertFalse(Files.exists(PodLogCursor.fileOf(log)));
    assertFalse(PodLogCursor.resume(tmp.resolve("none.log")).started("pod-1"), "no file: from the start");
  }
}

package dev.pipeline.engine.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pipeline.api.TaskId;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobRecordsTest {
  @TempDir Path dir;

  private static JobRecords.JobRecord record(String task, String jobId) {
    return new JobRecords.JobRecord(task, "slurm", jobId, 1, 0, "/x.exitcode", "/x.json", "/sub",
        "2026-01-01T00:00:00Z");
  }

  @Test
  void saveFindDelete() {
    JobRecords records = new JobRecords(dir);
    TaskId id = new TaskId("Train", "Train(lr=0.1)");
    assertTrue(records.find(id).isEmpty());
    records.save(id, record(id.canonical(), "12_3"));
    assertEquals("12_3", records.find(id).get().jobId());
    records.save(id, record(id.canonical(), "13"));
    assertEquals("13", records.find(id).get().jobId());
    records.delete(id);
    assertTrue(records.find(id).isEmpty());
  }

  @Test
  void aRecordOfAnotherTask_orATornFile_isIgnored() throws Exception {
    JobRecords records = new JobRecords(dir);
    TaskId id = new TaskId("Train", "Train(lr=0.1)");
    records.save(id, record("Train(lr=0.2)", "12"));
    assertTrue(records.find(id).isEmpty());
    Files.writeString(records.file(id), "{\"task\": \"Train(lr");
    assertTrue(records.find(id).isEmpty());
  }
}

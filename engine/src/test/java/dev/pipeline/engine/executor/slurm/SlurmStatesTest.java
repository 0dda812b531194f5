package dev.pipeline.engine.executor.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pipeline.engine.executor.Termination;
import dev.pipeline.engine.executor.grid.Golden;
import dev.pipeline.engine.executor.grid.QueueStatus;
import dev.pipeline.engine.executor.grid.QueueStatus.Phase;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Recorded squeue, scontrol and sacct output reduced to phases and terminations. */
class SlurmStatesTest {
  @Test
  void parseSqueue_everyStateOfTheRecording() throws IOException {
    Map<String, QueueStatus> s = SlurmStates.parseSqueue(Golden.read("executor/slurm/squeue-all-states.txt"));
    assertEquals(33, s.size());
    assertEquals(Phase.ENDED, s.get("1").phase());
    assertEquals(Termination.NONE, s.get("1").termination());
    assertEquals(Termination.TIME_LIMIT, s.get("16").termination());
    assertEquals("TIMEOUT (TimeLimit)", s.get("16").describe());
    assertEquals(Termination.CANCELLED, s.get("20_2").termination());
    assertEquals(Phase.ENDED, s.get("23").phase()); // FAILED: the exit file says how
    assertEquals(Phase.STUCK, s.get("24").phase()); // DependencyNeverSatisfied
    assertEquals(Phase.RUNNING, s.get("26_0").phase());
    assertEquals(Phase.QUEUED, s.get("26_5").phase()); // JobArrayTaskLimit
    assertEquals("PENDING (JobArrayTaskLimit)", s.get("26_5").describe());
    assertEquals(Phase.STUCK, s.get("28").phase()); // PartitionTimeLimit
  }

  @Test
  void parseScontrol_rebuildsArrayElementIds() throws IOException {
    Map<String, QueueStatus> timeout = SlurmStates.parseScontrol(Golden.read("executor/slurm/scontrol-timeout.txt"));
    assertEquals(Termination.TIME_LIMIT, timeout.get("16").termination());
    Map<String, QueueStatus> element = SlurmStates.parseScontrol(Golden.read("executor/slurm/scontrol-array-element.txt"));
    assertEquals(Phase.QUEUED, element.get("26_3").phase());
    Map<String, QueueStatus> failed = SlurmStates.parseScontrol(Golden.read("executor/slurm/scontrol-failed.txt"));
    assertEquals(Phase.ENDED, failed.get("23").phase());
  }

  @Test
  void parseSacct_allocationLinesOnly() throws IOException {
    Map<String, QueueStatus> s = SlurmStates.parseSacct(Golden.read("executor/slurm/sacct.txt")
        + "41.batch|COMPLETED|0:0\n");
    assertEquals(5, s.size());
    assertEquals(Termination.TIME_LIMIT, s.get("42_0").termination());
    assertEquals(Termination.CANCELLED, s.get("42_1").termination());
    assertEquals(Termination.OUT_OF_MEMORY, s.get("43").termination());
    assertEquals(Termination.NODE_FAILURE, s.get("44").termination());
  }

  @Test
  void parseSacct_recordedWithAccounting() throws IOException {
    Map<String, QueueStatus> s = SlurmStates.parseSacct(Golden.read("executor/slurm/sacct-recorded.txt"));
    assertEquals(6, s.size());
    assertEquals(Phase.ENDED, s.get("61").phase());
    assertEquals(Termination.NONE, s.get("62_1").termination());
    assertEquals(Termination.TIME_LIMIT, s.get("63").termination());
    assertEquals(Termination.CANCELLED, s.get("64").termination());
  }

  @Test
  void status_shortCodesAndUnknownStates() {
    assertEquals(Phase.RUNNING, SlurmStates.status("CG", null).phase());
    assertEquals("COMPLETING", SlurmStates.status("CG", null).nativeState());
    assertEquals(Termination.TIME_LIMIT, SlurmStates.status("TO", null).termination());
    assertEquals(Phase.RUNNING, SlurmStates.status("SOMETHING_NEW", null).phase());
  }
}

package dev.pipeline.engine.executor.local;

import dev.pipeline.engine.executor.Executor;
import dev.pipeline.engine.executor.ExecutorContractTest;
import dev.pipeline.engine.executor.JobHandle;
import java.nio.file.Path;

/** The executor contract for child processes of this JVM. */
class LocalProcessExecutorContractTest extends ExecutorContractTest {
  @Override
  protected Executor newExecutor(Path stateDirectory) throws Exception {
    return new LocalProcessExecutor(stateDirectory);
  }

  @Override
  protected boolean hasJobSideWrapper() {
    return false;
  }

  @Override
  protected void killWrapperHard(JobHandle job) {
    ProcessHandle.of(Long.parseLong(job.jobId())).orElseThrow().destroyForcibly();
  }
}

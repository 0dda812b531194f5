package dev.pipeline.engine.executor.k8s;

import dev.pipeline.engine.executor.Executor;
import dev.pipeline.engine.executor.ExecutorContractTest;
import dev.pipeline.engine.executor.JobHandle;
import dev.pipeline.engine.testing.FakeJobController;
import dev.pipeline.engine.testing.MockCluster;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

/**
 * Kubernetes under the executor contract: the fabric8 mock API server, with the fake Job
 * controller running each pod's command as a real local process and reporting its exit code as
 * the kubelet would. A pod shares no file system with the engine, so the exit code it reports is
 * the job's.
 */
class KubernetesExecutorContractTest extends ExecutorContractTest {
  private static final String NS = "contract";
  private MockCluster cluster;
  private FakeJobController controller;

  @Override
  protected Executor newExecutor(Path stateDirectory) throws Exception {
    cluster = new MockCluster();
    controller = new FakeJobController(cluster, NS);
    return new KubernetesExecutor(cluster.server.createClient(), KubernetesSettings.from(Map.of(
        "namespace", NS, "image", "pipeline:test", "poll_interval", "50ms")), Map::of, Map.of());
  }

  @Override
  protected boolean sharesTheEnginesFileSystem() {
    return false;
  }

  /** The node is lost: the Job vanishes, its pod with it, and no kubelet reports an exit code. */
  @Override
  protected void killWrapperHard(JobHandle job) {
    cluster.client.batch().v1().jobs().inNamespace(NS).withName(job.jobId()).delete();
  }

  @AfterEach
  void stopCluster() {
    controller.close();
    cluster.close();
  }
}

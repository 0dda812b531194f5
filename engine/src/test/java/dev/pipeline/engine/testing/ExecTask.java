package dev.pipeline.engine.testing;

import dev.pipeline.api.Command;
import dev.pipeline.api.Family;
import dev.pipeline.api.Param;
import dev.pipeline.api.ResourceRequest;
import dev.pipeline.api.Task;
import dev.pipeline.api.TaskContext;
import dev.pipeline.api.targets.local.LocalFileTarget;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Runs {@code bash -c SCRIPT} through {@link TaskContext#exec(Command)}, after printing
 * {@code message} with System.out; writes {@code out/NAME.txt} when the command succeeded.
 */
@Family(value = "TestExec", description = "test task that runs a bash script")
public class ExecTask extends Task {
  @Param public String key = "k";
  @Param public String name = "exec";
  @Param(significant = false) public String script = "true";
  @Param(significant = false) public Path out;
  @Param(significant = false, description = "command time limit; 0s for none")
  public Duration timeout = Duration.ZERO;
  @Param(significant = false) public String message;
  @Param(significant = false) public int gpus;

  public static ExecTask of(String key, String name, String script) {
    ExecTask t = new ExecTask();
    t.key = key;
    t.name = name;
    t.script = script;
    return t;
  }

  public ExecTask out(Path dir) {
    this.out = dir;
    return this;
  }

  public ExecTask timeout(Duration value) {
    this.timeout = value;
    return this;
  }

  public ExecTask message(String value) {
    this.message = value;
    return this;
  }

  public ExecTask gpus(int value) {
    this.gpus = value;
    return this;
  }

  @Override
  public Object output() {
    return out == null ? null : new LocalFileTarget(out.resolve(name + ".txt"));
  }

  @Override
  public ResourceRequest resources() {
    return ResourceRequest.gpus(gpus);
  }

  @Override
  public void run(TaskContext context) throws Exception {
    Recorder.increment(key, name);
    if (message != null) {
      System.out.println(message);
    }
    context.exec(new Command(List.of("bash", "-c", script), null, Map.of(),
        timeout.isZero() ? null : timeout));
    if (out != null) {
      ((LocalFileTarget) outputTarget()).writeString("ok\n");
    }
  }
}

package dev.pipeline.engine.sandbox;

import dev.pipeline.api.Command;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code apptainer::IMAGE} or {@code singularity::IMAGE}: {@code exec} with the mounts bound at
 * the same paths and the working directory. Apptainer runs as the caller and passes the caller's
 * environment (so the run's variables and {@code CUDA_VISIBLE_DEVICES}, in host numbering, which
 * {@code --nv} keeps); {@code --nv} is added when the attempt holds GPUs.
 */
public final class ApptainerSandbox implements Sandbox {
  private final String kind;
  private final String program;
  private final String image;
  private final ContainerOptions options;

  public ApptainerSandbox(String kind, String program, String image, ContainerOptions options) {
    this.kind = kind;
    this.program = program;
    this.image = image;
    this.options = options;
  }

  public String image() {
    return image;
  }

  /** Whether the image is a file here rather than a URI ({@code docker://}, {@code library://}). */
  public boolean localImage() {
    return !image.contains("://");
  }

  @Override
  public Command wrap(Command command, SandboxCall call) {
    List<String> argv = new ArrayList<>(List.of(program, "exec"));
    String flags = options.gpuFlags();
    if (!call.gpus().isEmpty() && (flags.equals("auto") || flags.equals("nv"))) {
      argv.add("--nv");
    }
    List<String> binds = Mounts.volumes(call.mounts(), options.mounts());
    if (!binds.isEmpty()) {
      argv.add("--bind");
      argv.add(String.join(",", binds));
    }
    if (command.workDir() != null) {
      argv.add("--pwd");
      argv.add(command.workDir().toString());
    }
    argv.addAll(options.extra());
    argv.add(image);
    argv.addAll(command.argv());
    return new Command(argv, command.workDir(), command.env(), command.timeout());
  }

  @Override
  public String describe() {
    return kind + "::" + image;
  }

  @Override
  public List<String> programs() {
    return List.of(program);
  }

  @Override
  public boolean isolated() {
    return true;
  }
}

package dev.pipeline.engine.sandbox;

import dev.pipeline.api.Command;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * An OCI container run by docker or podman: {@code PROGRAM run --rm --init} as the calling user,
 * on the host's network, with the mounts at the same paths, the working directory, the forwarded
 * variables ({@code --env NAME} takes the value from the environment the command starts with)
 * and the attempt's GPUs, then the image and the command.
 */
public abstract class ContainerSandbox implements Sandbox {
  private final String program;
  private final String image;
  private final ContainerOptions options;

  protected ContainerSandbox(String program, String image, ContainerOptions options) {
    this.program = program;
    this.image = image;
    this.options = options;
  }

  /** The kind's own GPU flags when {@code sandbox_gpus = auto}: {@code gpus} or {@code cdi}. */
  protected abstract String defaultGpuFlags();

  /** The words that make the container's processes run as the calling user. */
  protected abstract List<String> userFlags(HostUser user);

  public String image() {
    return image;
  }

  public String program() {
    return program;
  }

  @Override
  public Command wrap(Command command, SandboxCall call) {
    List<String> argv = new ArrayList<>(List.of(program, "run", "--rm", "--init"));
    argv.addAll(userFlags(options.user()));
    argv.add("--network=host");
    for (String mount : Mounts.volumes(call.mounts(), options.mounts())) {
      argv.add("-v");
      argv.add(mount);
    }
    Path workDir = command.workDir();
    if (workDir != null) {
      argv.add("-w");
      argv.add(workDir.toString());
    }
    String flags = options.gpuFlags().equals("auto") ? defaultGpuFlags() : options.gpuFlags();
    Map<String, String> fixed = new LinkedHashMap<>();
    if (!call.gpus().isEmpty() && !flags.equals("none")) {
      argv.addAll(gpuFlags(flags, call.gpus()));
      // Inside, the container sees only its GPUs, numbered from 0.
      fixed.put("CUDA_VISIBLE_DEVICES", renumbered(call.gpus().size()));
    }
    TreeSet<String> names = new TreeSet<>(call.forward());
    names.addAll(command.env().keySet());
    names.addAll(options.env());
    for (String name : names) {
      if (!fixed.containsKey(name) && !name.equals("PATH") && !name.equals("HOME")) {
        argv.add("--env");
        argv.add(name);
      }
    }
    fixed.forEach((k, v) -> {
      argv.add("--env");
      argv.add(k + "=" + v);
    });
    argv.addAll(options.extra());
    argv.add(image);
    argv.addAll(command.argv());
    return new Command(argv, command.workDir(), command.env(), command.timeout());
  }

  private static List<String> gpuFlags(String flags, List<String> gpus) {
    List<String> out = new ArrayList<>();
    if (flags.equals("cdi")) {
      for (String id : new java.util.LinkedHashSet<>(gpus)) {
        out.add("--device");
        out.add("nvidia.com/gpu=" + id);
      }
    } else {
      out.add("--gpus");
      // docker reads the value as CSV: the quotes keep "device=0,1" one field.
      out.add("\"device=" + String.join(",", new java.util.LinkedHashSet<>(gpus)) + "\"");
    }
    return out;
  }

  private static String renumbered(int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(i == 0 ? "" : ",").append(i);
    }
    return sb.toString();
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

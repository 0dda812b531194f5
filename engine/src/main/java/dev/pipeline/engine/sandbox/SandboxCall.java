package dev.pipeline.engine.sandbox;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * What a sandbox needs to know about one command besides the command itself.
 *
 * @param gpus the GPU ids the attempt holds (host numbering), empty for none
 * @param mounts host directories the command must see at the same path: the run directory, the
 *     workdir and the directories of the paths its placeholders named (staged outputs included)
 * @param forward names of the variables to pass into a container (the run's, the attempt's and
 *     the command's own); their values are in the environment the command is started with
 */
public record SandboxCall(List<String> gpus, List<Path> mounts, Set<String> forward) {
  public SandboxCall {
    gpus = List.copyOf(gpus);
    mounts = List.copyOf(mounts);
    forward = Set.copyOf(forward);
  }
}

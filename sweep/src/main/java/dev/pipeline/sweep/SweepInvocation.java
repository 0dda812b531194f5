package dev.pipeline.sweep;

import dev.pipeline.engine.model.TaskRegistry;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The process a sweep runs in: where commands start, the environment they add, the cfg, the run
 * directory, how cluster nodes start {@code pipeline}, and what the journal records.
 *
 * @param workDir where commands run and relative paths start
 * @param datetime {@code {_datetime}}; null: now, {@code %Y-%m-%d.%H:%M:%S}
 * @param environment extra variables for every command, on top of this process's environment
 * @param runDirectory where {@code .pipeline/} lives; null: the output directory
 * @param config the cfg ({@code --config}): executors and their job settings; null: none
 * @param registry families the cfg may name; null: the built-in ones
 * @param launcher how a cluster node starts {@code pipeline} (a cfg {@code launcher} wins)
 * @param classpath plugin jars, passed on to cluster jobs
 * @param commandLine recorded in the journal
 * @param color whether console lines are coloured
 */
public record SweepInvocation(Path workDir, String datetime, Map<String, String> environment,
    Path runDirectory, Path config, TaskRegistry registry, List<String> launcher, List<Path> classpath,
    List<String> commandLine, boolean color) {
  public SweepInvocation {
    environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
    launcher = List.copyOf(launcher);
    classpath = List.copyOf(classpath);
    commandLine = List.copyOf(commandLine);
  }
}

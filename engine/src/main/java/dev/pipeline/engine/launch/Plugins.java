package dev.pipeline.engine.launch;

import dev.pipeline.api.error.IoFaults;
import dev.pipeline.api.error.UsageException;
import dev.pipeline.engine.model.TaskRegistry;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.stream.Stream;

/**
 * Users' task classes: jars or class directories from {@code --classpath} and the jars named by
 * {@code $PIPELINE_PLUGINS} (a ':'-separated list of jars and directories of jars), loaded in a child class loader and discovered
 * through ServiceLoader like the built-in families.
 */
public final class Plugins {
  private Plugins() {}

  public static TaskRegistry registry(List<Path> classpath, String pluginPath) {
    List<URL> urls = new ArrayList<>();
    for (Path p : classpath) {
      if (!Files.exists(p)) {
        throw new UsageException("--classpath: " + p + " does not exist");
      }
      requireJarOrDirectory("--classpath", p);
      urls.add(url(p));
    }
    if (pluginPath != null && !pluginPath.isBlank()) {
      for (String entry : pluginPath.split(":")) {
        if (!entry.isBlank()) {
          addPluginEntry(Path.of(entry), urls);
        }
      }
    }
    ClassLoader parent = Plugins.class.getClassLoader();
    ClassLoader loader = urls.isEmpty() ? parent
        : new URLClassLoader("pipeline-plugins", urls.toArray(URL[]::new), parent);
    Thread.currentThread().setContextClassLoader(loader);
    try {
      return TaskRegistry.discover(loader);
    } catch (ServiceConfigurationError e) {
      throw new UsageException("cannot load a task class: " + e.getMessage()
          + " (each class in META-INF/services/dev.pipeline.api.Task must be public with a"
          + " public no-argument constructor)");
    }
  }

  /** A jar is used as is; a directory contributes every jar in it (not its subdirectories). */
  private static void addPluginEntry(Path entry, List<URL> urls) {
    if (Files.isRegularFile(entry) && entry.toString().endsWith(".jar")) {
      requireJarOrDirectory("PIPELINE_PLUGINS", entry);
      urls.add(url(entry));
      return;
    }
    if (!Files.isDirectory(entry)) {
      throw new UsageException("PIPELINE_PLUGINS: " + entry + (Files.exists(entry)
          ? " is neither a jar nor a directory" : " does not exist")
          + " (PIPELINE_PLUGINS is a ':'-separated list of jars and directories of jars)");
    }
    try (Stream<Path> jars = Files.list(entry)) {
      jars.filter(j -> j.toString().endsWith(".jar")).sorted().forEach(j -> {
        requireJarOrDirectory("PIPELINE_PLUGINS", j);
        urls.add(url(j));
      });
    } catch (IOException e) {
      throw new UsageException("PIPELINE_PLUGINS: cannot list " + entry + ": " + e.getMessage());
    }
  }

  /**
   * A class path entry is a directory of classes or a jar (a zip file). Anything else would be
   * ignored by the class loader without a word, and its families reported as unknown.
   */
  private static void requireJarOrDirectory(String option, Path p) {
    if (Files.isDirectory(p)) {
      return;
    }
    byte[] head = new byte[4];
    int read;
    try (var in = Files.newInputStream(p)) {
      read = in.readNBytes(head, 0, head.length);
    } catch (IOException e) {
      throw new UsageException(option + ": " + IoFaults.describe("read", e));
    }
    boolean zip = read == 4 && head[0] == 'P' && head[1] == 'K'
        && ((head[2] == 3 && head[3] == 4) || (head[2] == 5 && head[3] == 6));
    if (!zip) {
      throw new UsageException(option + ": " + p + " is not a jar (a jar is a zip file) nor a"
          + " directory of classes; pass the jar your build made (e.g. target/tasks.jar)");
    }
  }

  private static URL url(Path p) {
    try {
      return p.toAbsolutePath().toUri().toURL();
    } catch (MalformedURLException e) {
      throw new UsageException("--classpath: bad path " + p);
    }
  }
}

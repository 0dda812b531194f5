package dev.pipeline.engine.launch;

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
import java.util.stream.Stream;

/**
 * Users' task classes: jars or class directories from {@code --classpath} and every jar in the
 * plugin directory ({@code $PIPELINE_PLUGINS}), loaded in a child class loader and discovered
 * through ServiceLoader like the built-in families.
 */
public final class Plugins {
  private Plugins() {}

  public static TaskRegistry registry(List<Path> classpath, String pluginDirectory) {
    List<URL> urls = new ArrayList<>();
    for (Path p : classpath) {
      if (!Files.exists(p)) {
        throw new UsageException("--classpath: " + p + " does not exist");
      }
      requireJarOrDirectory("--classpath", p);
      urls.add(url(p));
    }
    if (pluginDirectory != null && !pluginDirectory.isBlank()) {
      Path dir = Path.of(pluginDirectory);
      if (!Files.isDirectory(dir)) {
        throw new UsageException("PIPELINE_PLUGINS: " + dir + " is not a directory");
      }
      try (Stream<Path> jars = Files.list(dir)) {
        jars.filter(j -> j.toString().endsWith(".jar")).sorted().forEach(j -> {
          requireJarOrDirectory("PIPELINE_PLUGINS", j);
          urls.add(url(j));
        });
      } catch (IOException e) {
        throw new UsageException("PIPELINE_PLUGINS: cannot list " + dir + ": " + e.getMessage());
      }
    }
    ClassLoader parent = Plugins.class.getClassLoader();
    ClassLoader loader = urls.isEmpty() ? parent
        : new URLClassLoader("pipeline-plugins", urls.toArray(URL[]::new), parent);
    Thread.currentThread().setContextClassLoader(loader);
    try {
      return TaskRegistry.discover(loader);
    } catch (java.util.ServiceConfigurationError e) {
      throw new UsageException("cannot load a task class: " + e.getMessage()
          + " (each class in META-INF/services/dev.pipeline.api.Task must be public with a"
          + " public no-argument constructor)");
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
      throw new UsageException(option + ": " + dev.pipeline.api.error.IoFaults.describe("read", e));
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

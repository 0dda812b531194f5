package dev.pipeline.engine.launch;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How another machine sharing this file system starts the same {@code pipeline}: the running
 * JVM's {@code java} with the shaded jar ({@code java -jar pipeline.jar}), or with this JVM's class
 * path and main class when not running from a jar (tests, IDEs). A cfg's {@code launcher} (e.g.
 * {@code /shared/pipeline/bin/pipeline}) replaces it.
 */
public final class Launcher {
  private Launcher() {}

  public static List<String> current(Class<?> mainClass) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> argv = new ArrayList<>(List.of(java, "-Xss8m"));
    Path jar = codeSource(mainClass);
    if (jar != null && jar.toString().endsWith(".jar") && Files.isRegularFile(jar)
        && System.getProperty("java.class.path", "").equals(jar.toString())) {
      argv.add("-jar");
      argv.add(jar.toString());
    } else {
      argv.add("-cp");
      argv.add(absoluteClassPath());
      argv.add(mainClass.getName());
    }
    return argv;
  }

  private static Path codeSource(Class<?> c) {
    try {
      return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
    } catch (Exception e) {
      return null;
    }
  }

  private static String absoluteClassPath() {
    List<String> parts = new ArrayList<>();
    for (String p : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
      if (!p.isEmpty()) {
        parts.add(Path.of(p).toAbsolutePath().toString());
      }
    }
    return String.join(File.pathSeparator, parts);
  }
}

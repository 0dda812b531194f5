package dev.pipeline.engine.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pipeline.api.error.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** $PIPELINE_PLUGINS: a ':'-separated list of jars and directories of jars, each a real jar built here. */
class PluginsTest {
  @TempDir Path tmp;

  @Test
  void pluginPath_acceptsAJarItself() throws IOException {
    Path jar = pluginJar("Hello", tmp.resolve("hello.jar"));
    assertTrue(Plugins.registry(List.of(), jar.toString()).names().contains("Hello"));
  }

  @Test
  void pluginPath_isAColonSeparatedListOfJarsAndDirectories() throws IOException {
    Path jar = pluginJar("Hello", tmp.resolve("hello.jar"));
    Path dir = Files.createDirectories(tmp.resolve("plugins"));
    pluginJar("Bye", dir.resolve("bye.jar"));
    var names = Plugins.registry(List.of(), jar + ":" + dir).names();
    assertTrue(names.contains("Hello") && names.contains("Bye"), names.toString());
  }

  @Test
  void pluginPath_missingEntry_isAUsageErrorNamingIt() {
    Path missing = tmp.resolve("nope.jar");
    UsageException e = assertThrows(UsageException.class,
        () -> Plugins.registry(List.of(), missing.toString()));
    assertTrue(e.getMessage().startsWith("PIPELINE_PLUGINS: " + missing + " does not exist"),
        e.getMessage());
    assertEquals(2, e.exitCode().code());
  }

  /** Compiles a one-class task family against this test's classpath and jars it with its service file. */
  private Path pluginJar(String family, Path jar) throws IOException {
    Path src = Files.createDirectories(tmp.resolve("src-" + family).resolve("plug"));
    Path classes = Files.createDirectories(tmp.resolve("classes-" + family));
    Path source = Files.writeString(src.resolve(family + ".java"), """
        package plug;
        @dev.pipeline.api.Family("%1$s")
        public class %1$s extends dev.pipeline.api.Task {
          @Override public Object output() { return null; }
          @Override public void run(dev.pipeline.api.TaskContext c) {}
        }
        """.formatted(family));
    int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "17", "-d",
        classes.toString(), "-cp", System.getProperty("java.class.path"), source.toString());
    assertEquals(0, rc, "javac " + source);
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new JarEntry("META-INF/services/dev.pipeline.api.Task"));
      out.write(("plug." + family + "\n").getBytes());
      out.putNextEntry(new JarEntry("plug/" + family + ".class"));
      out.write(Files.readAllBytes(classes.resolve("plug/" + family + ".class")));
    }
    return jar;
  }
}

package dev.pipeline.sweep;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** A working directory with a sweep file, fake programs on PATH, and an in-process runner. */
final class SweepFixture {
  static final String DATETIME = "2021-07-13.02:40:07";

  final Path dir;
  final Path bin;

  SweepFixture(Path dir) throws IOException {
    this.dir = dir;
    this.bin = Files.createDirectories(dir.resolve(".bin"));
  }

  record Result(int exit, String out) {}

  SweepArguments options() {
    SweepArguments o = new SweepArguments();
    o.workDir = dir;
    o.datetime = DATETIME;
    o.environment.put("PATH", bin + ":" + System.getenv("PATH"));
    return o;
  }

  Result run(SweepArguments o) {
    return run(o, "");
  }

  Result run(SweepArguments o, String stdin) {
    StringWriter text = new StringWriter();
    int exit = o.run(new PrintWriter(text, true), new StringReader(stdin));
    return new Result(exit, text.toString());
  }

  Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
    return p;
  }

  /** An executable bash script named {@code name} on the commands' PATH. */
  Path program(String name, String body) throws IOException {
    Path p = bin.resolve(name);
    Files.writeString(p, "#!/usr/bin/env bash\n" + body + "\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    return p;
  }

  String read(String path) throws IOException {
    return Files.readString(dir.resolve(path));
  }

  boolean exists(String path) {
    return Files.exists(dir.resolve(path));
  }

  /** Files under {@code sub}, relative, sorted, without the engine's .pipeline state. */
  List<String> files(String sub) throws IOException {
    Path root = dir.resolve(sub);
    List<String> out = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(root)) {
      walk.filter(Files::isRegularFile)
          .map(p -> root.relativize(p).toString())
          .filter(p -> !p.startsWith(".pipeline"))
          .sorted()
          .forEach(out::add);
    }
    return out;
  }
}

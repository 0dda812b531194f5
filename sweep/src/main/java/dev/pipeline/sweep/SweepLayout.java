package dev.pipeline.sweep;

import java.nio.file.Path;

/**
 * Where a point's files go. Paths are shown (in {@code {_output}}, {@code param.json} and the
 * console) as the user wrote the output directory, relative to the working directory the commands
 * run in, and used as absolute paths.
 *
 * <pre>
 * runner files, default:        OUT/NAME/{param.json, stat.json, log.CMD.DATETIME}
 * runner files, --no-param-dir: OUT/{param.NAME.json, stat.NAME.json, log.CMD.DATETIME.NAME}
 * dict files, default:          OUT/NAME/{param.json, stat.json}, OUT/NAME/DATETIME/{args.txt, stdout, stderr}
 * dict files, --no-param-dir:   OUT/{param.NAME.json, stat.NAME.json}, OUT/DATETIME/NAME/{args.txt, stdout, stderr}
 * </pre>
 */
final class SweepLayout {
  final Path workDir;
  final String outputText;
  final Path output;
  final boolean sharedDir;
  final boolean dictStyle;
  final String datetime;

  SweepLayout(Path workDir, String outputText, boolean sharedDir, boolean dictStyle, String datetime) {
    this.workDir = workDir.toAbsolutePath().normalize();
    String text = outputText.length() > 1 && outputText.endsWith("/")
        ? outputText.replaceAll("/+$", "") : outputText;
    this.outputText = text.isEmpty() ? "." : text;
    this.output = canonical(this.workDir.resolve(this.outputText).normalize());
    this.sharedDir = sharedDir;
    this.dictStyle = dictStyle;
    this.datetime = datetime;
  }

  /**
   * The real path (symbolic links resolved) of what exists of {@code path}: points are identified
   * by it, so processes that reach one output directory by different paths share its claims.
   */
  static Path canonical(Path path) {
    Path existing = path;
    while (existing != null && !java.nio.file.Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return path;
    }
    try {
      return existing.toRealPath().resolve(existing.relativize(path));
    } catch (java.io.IOException e) {
      return path;
    }
  }

  /** {@code {_output}} as text. */
  String outputPlaceholder(String name) {
    return sharedDir ? outputText : join(outputText, name);
  }

  Path pointDir(String name) {
    return sharedDir ? output : output.resolve(name);
  }

  Path statFile(String name) {
    return sharedDir ? output.resolve("stat." + name + ".json") : output.resolve(name).resolve("stat.json");
  }

  Path paramFile(String name) {
    return sharedDir ? output.resolve("param." + name + ".json") : output.resolve(name).resolve("param.json");
  }

  /** The per-invocation record of a dict-style point (args.txt, stdout, stderr); null for runner files. */
  String recordText(String name) {
    if (!dictStyle) {
      return null;
    }
    return sharedDir ? join(join(outputText, datetime), name) : join(join(outputText, name), datetime);
  }

  /** Standard output of one command, as text (stderr goes to the same file for runner files). */
  String stdoutText(String name, String command) {
    if (dictStyle) {
      return join(recordText(name), "stdout");
    }
    return sharedDir ? join(outputText, "log." + command + "." + datetime + "." + name)
        : join(join(outputText, name), "log." + command + "." + datetime);
  }

  String stderrText(String name, String command) {
    return dictStyle ? join(recordText(name), "stderr") : stdoutText(name, command);
  }

  Path resolve(String text) {
    return workDir.resolve(text).normalize();
  }

  /** The file a point writes its metrics to, for {@code --summary}. */
  static Path results(Path output, String name, boolean sharedDir, String fileName) {
    if (!sharedDir) {
      return output.resolve(name).resolve(fileName);
    }
    int dot = fileName.lastIndexOf('.');
    String shared = dot > 0 ? fileName.substring(0, dot) + "." + name + fileName.substring(dot)
        : fileName + "." + name;
    return output.resolve(shared);
  }

  private static String join(String dir, String child) {
    return dir.equals("/") ? "/" + child : dir + "/" + child;
  }
}

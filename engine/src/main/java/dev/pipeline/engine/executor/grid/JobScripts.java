package dev.pipeline.engine.executor.grid;

import dev.pipeline.engine.executor.JobSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The job-side files of a submission: the script every backend runs ({@code templates/grid-job.sh}
 * with the backend's header) and one entry file per job, which carries the job's argv and
 * environment as NUL-separated fields, so no value is ever parsed by a shell.
 */
public final class JobScripts {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(\\w+)}}");
  private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

  private JobScripts() {}

  /** A template shipped in the jar (from {@code templates/}). */
  public static String template(String name) {
    String resource = "/dev/pipeline/engine/templates/" + name;
    try (InputStream in = JobScripts.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("template missing from the jar: " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Replaces every {@code {{name}}}; a placeholder without a value is a bug, not a blank. */
  public static String render(String template, Map<String, String> values) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = values.get(m.group(1));
      if (value == null) {
        throw new IllegalArgumentException("no value for {{" + m.group(1) + "}}");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** The job script: the shared body under {@code header} (directives, or a comment). */
  public static String jobScript(String executor, String header, Path submissionDir, Path wrapper) {
    return render(template("grid-job.sh"), Map.of(
        "header", header.strip(),
        "executor", executor,
        "submission", shellQuote(submissionDir.toString()),
        "wrapper", shellQuote(wrapper.toString())));
  }

  /** Writes {@code dir/INDEX.job} for one job. */
  public static void writeEntry(Path dir, int index, JobSpec spec) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    field(out, spec.exitCodeFile().toString());
    field(out, spec.logFile().toString());
    field(out, (spec.workDir() != null ? spec.workDir() : dir).toString());
    Map<String, String> env = new TreeMap<>(spec.env());
    field(out, Integer.toString(env.size()));
    env.forEach((k, v) -> field(out, k + "=" + v));
    spec.argv().forEach(a -> field(out, a));
    Files.write(dir.resolve(index + ".job"), out.toByteArray());
  }

  private static void field(ByteArrayOutputStream out, String value) {
    if (value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("a job argument or variable contains a NUL byte: " + value);
    }
    out.writeBytes(value.getBytes(StandardCharsets.UTF_8));
    out.write(0);
  }

  /** {@code value} as one shell word: unchanged when safe, else in single quotes. */
  public static String shellQuote(String value) {
    if (!value.isEmpty() && SHELL_SAFE.matcher(value).matches()) {
      return value;
    }
    return "'" + value.replace("'", "'\\''") + "'";
  }
}

package dev.pipeline.engine.scaffold;

import dev.pipeline.api.error.UsageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Writes a run directory ({@code pipeline init}): the shared {@code base.cfg}, the pipeline cfg,
 * the training {@code config.yaml} and an executable {@code run.sh}. The content lives in the
 * repository's {@code configs/} and {@code templates/} folders, shipped in the jar; this class
 * only fills in {@code {{placeholders}}} and writes files.
 *
 * <p>A directory that is not empty is refused unless {@code force} is set; even then only the
 * files listed by {@link RunKind#files()} are replaced (each atomically, so a run.sh that is
 * executing keeps reading the old one) and nothing else in the directory is touched.
 */
public final class Scaffolder {
  static final String RUN_SCRIPT = "run.sh";
  /** Appended to the sandbox cfg by {@code --s3-bucket}: the [s3] and [kubernetes] sections. */
  static final String REMOTE_SECTIONS = "remote.cfg";
  private static final String RESOURCES = "/dev/pipeline/engine/scaffold/";

  /**
   * @param bucket where training data and training runs go instead of the run directory
   * @param pipelineHome the checkout whose {@code bin/pipeline} run.sh calls
   */
  public record Request(RunKind kind, Path directory, Optional<S3Location> bucket, boolean force,
      Path pipelineHome, String name, boolean keepWorkdir, LocalDate today) {
    public Request(RunKind kind, Path directory, Optional<S3Location> bucket, boolean force,
        Path pipelineHome) {
      this(kind, directory, bucket, force, pipelineHome, null, false, LocalDate.now());
    }

    /**
     * The run directory: {@code directory} itself, or for a dated kind {@code
     * directory/YYYY-MM-DD_NAME} (NAME defaults to the kind), unless {@code directory} is
     * already named that way.
     */
    public Path runDirectory() {
      Path dir = directory.toAbsolutePath().normalize();
      if (!kind.dated() || dir.getFileName() != null
          && dir.getFileName().toString().matches("\\d{4}-\\d{2}-\\d{2}_.+")) {
        return dir;
      }
      String n = name == null || name.isBlank() ? kind.label() : name.strip();
      if (!n.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
        throw new UsageException("--name '" + n + "': use letters, digits, '.', '_' and '-'");
      }
      return dir.resolve(today + "_" + n);
    }
  }

  /**
   * What was written: the absolute run directory, the file names in writing order, and what the
   * bucket changed, one line each, for the user.
   */
  public record Result(Path directory, List<String> files, List<String> notes) {
    public Result {
      files = List.copyOf(files);
      notes = List.copyOf(notes);
    }
  }

  private Scaffolder() {}

  public static Result write(Request request) {
    Path dir = request.runDirectory();
    checkDirectory(dir, request.force());
    Map<String, String> contents = render(request);
    try {
      Files.createDirectories(dir);
      for (String sub : request.kind().directories()) {
        Files.createDirectories(dir.resolve(sub));
      }
      for (String name : contents.keySet()) {
        Files.createDirectories(dir.resolve(name).getParent());
      }
    } catch (IOException e) {
      throw new UsageException("cannot create " + dir + ": " + e.getMessage(), e);
    }
    contents.forEach((name, text) -> writeAtomically(dir.resolve(name), text));
    return new Result(dir, List.copyOf(contents.keySet()), notes(request));
  }

  /** Every file's final text, keyed by file name; nothing is written yet. */
  static Map<String, String> render(Request request) {
    RunKind kind = request.kind();
    boolean remote = remoteTraining(request);
    Map<String, String> values = new java.util.HashMap<>(Map.of(
        "kind", kind.label(),
        "target", kind.target(),
        "config", kind.configFile(),
        "pipeline_home", request.pipelineHome().toAbsolutePath().normalize().toString(),
        "s3_bucket", request.bucket().map(S3Location::uri).orElse(""),
        // run.env: training data and training runs live in the bucket, or in the run directory.
        "storage", request.bucket().map(S3Location::uri).orElse("${PIPELINE_RUN_DIR}"),
        // The cfg line that sends Train to S3 and Kubernetes: live with a bucket, a hint without.
        "remote_switch", remote ? "" : "# "));
    values.put("run_log", kind.runLog());
    values.put("keep_workdir", Boolean.toString(request.keepWorkdir()));
    values.put("run_name", request.runDirectory().getFileName().toString());
    // train-benchmark: the summary goes to the bucket when one is given.
    values.put("s3_switch", request.bucket().isPresent() ? "" : "# ");
    values.put("s3_prefix", request.bucket().map(S3Location::uri).orElse("s3://BUCKET/PREFIX"));
    Map<String, String> contents = new LinkedHashMap<>();
    for (String name : kind.files()) {
      String source = name.equals(RUN_SCRIPT) || name.equals(RunEnvironment.FILE)
          ? "templates/" + name : kind.configSet() + name.substring(name.lastIndexOf('/') + 1);
      contents.put(name, Template.render(name, resource(source), values));
    }
    if (remote) {
      contents.merge(kind.configFile(),
          Template.render(REMOTE_SECTIONS, resource(RunKind.CONFIG_SET + REMOTE_SECTIONS), values), String::concat);
    }
    return contents;
  }

  private static List<String> notes(Request request) {
    if (request.bucket().isEmpty()) {
      return List.of();
    }
    String uri = request.bucket().get().uri();
    if (request.kind() == RunKind.TRAIN_BENCHMARK) {
      return List.of("the summary (CSV, JSON, plot) goes to " + uri + "/"
          + request.runDirectory().getFileName() + "; training and benchmarks run here");
    }
    if (remoteTraining(request)) {
      return List.of("Train runs as a Kubernetes Job with its run directory in " + uri + "/training;"
          + " set image and namespace in [kubernetes] of " + request.kind().configFile()
          + " (and [s3] endpoint for a store other than AWS)");
    }
    return List.of("PIPELINE_TRAIN_DATA_DIR and PIPELINE_TRAIN_DIR point into " + uri
        + "; " + request.kind().label() + " trains locally (its cfg does not use them)");
  }

  /**
   * Whether the run trains on Kubernetes with its run directory on S3: a sandbox run given a
   * bucket. Tune keeps training local (its trial selection reads the trials' local outputs).
   */
  public static boolean remoteTraining(Request request) {
    return request.bucket().isPresent() && request.kind() == RunKind.SANDBOX;
  }

  private static void checkDirectory(Path dir, boolean force) {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new UsageException(dir + " exists and is not a directory");
    }
    if (!force && Files.isDirectory(dir) && !isEmpty(dir)) {
      throw new UsageException(dir + " already exists and is not empty; pass --force to overwrite"
          + " the files init writes there");
    }
  }

  private static boolean isEmpty(Path dir) {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    } catch (IOException e) {
      throw new UsageException("cannot read " + dir + ": " + e.getMessage(), e);
    }
  }

  private static String resource(String path) {
    try (InputStream in = Scaffolder.class.getResourceAsStream(RESOURCES + path)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCES + path
            + " (the build copies it from the repository's configs/ and templates/)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void writeAtomically(Path file, String text) {
    Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp-" + ProcessHandle.current().pid());
    try {
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      if (file.getFileName().toString().endsWith(".sh")) {
        makeExecutable(tmp);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // the first error is the one to report
      }
      throw new UsageException("cannot write " + file + ": " + e, e);
    }
  }

  private static void makeExecutable(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (UnsupportedOperationException e) {
      file.toFile().setExecutable(true, false);
    }
  }
}

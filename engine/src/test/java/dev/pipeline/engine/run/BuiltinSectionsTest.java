package dev.pipeline.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pipeline.api.Param;
import dev.pipeline.api.Task;
import dev.pipeline.api.error.ExitCode;
import dev.pipeline.api.error.PipelineException;
import dev.pipeline.engine.config.ParameterSchema;
import dev.pipeline.engine.launch.RunOptionsBuilder;
import dev.pipeline.engine.launch.RunSetup;
import dev.pipeline.engine.model.TaskRegistry;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import dev.pipeline.engine.provenance.RerunTriggers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every key of every engine-owned section, three ways: a typo is refused with a suggestion, a
 * value of the wrong kind is refused naming the key and what is accepted, and a valid value
 * reaches the typed settings the run uses. Before these sections had a schema, all three typos
 * and most wrong values were accepted and then ignored.
 */
class BuiltinSectionsTest {
  @TempDir Path dir;

  public static class Job extends Task {
    @Param int n = 1;
  }

  private final TaskRegistry registry = new TaskRegistry().register(Job.class);

  /** One key: a valid value and what it becomes, and a value that must be refused. */
  record Row(String section, String key, String valid, Function<BuiltinSettings, Object> read,
      Object expected, String wrong) {
    @Override
    public String toString() {
      return "[" + section + "] " + key;
    }
  }

  private static Row row(String section, String key, String valid,
      Function<BuiltinSettings, Object> read, Object expected, String wrong) {
    return new Row(section, key, valid, read, expected, wrong);
  }

  static List<Row> rows() {
    List<Row> rows = new ArrayList<>();
    rows.add(row("core", "workers", "3", s -> s.core().workers(), 3, "-3"));
    rows.add(row("core", "gpus", "0, 1", s -> s.core().gpus(), List.of("0", "1"), "0 1"));
    rows.add(row("core", "fail_fast", "on", s -> s.core().failFast(), true, "maybe"));
    rows.add(row("core", "retries", "2", s -> s.core().retries(), 2, "two"));
    rows.add(row("core", "retry_backoff", "1m", s -> s.core().retryBackoff(),
        Duration.ofMinutes(1), "soon"));
    rows.add(row("core", "run_dir", "/tmp/r", s -> s.core().runDirectory(), Path.of("/tmp/r"), ""));
    rows.add(row("core", "executor", "SLURM", s -> s.core().executor(), "slurm", "slrum"));
    rows.add(row("core", "launcher", "/opt/bin/pipeline -q", s -> s.core().launcher(),
        List.of("/opt/bin/pipeline", "-q"), ""));
    rows.add(row("core", "rerun_triggers", "input, version", s -> s.core().rerunTriggers(),
        new RerunTriggers(false, true, true), "params,code"));
    rows.add(row("core", "inherit", "base.cfg", s -> s.core().workers(), 7, "missing.cfg"));
    rows.add(row("core", "extend", "base.cfg", s -> s.core().workers(), 7, "missing.cfg"));
    for (String grid : List.of("slurm", "condor", "lsf", "pbs")) {
      Function<BuiltinSettings, GridSettings> g = s -> s.grid(grid);
      // Job keys are defaults of every family's job; RemoteSetupTest follows them into a job.
      rows.add(row(grid, "partition", "gpu", s -> s.core().workers(), 1, ""));
      rows.add(row(grid, "account", "proj", s -> s.core().workers(), 1, ""));
      rows.add(row(grid, "time", "4h", s -> s.core().workers(), 1, "4 hours"));
      rows.add(row(grid, "cpus", "4", s -> s.core().workers(), 1, "four"));
      rows.add(row(grid, "memory", "16G", s -> s.core().workers(), 1, "lots"));
      rows.add(row(grid, "disk", "10G", s -> s.core().workers(), 1, "10 X"));
      rows.add(row(grid, "directives", "--qos=high", s -> s.core().workers(), 1, ""));
      rows.add(row(grid, "max_restarts", "5", s -> s.core().workers(), 1, "-1"));
      rows.add(row(grid, "array_parallelism", "50", s -> s.core().workers(), 1, "many"));
      rows.add(row(grid, "max_array_size", "10", s -> g.apply(s).maxArraySize(), 10, "0"));
      rows.add(row(grid, "poll_interval", "3s", s -> g.apply(s).pollInterval(),
          Duration.ofSeconds(3), "ten"));
      rows.add(row(grid, "exit_grace", "2m", s -> g.apply(s).exitGrace(), Duration.ofMinutes(2),
          "x"));
      rows.add(row(grid, "launcher", "/shared/pipeline", s -> g.apply(s).launcher(),
          List.of("/shared/pipeline"), ""));
      rows.add(row(grid, "bin_dir", "/opt/slurm/bin", s -> g.apply(s).binDir(),
          Path.of("/opt/slurm/bin"), ""));
    }
    rows.add(row("slurm", "sacct", "no", s -> s.slurm().sacct(), "no", "never"));
    rows.add(row("slurm", "user", "alice", s -> s.slurm().user(), "alice", ""));
    rows.add(row("lsf", "bjobs_format", "delimited", s -> s.lsf().format(), "delimited", "xml"));
    rows.add(row("lsf", "user", "alice", s -> s.lsf().user(), "alice", ""));
    rows.add(row("pbs", "flavor", "Torque", s -> s.pbs().format(), "torque", "sge"));
    rows.add(row("condor", "max_retries", "2", s -> s.condor().maxRetries(), 2, "twice"));
    rows.add(row("condor", "forward_env", "HF_HOME, WANDB", s -> s.condor().forwardEnv(),
        List.of("HF_HOME", "WANDB"), "HF HOME"));
    rows.add(row("kubernetes", "namespace", "ml", s -> s.kubernetes().namespace(), "ml", ""));
    rows.add(row("kubernetes", "image", "x:1", s -> s.kubernetes().image(), "x:1", ""));
    rows.add(row("kubernetes", "launcher", "/app/pipeline", s -> s.kubernetes().launcher(),
        List.of("/app/pipeline"), ""));
    rows.add(row("kubernetes", "gpus", "2", s -> s.kubernetes().gpus(), 2, "two"));
    rows.add(row("kubernetes", "cpu", "500m", s -> s.kubernetes().cpu(), "500m", "half"));
    rows.add(row("kubernetes", "memory", "16Gi", s -> s.kubernetes().memory(), "16Gi", "lots"));
    rows.add(row("kubernetes", "node_selector", "gpu=a100", s -> s.kubernetes().nodeSelector(),
        Map.of("gpu", "a100"), "a100"));
    rows.add(row("kubernetes", "affinity", "{\"nodeAffinity\": {}}",
        s -> s.kubernetes().affinityJson(), "{\"nodeAffinity\": {}}", "{nodeAffinity"));
    rows.add(row("kubernetes", "service_account", "trainer",
        s -> s.kubernetes().serviceAccount(), "trainer", ""));
    rows.add(row("kubernetes", "backoff_limit", "1", s -> s.kubernetes().backoffLimit(), 1,
        "once"));
    rows.add(row("kubernetes", "active_deadline", "1h",
        s -> s.kubernetes().activeDeadlineSeconds(), 3600L, "an hour"));
    rows.add(row("kubernetes", "image_pull_policy", "always",
        s -> s.kubernetes().imagePullPolicy(), "Always", "sometimes"));
    rows.add(row("kubernetes", "job_template", "/t/job.yaml", s -> s.kubernetes().jobTemplate(),
        Path.of("/t/job.yaml"), ""));
    rows.add(row("kubernetes", "poll_interval", "5s", s -> s.kubernetes().pollInterval(),
        Duration.ofSeconds(5), "often"));
    rows.add(row("kubernetes", "keep_jobs", "yes", s -> s.kubernetes().keepJobs(), true,
        "maybe"));
    rows.add(row("s3", "endpoint", "http://minio:9000", s -> s.s3().endpoint(),
        URI.create("http://minio:9000"), "http://minio 9000"));
    rows.add(row("s3", "endpoint_url", "http://ceph:7480", s -> s.s3().endpoint(),
        URI.create("http://ceph:7480"), "not a url"));
    rows.add(row("s3", "region", "eu-west-1", s -> s.s3().region(), "eu-west-1", ""));
    rows.add(row("s3", "path_style", "yes", s -> s.s3().pathStyle(), true, "maybe"));
    rows.add(row("s3", "retries", "2", s -> s.s3().maxAttempts(), 3, "-1"));
    rows.add(row("s3", "multipart_threshold_mb", "100", s -> s.s3().multipartThreshold(),
        100L << 20, "1"));
    // [notify]: a key that would do nothing alone comes with what it needs on the next lines
    String smtp = "\nsmtp_host = h\nmail_from = p@example.org\nmail_to = o@example.org";
    String hook = "\nwebhook = http://h/x";
    rows.add(row("notify", "on", "finish, task-failure" + hook, s -> s.notifications().on(),
        Set.of(NotifySettings.Trigger.FINISH, NotifySettings.Trigger.TASK_FAILURE), "failur" + hook));
    rows.add(row("notify", "webhook", "https://hooks.example.org/T/B/X",
        s -> s.notifications().webhooks(), List.of(URI.create("https://hooks.example.org/T/B/X")),
        "hooks.example.org/T/B/X"));
    rows.add(row("notify", "timeout", "3s" + hook, s -> s.notifications().timeout(),
        Duration.ofSeconds(3), "soon" + hook));
    rows.add(row("notify", "smtp_host", "smtp.example.org\nmail_from = p@example.org\nmail_to = o@x.org",
        s -> s.notifications().smtp().host(), "smtp.example.org", "h"));
    rows.add(row("notify", "smtp_port", "2525" + smtp, s -> s.notifications().smtp().port(), 2525,
        "0" + smtp));
    rows.add(row("notify", "smtp_security", "TLS" + smtp, s -> s.notifications().smtp().port(), 465,
        "ssl" + smtp));
    rows.add(row("notify", "smtp_user", "ops\nsmtp_password_env = P" + smtp,
        s -> s.notifications().smtp().user(), "ops", "ops" + smtp));
    rows.add(row("notify", "smtp_password_env", "SMTP_PASSWORD\nsmtp_user = u" + smtp,
        s -> s.notifications().smtp().passwordVariable(), "SMTP_PASSWORD", "not a name\nsmtp_user = u" + smtp));
    rows.add(row("notify", "smtp_ca", "/etc/passwd" + smtp,
        s -> s.notifications().smtp().trustedCertificate(), Path.of("/etc/passwd"), "/nonexistent.pem" + smtp));
    rows.add(row("notify", "mail_from", "me@example.org\nsmtp_host = h\nmail_to = o@x.org",
        s -> s.notifications().smtp().from(), "me@example.org", "nobody\nsmtp_host = h\nmail_to = o@x.org"));
    rows.add(row("notify", "mail_to", "a@b.org, c@d.org\nsmtp_host = h\nmail_from = p@x.org",
        s -> s.notifications().smtp().to(), List.of("a@b.org", "c@d.org"), "a@b.org"));
    rows.add(row("resources", "db", "2", s -> s.resources(), Map.of("db", 2), "two"));
    return rows;
  }

  static Stream<Row> keyed() {
    return rows().stream().filter(r -> !r.section().equals("resources"));
  }

  @Test
  void theTableCoversEveryDeclaredKey() {
    Set<String> declared = new TreeSet<>();
    BuiltinSections.all().forEach((section, keys) -> {
      for (ParameterSchema p : keys) {
        declared.add("[" + section + "] " + p.name());
      }
    });
    // Read by records of their own, each with its own table of good and bad values:
    // SandboxSettings (SandboxSettingsTest) and PreflightSettings (PreflightTest).
    declared.removeIf(k -> k.startsWith("[core] sandbox") || k.startsWith("[preflight] "));
    Set<String> tested = new TreeSet<>();
    rows().forEach(r -> tested.add(r.toString()));
    tested.remove("[resources] db");
    assertEquals(declared, tested);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void aValidValueReachesTheSettings(Row row) throws IOException {
    Files.writeString(dir.resolve("base.cfg"), "[core]\nworkers = 7\n");
    BuiltinSettings s = read("[" + row.section() + "]\n" + row.key() + " = " + row.valid() + "\n");
    assertEquals(row.expected(), row.read().apply(s));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("keyed")
  void aTypoIsRefusedWithASuggestion(Row row) {
    String typo = typo(row.key());
    PipelineException e = refused("[" + row.section() + "]\n" + typo + " = " + row.valid() + "\n");
    assertEquals(cfg() + ":2: [" + row.section() + "] " + typo + ": unknown key; did you mean '"
        + row.key() + "'?", e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void aWrongValueIsRefusedNamingTheKey(Row row) {
    PipelineException e = refused("[" + row.section() + "]\n" + row.key() + " = " + row.wrong()
        + "\n");
    String where = row.key().equals("inherit") || row.key().equals("extend")
        ? "" : cfg() + ":2: [" + row.section() + "] " + row.key() + ": ";
    assertTrue(e.getMessage().startsWith(where), e.getMessage());
    // What is accepted follows the problem: "; write ...", "expected at least 1", ...
    assertTrue(e.getMessage().matches(".*(; |expected ).*"), e.getMessage());
  }

  @Test
  void theIssuesExamplesSayWhatIsAccepted() throws IOException {
    assertEquals(cfg() + ":2: [kubernetes] gpus: wrong type: expected int, got 'two'; write a"
        + " whole number such as 42", refused("[kubernetes]\ngpus = two\n").getMessage());
    assertEquals(cfg() + ":2: [core] workers: out of range: expected at least 1, got '-3'",
        refused("[core]\nworkers = -3\n").getMessage());
    String gpus = refused("[core]\ngpus = 0,abc\n").getMessage();
    assertTrue(gpus.startsWith(cfg() + ":2: [core] gpus: ") && gpus.contains("'abc' is not a GPU id"),
        gpus);
    assertEquals(cfg() + ":2: [core] executr: unknown key; did you mean 'executor'?",
        refused("[core]\nexecutr = slurm\n").getMessage());
    assertTrue(refused("[core]\nexecutor = slurmm\n").getMessage()
        .endsWith("write one of local, slurm, condor, lsf, pbs, kubernetes"));
    assertEquals(true, read("[kubernetes]\nkeep_jobs = yes\n").kubernetes().keepJobs());
    assertEquals(true, read("[s3]\npath_style = yes\n").s3().pathStyle());
  }

  @Test
  void precedence_environmentOverCfgOverDefault() throws IOException {
    assertEquals(1, read("[slurm]\nuser = a\n").core().workers());
    assertEquals(3, read("[core]\nworkers = 3\n").core().workers());
    Path cfg = Files.writeString(cfg(), "[core]\nworkers = 3\n");
    var config = RunSetup.load(registry, cfg, Map.of("PIPELINE__CORE__WORKERS", "5"));
    assertEquals(5, BuiltinSettings.read(config, Map.of()).core().workers());
    PipelineException e = assertThrows(PipelineException.class, () -> BuiltinSettings.read(
        RunSetup.load(registry, cfg, Map.of("PIPELINE__CORE__WORKERS", "0")), Map.of()));
    assertEquals("PIPELINE__CORE__WORKERS: [core] workers: out of range: expected at least 1,"
        + " got '0'", e.getMessage());
  }

  @Test
  void precedence_commandLineOverEnvironmentOverCfgOverDefault() throws IOException {
    Path cfg = Files.writeString(cfg(), "[core]\nworkers = 3\nretry_backoff = 1m\nexecutor = slurm\n");
    Map<String, String> env = Map.of("PIPELINE__CORE__WORKERS", "5",
        "PIPELINE__CORE__EXECUTOR", "condor");
    RunSetup withEnv = RunSetup.prepare(registry, "Job", List.of(), cfg, env);
    assertEquals(7, new RunOptionsBuilder(withEnv).workers(7).build().workers());
    assertEquals(5, new RunOptionsBuilder(withEnv).workers(null).build().workers());
    assertEquals("condor", withEnv.context().executor());
    assertEquals("local", RunSetup.prepare(registry, "Job", List.of(), cfg, env, "local")
        .context().executor());
    RunSetup cfgOnly = RunSetup.prepare(registry, "Job", List.of(), cfg, Map.of());
    assertEquals(3, new RunOptionsBuilder(cfgOnly).workers(null).build().workers());
    assertEquals("slurm", cfgOnly.context().executor());
    assertEquals(Duration.ofMinutes(1), new RunOptionsBuilder(cfgOnly).retries(1, null).build()
        .defaultRetry().initialBackoff());
    assertEquals(Duration.ofSeconds(4), new RunOptionsBuilder(cfgOnly).retries(1, "4s").build()
        .defaultRetry().initialBackoff());
    RunSetup none = RunSetup.prepare(registry, "Job", List.of(), null, Map.of());
    assertEquals(1, new RunOptionsBuilder(none).workers(null).build().workers());
    assertEquals("local", none.context().executor());
  }

  @Test
  void s3_cfgOverAwsEnvironmentOverDefault() throws IOException {
    Map<String, String> env = Map.of("AWS_ENDPOINT_URL", "http://env:9000", "AWS_REGION", "env-1",
        "PIPELINE_S3_PATH_STYLE", "off");
    Files.writeString(cfg(), "[s3]\nendpoint = http://cfg:9000\n");
    BuiltinSettings s = BuiltinSettings.read(RunSetup.load(registry, cfg(), env), env);
    assertEquals(URI.create("http://cfg:9000"), s.s3().endpoint());
    assertEquals("env-1", s.s3().region());
    assertEquals(false, s.s3().pathStyle());
    assertEquals(null, BuiltinSettings.defaults(Map.of()).s3().endpoint());
    PipelineException e = assertThrows(PipelineException.class,
        () -> BuiltinSettings.defaults(Map.of("PIPELINE_S3_PATH_STYLE", "maybe")));
    assertEquals("environment variable PIPELINE_S3_PATH_STYLE: got 'maybe'; write true, false,"
        + " yes, no, on, off, 1 or 0", e.getMessage());
  }

  /** One letter left out of the middle: the commonest slip ({@code wrkers}, {@code imgae}). */
  private static String typo(String key) {
    int i = key.length() / 2;
    return key.substring(0, i) + key.substring(i + 1);
  }

  private Path cfg() {
    return dir.resolve("run.cfg");
  }

  private BuiltinSettings read(String text) throws IOException {
    Files.writeString(cfg(), text);
    return BuiltinSettings.read(RunSetup.load(registry, cfg(), Map.of()), Map.of());
  }

  private PipelineException refused(String text) {
    PipelineException e = assertThrows(PipelineException.class, () -> read(text));
    assertEquals(ExitCode.USAGE, e.exitCode());
    return e;
  }
}

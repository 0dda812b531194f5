package dev.pipeline.sweep;

import dev.pipeline.api.error.ExitCode;
import dev.pipeline.api.error.IoFaults;
import dev.pipeline.api.error.UsageException;
import dev.pipeline.engine.launch.RunDirectories;
import dev.pipeline.engine.graph.CompletenessChecker;
import dev.pipeline.engine.scheduler.RunOptions;
import dev.pipeline.engine.scheduler.Scheduler;
import dev.pipeline.api.targets.local.LocalFileTarget;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * {@code pipeline sweep}: reads a sweep file, expands it into points, and runs every point as a
 * {@link SweepPoint} task under one {@link Sweep} root through the engine's scheduler (workers,
 * the GPU pool, retries, claims, the journal). Also {@code --dry-run}, {@code --manual},
 * {@code --confirm}, {@code -d} and {@code --summary}.
 */
public final class SweepRunner {
  /** The runner's {@code {_datetime}} format. */
  public static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd.HH:mm:ss");

  private final SweepFile file;
  private final SweepMode mode;
  private final SweepExecution execution;
  private final SweepInvocation invocation;
  private final PrintWriter out;
  private final BufferedReader in;
  private Consumer<Scheduler> onScheduler = s -> { };

  public SweepRunner(SweepFile file, SweepMode mode, SweepExecution execution, SweepInvocation invocation,
      PrintWriter out, Reader in) {
    this.file = file;
    this.mode = mode;
    this.execution = execution;
    this.invocation = invocation;
    this.out = out;
    this.in = in instanceof BufferedReader b ? b : new BufferedReader(in);
  }

  /** Called with each scheduler before it runs (the CLI installs its Ctrl-C handling here). */
  public SweepRunner onScheduler(Consumer<Scheduler> hook) {
    this.onScheduler = hook;
    return this;
  }

  /**
   * {@code --summary}: prints the table of the points in {@code output} (relative to {@code
   * workDir}) and returns the exit code; it only reads files.
   */
  public static int summary(Path workDir, String output, SummaryView view, PrintWriter out) {
    return new SweepSummary(workDir, output, view, out).print();
  }

  /** Runs the sweep and returns the process exit code; usage errors throw {@link UsageException}. */
  public int run() {
    SweepExecutors.name(execution);
    mode.check();
    execution.check();
    Duration timeout = execution.timeLimit();
    Path workDir = invocation.workDir();
    SweepConfig config = SweepConfig.load(workDir.resolve(file.yaml()), file.exec());
    String datetime = invocation.datetime() != null ? invocation.datetime()
        : LocalDateTime.now().format(DATETIME);
    SweepLayout layout = new SweepLayout(workDir, file.output(), !file.paramDir(),
        config.format == SweepConfig.Format.DICT, datetime);
    SweepPlan plan = SweepPlan.of(config, file.selection(), layout);
    SweepReporter reporter = new SweepReporter(out, invocation.color(), layout);
    if (plan.seed != null && file.seed() == null) {
      out.println("Sampling with seed " + plan.seed + " (pass --seed " + plan.seed
          + " to pick the same points again)");
    }
    if (!plan.orphans.isEmpty()) {
      reporter.warn("Orphan params: " + String.join(", ", plan.orphans)
          + " (no selected command uses them; they only name the output directories)");
    }
    List<SweepPlan.Point> points = mode.debug() && !plan.points.isEmpty()
        ? plan.points.subList(0, 1) : plan.points;
    List<String> resources = execution.resources();
    List<String> slots = resources != null && !resources.isEmpty() ? resources : config.resources;
    if (resources != null) {
      resources.forEach(slot -> SweepConfig.checkSlot("-r", slot));
    }
    Path runDirectory = invocation.runDirectory() != null
        ? workDir.resolve(invocation.runDirectory()) : layout.output;
    if (!mode.dryRun() && !mode.manual()) {
      RunDirectories.requireWritable(runDirectory, invocation.runDirectory() != null ? "--run-dir" : "-o");
    }
    String runId = datetime.replaceAll("[^0-9]", "") + "-"
        + Integer.toHexString(ThreadLocalRandom.current().nextInt() | 0x10000000);
    SweepContext context = new SweepContext(layout, runId, mode.forced(), timeout,
        slots != null, runDirectory.resolve(".pipeline").resolve("sweep"), reporter);
    try (SweepExecutors executors = SweepExecutors.create(execution, invocation, runDirectory)) {
      Path planFile = executors.mayRunElsewhere() ? FrozenSweep.file(context) : null;
      List<SweepPoint> tasks = new ArrayList<>();
      points.forEach(p -> tasks.add(new SweepPoint(p, context, planFile)));
      reporter.track(tasks, executors::elsewhere);
      SweepPreview preview = new SweepPreview(out, layout, slots);
      if (mode.dryRun()) {
        return preview.dryRun(tasks);
      }
      if (planFile != null) {
        FrozenSweep.of(context, points).write(planFile);
      }
      if (mode.manual()) {
        return preview.manual(tasks, executors, runOptions(runDirectory, slots));
      }
      try {
        Files.createDirectories(layout.output);
        backup(config, layout);
      } catch (IOException e) {
        throw new UsageException(IoFaults.describe("write", e) + " (-o " + layout.output
            + "); give a writable output directory");
      }
      return execute(tasks, layout, reporter, runOptions(runDirectory, slots), executors);
    }
  }

  private int execute(List<SweepPoint> tasks, SweepLayout layout, SweepReporter reporter,
      RunOptions options, SweepExecutors executors) {
    out.println("Tasks: " + tasks.size() + ", commands to run: " + commandsToRun(tasks));
    out.flush();
    for (SweepPoint t : tasks) {
      if (CompletenessChecker.isComplete(t)) {
        t.point().commands().keySet().forEach(c -> reporter.skip(t.point(), c));
      }
    }
    int exit;
    if (mode.debug()) {
      List<Path> logs = new ArrayList<>();
      for (SweepPoint t : tasks) {
        for (String c : t.point().commands().keySet()) {
          logs.add(layout.resolve(layout.stdoutText(t.point().name(), c)));
          logs.add(layout.resolve(layout.stderrText(t.point().name(), c)));
        }
      }
      LogFollower follower = new LogFollower(new ArrayList<>(new LinkedHashSet<>(logs)), out);
      try {
        exit = schedule(tasks, options, reporter, executors);
      } finally {
        follower.close();
      }
    } else if (mode.confirm()) {
      exit = confirm(tasks, options, reporter, executors);
    } else {
      exit = schedule(tasks, options, reporter, executors);
    }
    reporter.finish();
    return exit;
  }

  private RunOptions runOptions(Path runDirectory, List<String> slots) {
    Integer workers = execution.workers();
    return RunOptions.defaults(runDirectory)
        .withWorkers(workers != null ? workers : slots != null ? slots.size() : 1)
        .withGpus(slots == null ? List.of() : slots)
        .withDefaultRetry(execution.retry())
        .withJournal(execution.journal())
        .withEnvironment(invocation.environment())
        .withCommandLine(invocation.commandLine())
        .withClaimPoll(Duration.ofMillis(250));
  }

  private int schedule(List<SweepPoint> group, RunOptions options, SweepReporter reporter,
      SweepExecutors executors) {
    if (group.isEmpty()) {
      return ExitCode.OK.code();
    }
    Scheduler scheduler = new Scheduler(options).remote(executors.remote()).listener(reporter);
    onScheduler.accept(scheduler);
    return scheduler.run(List.of(new Sweep(options.runDirectory(), group))).exitCode().code();
  }

  /**
   * {@code --confirm}: run the first point that needs to run, then ask about each of the others
   * ({@code y}: run it, {@code n}: skip it, {@code all}: run it and every later one, {@code exit}:
   * stop asking); the accepted points then run together.
   */
  private int confirm(List<SweepPoint> tasks, RunOptions options, SweepReporter reporter,
      SweepExecutors executors) {
    List<SweepPoint> pending = new ArrayList<>();
    for (SweepPoint t : tasks) {
      if (!CompletenessChecker.isComplete(t)) {
        pending.add(t);
      }
    }
    if (pending.isEmpty()) {
      return schedule(tasks, options, reporter, executors);
    }
    out.println("Running the first point to check that it works: " + reporter.label(pending.get(0).point()));
    out.flush();
    int first = schedule(pending.subList(0, 1), options, reporter, executors);
    List<SweepPoint> accepted = new ArrayList<>();
    for (int i = 1; i < pending.size(); i++) {
      SweepPoint t = pending.get(i);
      out.print("Run (" + (i + 1) + "/" + pending.size() + "): " + t.point().name()
          + "? (y/n/all/exit) ");
      out.flush();
      String answer;
      try {
        answer = in.readLine();
      } catch (IOException e) {
        answer = null;
      }
      if (answer == null) {
        out.println();
        out.println("(no more input: not asking about the rest)");
        break;
      }
      answer = answer.strip().toLowerCase(Locale.ROOT);
      if (answer.equals("y") || answer.equals("yes")) {
        accepted.add(t);
      } else if (answer.equals("a") || answer.equals("all")) {
        accepted.addAll(pending.subList(i, pending.size()));
        break;
      } else if (answer.equals("e") || answer.equals("exit") || answer.equals("q")) {
        break;
      } else {
        out.println("skipping " + t.point().name());
      }
    }
    out.println("Running " + accepted.size() + " more point(s); " + (pending.size() - 1 - accepted.size())
        + " left for a later run.");
    out.flush();
    int rest = schedule(accepted, options, reporter, executors);
    return worst(first, rest);
  }

  private static int worst(int a, int b) {
    int interrupted = ExitCode.INTERRUPTED.code();
    if (a == interrupted || b == interrupted) {
      return interrupted;
    }
    return Math.max(a, b);
  }

  static int commandsToRun(List<SweepPoint> tasks) {
    int n = 0;
    for (SweepPoint t : tasks) {
      StatTarget target = t.target();
      var stat = JsonText.readObject(target.file());
      for (String c : t.point().commands().keySet()) {
        if (!StatTarget.succeeded(stat.get(c), t.forcedRun())) {
          n++;
        }
      }
    }
    return n;
  }

  /** A copy of the sweep file in the output directory ({@code NAME}, or {@code NAME.TITLE} with -t). */
  private void backup(SweepConfig config, SweepLayout layout) throws IOException {
    String name = config.file.getFileName().toString() + (file.title() == null ? "" : "." + file.title());
    Path copy = layout.output.resolve(name);
    String text = Files.readString(config.file);
    if (!Files.isRegularFile(copy) || !Files.readString(copy).equals(text)) {
      LocalFileTarget.of(copy).writeString(text);
    }
  }
}

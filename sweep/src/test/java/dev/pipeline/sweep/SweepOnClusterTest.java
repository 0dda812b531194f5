package dev.pipeline.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sweeps on batch systems without one installed: HTCondor through fake condor_* tools that run
 * the submitted jobs right away (so every point really goes through condor_submit, the job script
 * and {@code run-task SweepPoint}), and SLURM's {@code --manual} with an sbatch that must not run.
 */
class SweepOnClusterTest {
  @TempDir Path tmp;
  SweepFixture fx;
  Path fakeBin;

  @BeforeEach
  void setUp() throws Exception {
    fx = new SweepFixture(tmp);
    fx.program("check", """
        echo "checking $1"
        [ "$1" != bad ] || { echo "bad value" >&2; exit 3; }""");
    fx.write("params.yaml", "template:\n  run: check {v}\n---\nv: [a, b, bad]\n");
    fakeBin = Files.createDirectories(tmp.resolve("fake-bin"));
  }

  private void fake(String name, String body) throws Exception {
    Path p = fakeBin.resolve(name);
    Files.writeString(p, "#!/usr/bin/env bash\n" + body + "\n");
    p.toFile().setExecutable(true);
  }

  private SweepArguments options(String executor, String cfg) throws Exception {
    SweepArguments o = fx.options();
    o.executor = executor;
    o.config = fx.write("sweep.cfg", cfg);
    o.launcher = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), RunTaskMain.class.getName());
    return o;
  }

  private static Map<?, ?> run(Path stat) {
    return (Map<?, ?>) JsonText.readObject(stat).get("run");
  }

  private List<Path> submissions(String backend) throws Exception {
    try (Stream<Path> s = Files.list(tmp.resolve("output/.pipeline/jobs").resolve(backend))) {
      return s.sorted().toList();
    }
  }

  @Test
  void condor_pointsGoOutAsOneClusterWithTheSweepPointSettings_andARerunSubmitsOnlyTheFailure()
      throws Exception {
    // condor_submit -terse FILE: keeps the description, runs each job now, prints the cluster.
    fake("condor_submit", """
        sub="$2"; n=$(sed -n 's/^queue \\([0-9]*\\)$/\\1/p' "$sub")
        cp "$sub" "$(dirname "$0")/submitted-$(ls "$(dirname "$0")" | grep -c submitted).sub"
        script=$(sed -n 's/^executable *= *//p' "$sub")
        for i in $(seq 0 $((n - 1))); do PIPELINE_ARRAY_INDEX=$i bash "$script" >/dev/null 2>&1; done
        echo "77.0 - 77.$((n - 1))"
        """);
    fake("condor_q", "echo '[]'");
    fake("condor_history", "echo '[]'");
    SweepArguments o = options("condor", """
        [condor]
        bin_dir = %s
        poll_interval = 100ms
        exit_grace = 30s

        [SweepPoint]
        cpus = 2
        memory = 3G
        account = group_ml.sweeps
        """.formatted(fakeBin));
    SweepFixture.Result r = fx.run(o);
    assertEquals(3, r.exit(), r.out());
    assertTrue(r.out().contains("SUCCEED output/V_a (condor)"), r.out());
    assertTrue(r.out().contains("Failed tasks: 1/3\n  V_bad\n"), r.out());
    String sub = Files.readString(fakeBin.resolve("submitted-0.sub"));
    assertTrue(sub.contains("queue 3\n"), sub);
    assertTrue(sub.matches("(?s).*request_cpus *= 2\n.*request_memory *= 3072M\n.*"), sub);
    assertTrue(sub.matches("(?s).*accounting_group *= group_ml.sweeps\n.*"), sub);
    assertEquals(1, submissions("condor").size());
    assertEquals(0, ((Number) run(fx.dir.resolve("output/V_a/stat.json")).get("code")).intValue());
    assertEquals("checking b\n", fx.read("output/V_b/log.run." + SweepFixture.DATETIME));
    Map<?, ?> bad = run(fx.dir.resolve("output/V_bad/stat.json"));
    assertEquals("failed", bad.get("status"));
    assertEquals(3, ((Number) bad.get("exit")).intValue());
    assertEquals("b", JsonText.readObject(fx.dir.resolve("output/V_b/param.json")).get("v"));

    SweepFixture.Result again = fx.run(options("condor", Files.readString(tmp.resolve("sweep.cfg"))));
    assertEquals(3, again.exit(), again.out());
    assertTrue(again.out().contains("SKIP    run:1/3, output/V_a"), again.out());
    assertTrue(Files.readString(fakeBin.resolve("submitted-1.sub")).contains("queue 1\n"));
  }

  @Test
  void manualOnSlurm_writesTheJobArrayAndPrintsSbatch_withoutSubmitting() throws Exception {
    fake("sbatch", "touch \"$(dirname \"$0\")/sbatch-was-called\"; exit 1");
    SweepArguments o = options("slurm", """
        [slurm]
        bin_dir = %s

        [SweepPoint]
        partition = gpu
        time = 2h
        """.formatted(fakeBin));
    o.manual = true;
    SweepFixture.Result r = fx.run(o);
    assertEquals(0, r.exit(), r.out());
    Path dir = submissions("slurm").get(0);
    Path script = dir.resolve("job.sh");
    assertTrue(r.out().startsWith("sbatch --parsable " + script + "\n"), r.out());
    assertTrue(r.out().contains("# 1 job file(s) written; nothing was run"), r.out());
    String text = Files.readString(script);
    assertTrue(text.contains("#SBATCH --array=0-2\n"), text);
    assertTrue(text.contains("#SBATCH --partition=gpu\n#SBATCH --time=02:00:00\n"), text);
    String entry = Files.readString(dir.resolve("1.job")).replace('\0', ' ');
    assertTrue(entry.contains(" run-task sweep.SweepPoint "), entry);
    assertTrue(entry.contains(" --name=V_b "), entry);
    assertTrue(entry.matches("(?s).* --plan=\\S+/output/\\.pipeline/sweep/plan-\\S+\\.json .*"), entry);
    assertFalse(Files.exists(fakeBin.resolve("sbatch-was-called")), "nothing was submitted");
    assertFalse(fx.exists("output/V_a/stat.json"), "nothing ran");
  }
}

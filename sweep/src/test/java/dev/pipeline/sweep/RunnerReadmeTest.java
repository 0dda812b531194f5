package dev.pipeline.sweep;

import static dev.pipeline.sweep.SweepFixture.DATETIME;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The examples of the runner's README (seed 002), run for real: each produces exactly the
 * commands, names and files the README documents.
 */
class RunnerReadmeTest {
  @TempDir Path tmp;
  SweepFixture fx;

  @BeforeEach
  void setUp() throws Exception {
    fx = new SweepFixture(tmp);
    // A stand-in for python: prints its arguments and, with $EVENTS, records start and end.
    fx.program("python", """
        printf 'python %s\\n' "$*"
        if [ -n "${EVENTS:-}" ]; then
          printf 'start %s %s\\n' "${CUDA_VISIBLE_DEVICES-}" "$*" >> "$EVENTS"
          sleep "${NAP:-0.3}"
          printf 'end %s %s\\n' "${CUDA_VISIBLE_DEVICES-}" "$*" >> "$EVENTS"
        fi""");
  }

  @Test
  void paramJsonAndStatJsonAreExactlyTheDocumentedOnes() throws Exception {
    // The README shows param.json and stat.json of a point Curl_1-Bracket_1 with four commands;
    // this file reproduces them (aliases in both forms, defaults, a point dir per point).
    fx.write("params.yaml", """
        template:
          base: echo {curl} [bracket] {_datetime} {_name} {_output}
          pack: echo {curl} [bracket]
          remap: echo [alias_remap]
          replace: echo [alias_replace]
        resource: [ 1 ]
        default:
          alias_remap: remap1
          alias_replace: 1
          remap: remap1
          remap_bracket: 0
          remap_curl: 0
          replace: 1
        alias:
          alias_remap:
            remap1: { alias_remap_new_bracket1: 1, alias_remap_new_bracket2: 2 }
          alias_replace: [ alias_replaced1, alias_replaced2 ]
        ---
        curl: [ 1 ]
        bracket: [ 1 ]
        """);
    SweepFixture.Result r = fx.run(fx.options());
    assertEquals(0, r.exit(), r.out());
    String dt = DATETIME;
    assertEquals(List.of("Curl_1-Bracket_1/log.base." + dt, "Curl_1-Bracket_1/log.pack." + dt,
        "Curl_1-Bracket_1/log.remap." + dt, "Curl_1-Bracket_1/log.replace." + dt,
        "Curl_1-Bracket_1/param.json", "Curl_1-Bracket_1/stat.json", "params.yaml"), fx.files("output"));
    assertEquals("""
        {
          "_commands": {
            "base": "CUDA_VISIBLE_DEVICES=1 echo 1 --bracket 1 2021-07-13.02:40:07 Curl_1-Bracket_1 output/Curl_1-Bracket_1 > output/Curl_1-Bracket_1/log.base.2021-07-13.02:40:07 2>&1",
            "pack": "CUDA_VISIBLE_DEVICES=1 echo 1 --bracket 1 > output/Curl_1-Bracket_1/log.pack.2021-07-13.02:40:07 2>&1",
            "remap": "CUDA_VISIBLE_DEVICES=1 echo --alias_remap_new_bracket1 1 --alias_remap_new_bracket2 2 > output/Curl_1-Bracket_1/log.remap.2021-07-13.02:40:07 2>&1",
            "replace": "CUDA_VISIBLE_DEVICES=1 echo --alias_replaced1 1 --alias_replaced2 1 > output/Curl_1-Bracket_1/log.replace.2021-07-13.02:40:07 2>&1"
          },
          "_datetime": "2021-07-13.02:40:07",
          "_name": "Curl_1-Bracket_1",
          "_output": "output/Curl_1-Bracket_1",
          "alias_remap": "remap1",
          "alias_replace": 1,
          "bracket": 1,
          "curl": 1,
          "remap": "remap1",
          "remap_bracket": 0,
          "remap_curl": 0,
          "replace": 1
        }
        """, fx.read("output/Curl_1-Bracket_1/param.json"));
    Map<String, Object> stat = JsonText.readObject(tmp.resolve("output/Curl_1-Bracket_1/stat.json"));
    assertEquals(List.of("base", "pack", "remap", "replace"), List.copyOf(new TreeSet<>(stat.keySet())));
    for (Object entry : stat.values()) {
      assertEquals(0, ((Map<?, ?>) entry).get("code"), stat.toString());
      assertEquals("1", ((Map<?, ?>) entry).get("gpu"));
    }
    // The logs hold what the commands printed (stdout and stderr together).
    assertEquals("1 --bracket 1 2021-07-13.02:40:07 Curl_1-Bracket_1 output/Curl_1-Bracket_1\n",
        fx.read("output/Curl_1-Bracket_1/log.base." + dt));
    assertEquals("--alias_remap_new_bracket1 1 --alias_remap_new_bracket2 2\n",
        fx.read("output/Curl_1-Bracket_1/log.remap." + dt));
    assertTrue(r.out().contains("Tasks: 1, commands to run: 4"), r.out());
    assertTrue(r.out().contains("SUCCEED gpu: 1, base:1/1, output/Curl_1-Bracket_1"), r.out());
    assertTrue(r.out().endsWith("No task failed.\n"), r.out());

    // Succeeded commands are skipped by default.
    SweepFixture.Result again = fx.run(fx.options());
    assertEquals(0, again.exit());
    assertTrue(again.out().contains("commands to run: 0"), again.out());
    assertTrue(again.out().contains("SKIP    base:1/1, output/Curl_1-Bracket_1"), again.out());
  }

  @Test
  void minimalConfigTwoGpusRunTwoAtATime() throws Exception {
    fx.write("params.yaml", """
        template:
          run: python run.py {param}

        resource: [ 0, 1 ]

        ---
        param: [ 1, 2, 3, 4 ]
        """);
    SweepArguments o = fx.options();
    o.environment.put("EVENTS", tmp.resolve("events").toString());
    SweepFixture.Result r = fx.run(o);
    assertEquals(0, r.exit(), r.out());
    for (int i = 1; i <= 4; i++) {
      String name = "Param_" + i;
      Map<String, Object> stat = JsonText.readObject(tmp.resolve("output/" + name + "/stat.json"));
      String gpu = (String) ((Map<?, ?>) stat.get("run")).get("gpu");
      assertTrue(Set.of("0", "1").contains(gpu), gpu);
      Map<String, Object> param = JsonText.readObject(tmp.resolve("output/" + name + "/param.json"));
      assertEquals("CUDA_VISIBLE_DEVICES=" + gpu + " python run.py " + i + " > output/" + name
          + "/log.run." + DATETIME + " 2>&1", ((Map<?, ?>) param.get("_commands")).get("run"));
      assertEquals("python run.py " + i + "\n", fx.read("output/" + name + "/log.run." + DATETIME));
    }
    // Never more than one point per GPU, and so never more than two at once.
    Map<String, Integer> busy = new HashMap<>();
    int running = 0;
    int most = 0;
    for (String line : Files.readAllLines(tmp.resolve("events"))) {
      String[] f = line.split(" ");
      int delta = f[0].equals("start") ? 1 : -1;
      running += delta;
      most = Math.max(most, running);
      assertTrue(busy.merge(f[1], delta, Integer::sum) <= 1, "GPU " + f[1] + " shared: " + line);
    }
    assertTrue(most <= 2, "at most two at a time, saw " + most);
  }

  @Test
  void repeatedSlotsShareAGpuAndAllFourRunTogether() throws Exception {
    fx.write("params.yaml", """
        template:
          run: python run.py {param}
        resource: [0, 1, 0, 1]
        ---
        param: [ 1, 2, 3, 4 ]
        """);
    // Each run waits until all four have started: this only ends if the four run at once.
    fx.program("python", """
        touch "$BARRIER/$2"
        for _ in $(seq 1 300); do
          [ "$(ls "$BARRIER" | wc -l)" -ge 4 ] && { echo "together on $CUDA_VISIBLE_DEVICES"; exit 0; }
          sleep 0.1
        done
        exit 1""");
    Path barrier = Files.createDirectories(tmp.resolve("barrier"));
    SweepArguments o = fx.options();
    o.environment.put("BARRIER", barrier.toString());
    SweepFixture.Result r = fx.run(o);
    assertEquals(0, r.exit(), r.out());
    Map<String, Integer> perGpu = new HashMap<>();
    for (int i = 1; i <= 4; i++) {
      String log = fx.read("output/Param_" + i + "/log.run." + DATETIME).strip();
      perGpu.merge(log, 1, Integer::sum);
    }
    assertEquals(Map.of("together on 0", 2, "together on 1", 2), perGpu);
  }

  @Test
  void aSlotOfTwoGpusGivesThePointBoth() throws Exception {
    fx.write("params.yaml", """
        template:
          run: python run.py {param}
        resource: ["0,1", "2,3"]
        ---
        param: [ 1, 2, 3 ]
        """);
    fx.program("python", "echo \"$CUDA_VISIBLE_DEVICES\"");
    SweepFixture.Result r = fx.run(fx.options());
    assertEquals(0, r.exit(), r.out());
    for (int i = 1; i <= 3; i++) {
      String gpus = fx.read("output/Param_" + i + "/log.run." + DATETIME).strip();
      assertTrue(gpus.equals("0,1") || gpus.equals("2,3"), gpus);
      assertTrue(fx.read("output/Param_" + i + "/param.json")
          .contains("\"CUDA_VISIBLE_DEVICES=" + gpus + " python run.py " + i), gpus);
    }
  }

  @Test
  void outputDirectoryPlaceholder() throws Exception {
    fx.write("params.yaml", """
        template:
          run: python train.py --tensorboard_dir {_output}/tb
        resource: [ 0 ]
        ---
        lr: [ 0.1 ]
        """);
    SweepFixture.Result r = fx.run(fx.options());
    assertEquals(0, r.exit(), r.out());
    assertEquals("python train.py --tensorboard_dir output/Lr_0.1/tb\n",
        fx.read("output/Lr_0.1/log.run." + DATETIME));
    assertTrue(r.out().contains("Orphan params: lr"), r.out());
  }

  @Test
  void noParamDirProcessesFilesInParallelIntoTheOutputDirectory() throws Exception {
    fx.write("params.yaml", """
        template:
          run: python parse.py {file}

        resource: [ 0, 1 ]

        ---
        file: [ text.txt.0, text.txt.1, text.txt.2 ]
        """);
    SweepArguments o = fx.options();
    o.noParamDir = true;
    SweepFixture.Result r = fx.run(o);
    assertEquals(0, r.exit(), r.out());
    List<String> expected = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String name = "File_text.txt." + i;
      expected.add("log.run." + DATETIME + "." + name);
      expected.add("param." + name + ".json");
      expected.add("stat." + name + ".json");
    }
    expected.add("params.yaml");
    expected.sort(null);
    assertEquals(expected, fx.files("output"));
    assertEquals("python parse.py text.txt.1\n", fx.read("output/log.run." + DATETIME + ".File_text.txt.1"));
    Map<String, Object> param = JsonText.readObject(tmp.resolve("output/param.File_text.txt.1.json"));
    assertEquals("output", param.get("_output"));
    assertEquals("File_text.txt.1", param.get("_name"));
  }

  @Test
  void titlesPickTheDocumentsOfOneMachine() throws Exception {
    fx.write("params.yaml", """
        template:
          run: python parse.py {file}

        resource: [ 0, 1 ]

        ---
        _title: machine1
        file: [ text.txt.0, text.txt.1 ]

        ---
        _title: machine2
        file: [ text.txt.3, text.txt.4 ]
        """);
    SweepArguments o = fx.options();
    o.title = "machine1";
    SweepFixture.Result r = fx.run(o);
    assertEquals(0, r.exit(), r.out());
    assertTrue(fx.exists("output/File_text.txt.0/stat.json"));
    assertTrue(fx.exists("output/File_text.txt.1/stat.json"));
    assertFalse(fx.exists("output/File_text.txt.3"));
    assertFalse(fx.exists("output/File_text.txt.4"));
    assertEquals(fx.read("params.yaml"), fx.read("output/params.yaml.machine1"));
  }

  @Test
  void dashCRunsOnlyTheSelectedCommand() throws Exception {
    fx.write("params.yaml", """
        template:
          train: python train.py {file}
          test: python test.py {file}

        resource: [ 0, 1 ]

        ---
        file: [ text.txt.0, text.txt.1 ]
        """);
    SweepArguments o = fx.options();
    o.commands = List.of("test");
    SweepFixture.Result r = fx.run(o);
    assertEquals(0, r.exit(), r.out());
    for (String name : List.of("File_text.txt.0", "File_text.txt.1")) {
      assertEquals(List.of(name + "/log.test." + DATETIME, name + "/param.json", name + "/stat.json"),
          fx.files("output").stream().filter(f -> f.startsWith(name)).toList());
      assertEquals(Set.of("test"), JsonText.readObject(tmp.resolve("output/" + name + "/stat.json")).keySet());
    }
    // Later, train runs; test is not repeated.
    o.commands = List.of();
    SweepFixture.Result all = fx.run(o);
    assertEquals(0, all.exit(), all.out());
    assertTrue(all.out().contains("commands to run: 2"), all.out());
    assertTrue(all.out().contains("SKIP    test:1/2"), all.out());
  }

  @Test
  void debugRunsOnlyTheFirstPointAndShowsItsOutput() throws Exception {
    // The seed's -d always failed ("Bad substitution" from /bin/sh); here it works.
    fx.write("params.yaml", """
        template:
          run: python run.py {param}
        resource: [ 0, 1 ]
        ---
        param: [ 1, 2, 3, 4 ]
        """);
    SweepArguments o = fx.options();
    o.debug = true;
    SweepFixture.Result r = fx.run(o);
    assertEquals(0, r.exit(), r.out());
    assertTrue(r.out().contains("python run.py 1\n"), r.out());
    assertFalse(r.out().contains("python run.py 2"), r.out());
    assertTrue(fx.exists("output/Param_1/log.run." + DATETIME));
    assertFalse(fx.exists("output/Param_2"));
    // -d forces: it runs the first point again even though it succeeded.
    SweepFixture.Result again = fx.run(o);
    assertEquals(0, again.exit(), again.out());
    assertTrue(again.out().contains("python run.py 1\n"), again.out());
    LinkedHashMap<String, Object> stat = JsonText.readObject(tmp.resolve("output/Param_1/stat.json"));
    assertEquals(0, ((Map<?, ?>) stat.get("run")).get("code"));
  }
}

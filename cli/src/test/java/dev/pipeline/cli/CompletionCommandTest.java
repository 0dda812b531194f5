package dev.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The script of {@code pipeline completion bash}, sourced in a real bash. */
class CompletionCommandTest {
  @TempDir Path dir;

  /** What the script completes for {@code words} (the last one is the word under the cursor). */
  private String complete(Path script, String... words) throws IOException, InterruptedException {
    String call = "source '" + script + "' 2>/dev/null\n"
        + "COMP_WORDS=(" + String.join(" ", quoted(words)) + ")\n"
        + "COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); COMP_LINE=\"${COMP_WORDS[*]}\"\n"
        + "COMPREPLY=(); _pipeline_complete_tasks 2>/dev/null; echo \"${COMPREPLY[*]}\"\n";
    Process bash = new ProcessBuilder("bash", "--norc", "--noprofile", "-c", call)
        .redirectErrorStream(true).start();
    String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertEquals(0, bash.waitFor(), out);
    return out;
  }

  private static String[] quoted(String[] words) {
    String[] out = new String[words.length];
    for (int i = 0; i < words.length; i++) {
      out[i] = "'" + words[i] + "'";
    }
    return out;
  }

  @Test
  void bash_completesCommandsFamiliesAndTheirParameters() throws Exception {
    Cli r = Cli.run("completion", "bash");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("\ncomplete -F _pipeline_complete_tasks -o default pipeline"),
        r.out());
    Path script = dir.resolve("pipeline.bash");
    Files.writeString(script, r.out());
    assertEquals("status", complete(script, "pipeline", "sta"));
    assertEquals("Fan FanLeaf", complete(script, "pipeline", "status", "Fa"));
    assertEquals("Layers LayersNode", complete(script, "pipeline", "graph", "La"));
    assertEquals("--out", complete(script, "pipeline", "remove-output", "Fan", "--o"));
    assertEquals("--workers --width", complete(script, "pipeline", "run", "Layers", "--w"));
    assertEquals("--depth", complete(script, "pipeline", "status", "Fan", "--n", "3", "--d"));
    assertEquals("--FanLeaf-i --FanLeaf-out --FanLeaf-preset --FanLeaf-storage",
        complete(script, "pipeline", "status", "Fan", "--FanL"));
    assertEquals("", complete(script, "pipeline", "index", "Fa"));
  }
}

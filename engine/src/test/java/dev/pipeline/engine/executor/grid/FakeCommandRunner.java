package dev.pipeline.engine.executor.grid;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** Answers batch-system commands with recorded outputs and remembers every call. */
public final class FakeCommandRunner implements CommandRunner {
  private final Map<String, Function<List<String>, CommandResult>> handlers = new HashMap<>();
  private final List<List<String>> calls = new CopyOnWriteArrayList<>();

  /** {@code program} prints {@code stdout} and exits 0. */
  public FakeCommandRunner on(String program, String stdout) {
    return on(program, argv -> new CommandResult(argv, 0, stdout, ""));
  }

  public FakeCommandRunner on(String program, int exitCode, String stdout, String stderr) {
    return on(program, argv -> new CommandResult(argv, exitCode, stdout, stderr));
  }

  public FakeCommandRunner on(String program, Function<List<String>, CommandResult> handler) {
    handlers.put(program, handler);
    return this;
  }

  @Override
  public CommandResult run(List<String> argv) throws IOException {
    calls.add(List.copyOf(argv));
    Function<List<String>, CommandResult> h = handlers.get(argv.get(0));
    if (h == null) {
      throw new IOException("Cannot run program \"" + argv.get(0) + "\" (no fake for it)");
    }
    return h.apply(argv);
  }

  public List<List<String>> calls() {
    return new ArrayList<>(calls);
  }

  public List<List<String>> calls(String program) {
    List<List<String>> out = new ArrayList<>();
    calls.forEach(c -> {
      if (c.get(0).equals(program)) {
        out.add(c);
      }
    });
    return out;
  }

  public void reset() {
    calls.clear();
  }
}

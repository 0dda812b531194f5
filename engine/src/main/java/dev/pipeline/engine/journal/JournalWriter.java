package dev.pipeline.engine.journal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pipeline.engine.event.GraphResolved;
import dev.pipeline.engine.event.RunEvent;
import dev.pipeline.engine.event.RunFinished;
import dev.pipeline.engine.event.RunListener;
import dev.pipeline.engine.event.RunStarted;
import dev.pipeline.engine.event.TaskEvent;
import dev.pipeline.engine.event.TaskState;
import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends every event to {@code .pipeline/journal.jsonl} as JSON lines. A background thread
 * serialises and writes; each batch is one {@code write} on an O_APPEND file, so lines from
 * concurrent engine processes never interleave and a killed process loses at most its last batch.
 */
public final class JournalWriter implements RunListener {
  private static final Logger LOG = LoggerFactory.getLogger(JournalWriter.class);
  private static final Object END = new Object();

  private final ObjectMapper json = new ObjectMapper();
  private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  private final FileOutputStream out;
  private final Thread thread;
  private volatile String runId = "";

  public JournalWriter(Path journalFile) {
    try {
      Files.createDirectories(journalFile.getParent());
      this.out = new FileOutputStream(journalFile.toFile(), true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open journal " + journalFile + ": " + e.getMessage(), e);
    }
    this.thread = new Thread(this::drain, "pipeline-journal");
    thread.setDaemon(true);
    thread.start();
  }

  /** The journal of a run directory. */
  public static Path fileIn(Path runDirectory) {
    return runDirectory.resolve(".pipeline").resolve("journal.jsonl");
  }

  @Override
  public void onEvent(RunEvent event) {
    if (event instanceof RunStarted s) {
      runId = s.runId();
    }
    queue.add(event);
  }

  @Override
  public void close() {
    queue.add(END);
    try {
      thread.join();
      out.getFD().sync();
      out.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      LOG.warn("journal: could not close cleanly: {}", e.getMessage());
    }
  }

  private void drain() {
    List<Object> batch = new ArrayList<>();
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(1 << 16);
    boolean running = true;
    while (running) {
      try {
        batch.add(queue.take());
      } catch (InterruptedException e) {
        break;
      }
      queue.drainTo(batch, 4096);
      buffer.reset();
      for (Object item : batch) {
        if (item == END) {
          running = false;
        } else {
          appendLine(buffer, (RunEvent) item);
        }
      }
      batch.clear();
      try {
        buffer.writeTo(out);
      } catch (IOException e) {
        LOG.error("journal write failed: {}", e.getMessage());
      }
    }
  }

  private void appendLine(ByteArrayOutputStream buffer, RunEvent event) {
    try {
      json.writeValue(new NonClosing(buffer), toRecord(event));
      buffer.write('\n');
    } catch (IOException e) {
      LOG.error("journal: cannot serialise {}: {}", event, e.getMessage());
    }
  }

  private JournalRecord toRecord(RunEvent event) {
    if (event instanceof TaskEvent t) {
      return JournalRecord.task(runId, t.time().toString(), t.task().canonical(),
          t.task().family(), t.state().name(), t.attempt(), t.gpus(),
          t.log() == null ? null : t.log().toString(), t.message());
    }
    if (event instanceof RunStarted s) {
      return new JournalRecord("run_started", s.runId(), s.time().toString(), null, null, null,
          null, s.gpus().isEmpty() ? null : s.gpus(), null, null, s.commandLine(), s.version(),
          s.host(), s.pid(), s.roots(), s.workers(), null, null, null);
    }
    if (event instanceof GraphResolved g) {
      Map<String, Integer> counts = new TreeMap<>();
      counts.put("total", g.total());
      counts.put("complete", g.complete());
      counts.put("to_run", g.toRun());
      return new JournalRecord("graph", runId, g.time().toString(), null, null, null, null, null,
          null, null, null, null, null, null, null, null, counts, null, null);
    }
    RunFinished f = (RunFinished) event;
    Map<String, Integer> counts = new TreeMap<>();
    new EnumMap<TaskState, Integer>(f.summary().counts())
        .forEach((k, v) -> counts.put(k.name(), v));
    return new JournalRecord("run_finished", runId, f.time().toString(), null, null, null, null,
        null, null, null, null, null, null, null, null, null, counts,
        f.summary().exitCode().code(), f.summary().wall().toMillis() / 1000.0);
  }

  /** Jackson closes the stream it writes to; the shared buffer must stay open. */
  private static final class NonClosing extends java.io.FilterOutputStream {
    NonClosing(java.io.OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() {}
  }
}

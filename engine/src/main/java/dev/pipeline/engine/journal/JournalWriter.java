package dev.pipeline.engine.journal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.pipeline.engine.event.FamilyShape;
import dev.pipeline.engine.event.GraphGrew;
import dev.pipeline.engine.event.GraphResolved;
import dev.pipeline.engine.event.ItemPublished;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends every event to {@code .pipeline/journal.jsonl} as JSON lines (fields as in {@link
 * JournalRecord}). A background thread serialises and writes; each batch is one {@code write} on
 * an O_APPEND file, so lines from concurrent engine processes never interleave; a killed process
 * loses at most the last 20 ms of events. Streaming Jackson keeps start-up and per-line cost low.
 *
 * <p>A journal that lies is worse than none: the first failed write (full disk, read-only file
 * system, I/O error) is reported once to {@code onFailure} (the scheduler then starts no new task
 * and the run ends with a non-zero exit), and nothing more is written, so that a half-written
 * batch stays the last line; the next writer finds it torn and repairs it (see {@link TornTail}).
 */
public final class JournalWriter implements RunListener {
  private static final Logger LOG = LoggerFactory.getLogger(JournalWriter.class);
  private static final Object END = new Object();
  private static final long FLUSH_NANOS = 20_000_000L;

  private final JsonFactory json = new JsonFactory();
  private final IsoTimestamps timestamps = new IsoTimestamps();
  /** Events wait here; the writer wakes every {@link #FLUSH_NANOS}, not per event. */
  private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
  private final FileOutputStream out;
  private final Thread thread;
  private final Path file;
  private final Consumer<String> onFailure;
  private volatile String runId = "";
  private volatile String failure;

  public JournalWriter(Path journalFile) {
    this(journalFile, message -> { });
  }

  /** A writer that tells {@code onFailure}, once, why the journal could not be written. */
  public JournalWriter(Path journalFile, Consumer<String> onFailure) {
    this.file = journalFile;
    this.onFailure = onFailure;
    try {
      Files.createDirectories(journalFile.getParent());
      this.out = new FileOutputStream(journalFile.toFile(), true);
      if (TornTail.isTorn(journalFile)) {
        TornTail.repair(out, java.time.Instant.now());
        LOG.warn("journal {}: its last line was cut off (a crash or a full disk while writing);"
            + " it is skipped and the records before it are kept", journalFile);
      }
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
    LockSupport.unpark(thread);
    try {
      thread.join();
      if (failure == null) {
        out.getFD().sync();
      }
      out.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      if (failure == null) {
        failure = "cannot write the journal " + file + ": " + reason(e);
        LOG.error("{}", failure);
        onFailure.accept(failure);
      }
    }
  }

  private void drain() {
    List<Object> batch = new ArrayList<>();
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(1 << 16);
    boolean running = true;
    while (running) {
      Object next;
      while (batch.size() < 8192 && (next = queue.poll()) != null) {
        batch.add(next);
      }
      if (batch.isEmpty()) {
        LockSupport.parkNanos(FLUSH_NANOS);
        continue;
      }
      buffer.reset();
      running = appendBatch(buffer, batch);
      batch.clear();
      if (failure == null) {
        write(buffer);
      }
    }
  }

  /** Why the journal could not be written, or null while it is fine. */
  public String failure() {
    return failure;
  }

  private void write(ByteArrayOutputStream buffer) {
    try {
      buffer.writeTo(out);
    } catch (IOException e) {
      failure = "cannot write the journal " + file + ": " + reason(e);
      LOG.error("{}; no new task starts, the run ends with an error (outputs already written are"
          + " kept)", failure);
      onFailure.accept(failure);
    }
  }

  /** The cause in words ("No space left on device"), never an exception class. */
  private static String reason(IOException e) {
    return e.getMessage() != null ? e.getMessage() : "I/O error";
  }

  /** Serialises a batch with one generator; false once the end marker was seen. */
  private boolean appendBatch(ByteArrayOutputStream buffer, List<Object> batch) {
    boolean running = true;
    try (JsonGenerator g = json.createGenerator(buffer)) {
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      g.setRootValueSeparator(null);
      for (Object item : batch) {
        if (item == END) {
          running = false;
        } else {
          appendLine(g, (RunEvent) item);
        }
      }
    } catch (IOException e) {
      LOG.error("journal: cannot serialise a batch: {}", e.getMessage());
    }
    return running;
  }

  private void appendLine(JsonGenerator g, RunEvent event) throws IOException {
    g.writeStartObject();
    if (event instanceof TaskEvent t) {
      writeTask(g, t);
    } else if (event instanceof RunStarted s) {
      writeStarted(g, s);
    } else if (event instanceof GraphResolved r) {
      header(g, "graph", r.time());
      writeCounts(g, Map.of("total", r.total(), "complete", r.complete(), "to_run", r.toRun()));
      writeFamilies(g, r.families());
    } else if (event instanceof GraphGrew r) {
      header(g, "graph_grew", r.time());
      writeCounts(g, Map.of("total", r.added(), "complete", r.complete(), "to_run", r.toRun()));
    } else if (event instanceof ItemPublished p) {
      header(g, "published", p.time());
      g.writeStringField("task", p.producer().canonical());
      g.writeStringField("family", p.producer().family());
      g.writeStringField("item", p.name());
      g.writeStringField("path", p.path().toString());
    } else if (event instanceof RunFinished f) {
      writeFinished(g, f);
    }
    g.writeEndObject();
    g.writeRaw('\n');
  }

  private void header(JsonGenerator g, String type, Instant time) throws IOException {
    g.writeStringField("type", type);
    g.writeStringField("run", runId);
    g.writeStringField("time", timestamps.format(time));
  }

  private void writeTask(JsonGenerator g, TaskEvent t) throws IOException {
    header(g, "task", t.time());
    g.writeStringField("task", t.task().canonical());
    g.writeStringField("family", t.task().family());
    g.writeStringField("state", t.state().name());
    g.writeNumberField("attempt", t.attempt());
    writeList(g, "gpus", t.gpus());
    if (t.log() != null) {
      g.writeStringField("log", t.log().toString());
    }
    if (t.message() != null) {
      g.writeStringField("message", t.message());
    }
    if (t.usage().cpuSeconds() != null) {
      g.writeNumberField("cpuSeconds", t.usage().cpuSeconds());
    }
    if (t.usage().peakRssKb() != null) {
      g.writeNumberField("peakRssKb", t.usage().peakRssKb());
    }
    if (t.usage().allocatedBytes() != null) {
      g.writeNumberField("allocatedBytes", t.usage().allocatedBytes());
    }
  }

  private void writeStarted(JsonGenerator g, RunStarted s) throws IOException {
    header(g, "run_started", s.time());
    writeList(g, "argv", s.commandLine());
    g.writeStringField("version", s.version());
    g.writeStringField("host", s.host());
    g.writeNumberField("pid", s.pid());
    g.writeStringField("directory", s.runDirectory().toString());
    writeList(g, "roots", s.roots());
    g.writeNumberField("workers", s.workers());
    writeList(g, "gpus", s.gpus());
  }

  private void writeFinished(JsonGenerator g, RunFinished f) throws IOException {
    header(g, "run_finished", f.time());
    g.writeObjectFieldStart("counts");
    for (TaskState state : TaskState.values()) {
      int n = f.summary().count(state);
      if (n > 0) {
        g.writeNumberField(state.name(), n);
      }
    }
    g.writeEndObject();
    g.writeNumberField("exitCode", f.summary().exitCode().code());
    g.writeNumberField("wallSeconds", f.summary().wall().toMillis() / 1000.0);
  }

  private static void writeCounts(JsonGenerator g, Map<String, Integer> counts) throws IOException {
    g.writeObjectFieldStart("counts");
    for (String key : List.of("total", "complete", "to_run")) {
      g.writeNumberField(key, counts.get(key));
    }
    g.writeEndObject();
  }

  private static void writeFamilies(JsonGenerator g, Map<String, FamilyShape> families)
      throws IOException {
    if (families.isEmpty()) {
      return;
    }
    g.writeObjectFieldStart("families");
    for (Map.Entry<String, FamilyShape> e : new java.util.TreeMap<>(families).entrySet()) {
      g.writeObjectFieldStart(e.getKey());
      g.writeNumberField("tasks", e.getValue().tasks());
      g.writeNumberField("complete", e.getValue().complete());
      g.writeArrayFieldStart("requires");
      for (String required : e.getValue().requires()) {
        g.writeString(required);
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  private static void writeList(JsonGenerator g, String name, List<String> values)
      throws IOException {
    if (values.isEmpty()) {
      return;
    }
    g.writeArrayFieldStart(name);
    for (String v : values) {
      g.writeString(v);
    }
    g.writeEndArray();
  }
}

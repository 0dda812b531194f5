package dev.pipeline.engine.provenance;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provenance of a run directory's outputs: {@code .pipeline/provenance.log}, one line per
 * output written, appended, never rewritten. A line is {@code CRC32 payload}, the payload either
 * {@code R URI TASKHASH VERSION INPUTSHASH {details}} (tab-separated) or {@code X URI} (removed);
 * the latest line for a URI wins. Each call is one {@code write} on an O_APPEND file, so that
 * lines of concurrent engine processes never interleave; a process killed mid-write leaves a
 * torn last line, which fails its checksum and is skipped, and the next writer ends it with a
 * newline before appending (nothing is truncated: another process may be appending).
 */
public final class ProvenanceLog implements AutoCloseable {
  static final String FILE = "provenance.log";
  private static final JsonFactory JSON = new JsonFactory();

  private static final Logger LOG = LoggerFactory.getLogger(ProvenanceLog.class);
  /** While batching, lines wait at most this long: one write per batch, not one per task. */
  private static final long FLUSH_MS = 20;

  private final Path file;
  private FileOutputStream out;
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
  private Thread flusher;
  private boolean closed;

  private ProvenanceLog(Path file) {
    this.file = file;
  }

  /** The log of a run directory's state directory ({@code RUN_DIR/.pipeline}). */
  public static ProvenanceLog in(Path stateDirectory) {
    return new ProvenanceLog(stateDirectory.resolve(FILE));
  }

  public Path file() {
    return file;
  }

  /**
   * From now on lines are written by a background thread every {@value #FLUSH_MS} ms, like the
   * journal's: a run that completes 10,000 small tasks makes a few hundred writes, not 10,000. A
   * process killed meanwhile loses at most the last batch, never part of a line: its outputs then
   * have no record (complete, as before provenance) or the one before (stale: they run again).
   */
  public synchronized ProvenanceLog batching() {
    if (flusher == null && !closed) {
      flusher = new Thread(this::flushEvery, "pipeline-provenance");
      flusher.setDaemon(true);
      flusher.start();
    }
    return this;
  }

  private void flushEvery() {
    while (true) {
      try {
        Thread.sleep(FLUSH_MS);
      } catch (InterruptedException e) {
        return;
      }
      synchronized (this) {
        if (closed) {
          return;
        }
        flushPending();
      }
    }
  }

  private void flushPending() {
    if (pending.size() == 0) {
      return;
    }
    byte[] bytes = pending.toByteArray();
    pending.reset();
    try {
      writeNow(bytes);
    } catch (IOException e) {
      LOG.warn("cannot record provenance in {}: {}; those outputs count as complete without it",
          file, e.toString());
    }
  }

  /** Every valid line, latest per output; empty when there is no log yet. */
  public ProvenanceIndex read() {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return ProvenanceIndex.EMPTY;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    return ProvenanceIndex.parse(bytes);
  }

  /** Records outputs just completed; one write for all of them. */
  public synchronized void append(List<ProvenanceRecord> records) throws IOException {
    if (records.isEmpty()) {
      return;
    }
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(256 * records.size());
    for (ProvenanceRecord r : records) {
      line(buffer, "R\t" + escape(r.output()) + "\t" + Long.toHexString(r.taskHash()) + "\t"
          + r.version() + "\t" + Long.toHexString(r.inputsHash()) + "\t" + details(r));
    }
    write(buffer.toByteArray());
  }

  /** Forgets outputs that were removed (or are about to be made again). */
  public synchronized void removed(Collection<String> uris) throws IOException {
    if (uris.isEmpty()) {
      return;
    }
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(64 * uris.size());
    for (String uri : uris) {
      line(buffer, "X\t" + escape(uri));
    }
    write(buffer.toByteArray());
  }

  private void write(byte[] bytes) throws IOException {
    if (flusher != null) {
      pending.writeBytes(bytes);
      return;
    }
    writeNow(bytes);
  }

  private void writeNow(byte[] bytes) throws IOException {
    if (out == null) {
      Files.createDirectories(file.getParent());
      out = new FileOutputStream(file.toFile(), true);
      if (endsTorn(file)) {
        out.write('\n'); // the torn line is now a complete line with a bad checksum: skipped
      }
    }
    out.write(bytes);
  }

  private static boolean endsTorn(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size == 0) {
        return false;
      }
      ByteBuffer last = ByteBuffer.allocate(1);
      channel.read(last, size - 1);
      return last.get(0) != '\n';
    }
  }

  private static void line(ByteArrayOutputStream buffer, String payload) {
    byte[] p = payload.getBytes(StandardCharsets.UTF_8);
    CRC32 crc = new CRC32();
    crc.update(p);
    String sum = Long.toHexString(crc.getValue() | 0x1_0000_0000L).substring(1) + " ";
    buffer.writeBytes(sum.getBytes(StandardCharsets.US_ASCII));
    buffer.writeBytes(p);
    buffer.write('\n');
  }

  private static String details(ProvenanceRecord r) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (JsonGenerator g = JSON.createGenerator(bytes)) {
      g.writeStartObject();
      g.writeStringField("task", r.task());
      g.writeStringField("family", r.family());
      g.writeObjectFieldStart("params");
      for (Map.Entry<String, String> p : r.params().entrySet()) {
        g.writeStringField(p.getKey(), p.getValue());
      }
      g.writeEndObject();
      g.writeArrayFieldStart("inputs");
      for (ProvenanceRecord.Input in : r.inputs()) {
        g.writeStartArray();
        g.writeString(in.uri());
        g.writeString(in.fingerprint());
        g.writeEndArray();
      }
      g.writeEndArray();
      g.writeStringField("engine", r.engine());
      g.writeStringField("host", r.host());
      g.writeStringField("time", r.time());
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // into memory: cannot happen
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /** Tabs, newlines and backslashes in a URI would break the line format. */
  static String escape(String uri) {
    if (uri.indexOf('\\') < 0 && uri.indexOf('\t') < 0 && uri.indexOf('\n') < 0) {
      return uri;
    }
    return uri.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n");
  }

  static String unescape(String text) {
    if (text.indexOf('\\') < 0) {
      return text;
    }
    StringBuilder b = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\' && i + 1 < text.length()) {
        char n = text.charAt(++i);
        b.append(n == 't' ? '\t' : n == 'n' ? '\n' : n);
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (flusher != null) {
      flusher.interrupt();
      flusher = null;
      flushPending();
    }
    if (out != null) {
      try {
        out.close();
      } catch (IOException ignored) {
        // Every line was written with its own write(); nothing is buffered here.
      }
      out = null;
    }
  }
}

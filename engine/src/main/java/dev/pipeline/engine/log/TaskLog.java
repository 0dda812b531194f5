package dev.pipeline.engine.log;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A task's log file, created on first write so that tasks which print nothing (most of a 100,000
 * task fan-out) cost no file. Child processes append to the same file.
 */
public final class TaskLog implements AutoCloseable {
  private static final int TAIL_LINE_CHARS = 400;
  private final Path file;
  private final String header;
  private final Lazy raw = new Lazy();
  private OutputStream out;
  private PrintStream printer;

  public TaskLog(Path file, String header) {
    this.file = file;
    this.header = header;
  }

  public Path file() {
    return file;
  }

  /** A print stream on the log, made on first use (a PrintStream costs ~16 KB of buffers). */
  public synchronized PrintStream printer() {
    if (printer == null) {
      printer = new PrintStream(raw, true, StandardCharsets.UTF_8);
    }
    return printer;
  }

  /** The log as a byte stream; opens the file on first write. */
  public OutputStream stream() {
    return raw;
  }

  public synchronized void flush() {
    if (printer != null) {
      printer.flush();
    }
  }

  /** Makes sure the file exists (with its header) before a child process appends to it. */
  public synchronized void open() throws IOException {
    if (out == null) {
      Files.createDirectories(file.getParent());
      out = Files.newOutputStream(file, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      out.write(header.getBytes(StandardCharsets.UTF_8));
      out.flush();
    }
  }

  @Override
  public synchronized void close() {
    flush();
    if (out != null) {
      try {
        out.close();
      } catch (IOException ignored) {
        // Nothing useful to do about a log that cannot be closed.
      }
      out = null;
    }
  }

  /**
   * The last {@code n} non-blank lines of a log file (empty when there is no file), as a terminal
   * would show them: of a line that a progress bar redraws with carriage returns only the last
   * drawing is kept, and a line longer than {@value #TAIL_LINE_CHARS} characters keeps its end.
   */
  public static String tail(Path file, int n) {
    if (file == null || !Files.isRegularFile(file)) {
      return "";
    }
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      long len = raf.length();
      long start = Math.max(0, len - 16 * 1024);
      raf.seek(start);
      byte[] buf = new byte[(int) (len - start)];
      raf.readFully(buf);
      String[] lines = new String(buf, StandardCharsets.UTF_8).split("\n");
      Deque<String> last = new ArrayDeque<>();
      for (int i = lines.length - 1; i >= 0 && last.size() < n; i--) {
        String line = shown(lines[i]);
        if (!line.isBlank()) {
          last.addFirst(line);
        }
      }
      return String.join("\n", last);
    } catch (IOException e) {
      return "";
    }
  }

  private static String shown(String line) {
    String s = line;
    int cr = s.stripTrailing().lastIndexOf('\r');
    if (cr >= 0) {
      s = s.substring(cr + 1);
    }
    s = s.stripTrailing();
    return s.length() <= TAIL_LINE_CHARS ? s : "..." + s.substring(s.length() - TAIL_LINE_CHARS);
  }

  private final class Lazy extends OutputStream {
    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      synchronized (TaskLog.this) {
        open();
        out.write(b, off, len);
      }
    }

    @Override
    public void flush() throws IOException {
      synchronized (TaskLog.this) {
        if (out != null) {
          out.flush();
        }
      }
    }
  }
}

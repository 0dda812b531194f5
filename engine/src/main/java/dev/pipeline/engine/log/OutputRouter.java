package dev.pipeline.engine.log;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Sends what task code prints with {@code System.out}/{@code System.err} to that task's log. The
 * binding is inherited by threads the task starts; everything else goes to the original streams.
 */
public final class OutputRouter {
  private static final InheritableThreadLocal<OutputStream> CURRENT = new InheritableThreadLocal<>();
  private static PrintStream originalOut;
  private static PrintStream originalErr;

  private OutputRouter() {}

  /** Installs the routing streams once per JVM. */
  public static synchronized void install() {
    if (originalOut != null) {
      return;
    }
    originalOut = System.out;
    originalErr = System.err;
    System.setOut(new PrintStream(new Routing(originalOut), true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(new Routing(originalErr), true, StandardCharsets.UTF_8));
  }

  /** Routes this thread's (and its future children's) output to {@code log}. */
  public static void bind(OutputStream log) {
    CURRENT.set(log);
  }

  public static void unbind() {
    CURRENT.remove();
  }

  private static final class Routing extends OutputStream {
    private final PrintStream fallback;

    Routing(PrintStream fallback) {
      this.fallback = fallback;
    }

    @Override
    public void write(int b) throws IOException {
      OutputStream log = CURRENT.get();
      if (log != null) {
        log.write(b);
      } else {
        fallback.write(b);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      OutputStream log = CURRENT.get();
      if (log != null) {
        log.write(b, off, len);
      } else {
        fallback.write(b, off, len);
      }
    }

    @Override
    public void flush() throws IOException {
      OutputStream log = CURRENT.get();
      if (log != null) {
        log.flush();
      } else {
        fallback.flush();
      }
    }
  }
}

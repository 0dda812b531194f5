package dev.pipeline.engine.journal;

import dev.pipeline.api.Published;
import dev.pipeline.api.TaskId;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The items one task published, durably: {@code RUN/.pipeline/published/FAMILY/FAMILY-DIGEST.tsv},
 * one line {@code NAME<TAB>PATH} per item, appended in one write and synced before the item
 * counts as published. A Java task appends through {@code TaskContext.publish}; a command appends
 * the same line to {@code $PIPELINE_PUBLISH_FILE} itself (after writing the item completely). A
 * line without its newline is one being written and is not read yet; a name seen before keeps its
 * first path (a producer resumed after a restart may announce it again).
 */
public final class PublishManifest {
  /** The variable that tells a command where to announce its items. */
  public static final String VARIABLE = "PIPELINE_PUBLISH_FILE";

  private PublishManifest() {}

  public static Path fileOf(Path runDirectory, TaskId id) {
    return runDirectory.resolve(".pipeline").resolve("published").resolve(id.family())
        .resolve(id.family() + "-" + id.digest() + ".tsv");
  }

  /** Appends one item and syncs it to disk. */
  public static void append(Path file, Published item) throws IOException {
    if (!Files.exists(item.path())) {
      throw new IOException("cannot publish " + item.name() + ": " + item.path() + " does not exist"
          + " (write the item completely, then publish it)");
    }
    if (item.path().toString().indexOf('\n') >= 0 || item.name().indexOf('\t') >= 0) {
      throw new IOException("cannot publish " + item.name() + ": a tab in its name or a newline in"
          + " its path");
    }
    Files.createDirectories(file.getParent());
    byte[] line = (item.name() + "\t" + item.path().toAbsolutePath() + "\n").getBytes(StandardCharsets.UTF_8);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND)) {
      ByteBuffer b = ByteBuffer.wrap(line);
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(true);
    }
  }

  /** Every complete item in the file, first path per name, in order; empty when there is none. */
  public static List<Published> read(Path file) throws IOException {
    return new ArrayList<>(parse(readFrom(file, 0).text(), file, null).values());
  }

  /** What was appended since {@code offset}: the complete lines and the offset after them. */
  public record Chunk(String text, long next) {}

  public static Chunk readFrom(Path file, long offset) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      long length = f.length();
      if (length <= offset) {
        return new Chunk("", offset);
      }
      byte[] bytes = new byte[(int) Math.min(Integer.MAX_VALUE - 8, length - offset)];
      f.seek(offset);
      f.readFully(bytes);
      int end = bytes.length;
      while (end > 0 && bytes[end - 1] != '\n') {
        end--; // a line still being written
      }
      return new Chunk(new String(bytes, 0, end, StandardCharsets.UTF_8), offset + end);
    } catch (NoSuchFileException | java.io.FileNotFoundException e) {
      return new Chunk("", offset);
    }
  }

  /** Items by name from complete lines; malformed lines are skipped with the reason in {@code problems}. */
  public static Map<String, Published> parse(String text, Path file, List<String> problems) {
    Map<String, Published> out = new LinkedHashMap<>();
    int lineNo = 0;
    for (String line : text.split("\n")) {
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      int tab = line.indexOf('\t');
      try {
        if (tab <= 0) {
          throw new IllegalArgumentException("expected NAME<TAB>PATH");
        }
        Published p = new Published(line.substring(0, tab), Path.of(line.substring(tab + 1)));
        out.putIfAbsent(p.name(), p);
      } catch (IllegalArgumentException e) {
        if (problems != null) {
          problems.add(file + ":" + lineNo + ": " + e.getMessage() + ": '" + line + "'");
        }
      }
    }
    return out;
  }
}

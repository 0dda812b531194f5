package dev.pipeline.engine.journal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a journal back. A line cut off by a crash or a full disk is skipped, never fatal: the last
 * line (reported once per read, until the next writer repairs it) or a line that a writer has
 * marked as torn (see {@link TornTail}). An unreadable line anywhere else is corruption, and an
 * error.
 */
public final class JournalReader {
  private static final Logger LOG = LoggerFactory.getLogger(JournalReader.class);

  private JournalReader() {}

  public static List<JournalRecord> read(Path journalFile) throws IOException {
    List<String> lines;
    try {
      // Decoded leniently: a cut can split a multi-byte character, which must not hide the rest.
      lines = List.of(new String(Files.readAllBytes(journalFile), StandardCharsets.UTF_8)
          .split("\n", -1));
    } catch (NoSuchFileException e) {
      return List.of();
    }
    int end = lines.size();
    while (end > 0 && lines.get(end - 1).isBlank()) {
      end--;
    }
    lines = lines.subList(0, end);
    List<JournalRecord> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      JournalRecord record = parse(line);
      if (record == null) {
        skipTorn(journalFile, lines, i, out.size());
      } else if (!TornTail.TYPE.equals(record.type())) {
        out.add(record);
      }
    }
    return out;
  }

  /** An unreadable line {@code i}: skipped when torn (last, or marked), else an error. */
  private static void skipTorn(Path file, List<String> lines, int i, int kept) throws IOException {
    if (i + 1 < lines.size() && !marksTorn(lines.get(i + 1))) {
      throw new IOException(file + ": unreadable journal line " + (i + 1) + ": "
          + abbreviate(lines.get(i)));
    }
    if (i + 1 == lines.size()) {
      LOG.warn("journal {}: its last line is cut off (a crash or a full disk while writing); it is"
          + " skipped and the {} records before it are read", file, kept);
    }
  }

  private static boolean marksTorn(String line) {
    JournalRecord next = parse(line);
    return next != null && TornTail.TYPE.equals(next.type());
  }

  private static JournalRecord parse(String line) {
    return RecordParser.parse(line);
  }

  private static String abbreviate(String line) {
    return line.length() <= 80 ? line : line.substring(0, 80) + "...";
  }

  /** The last recorded task record per task, across all runs in the journal. */
  public static Map<String, JournalRecord> latestTaskStates(Path journalFile) throws IOException {
    return latestTaskStates(read(journalFile));
  }

  /** The last task record per task among {@code records} (a journal already read). */
  public static Map<String, JournalRecord> latestTaskStates(List<JournalRecord> records) {
    Map<String, JournalRecord> latest = new HashMap<>();
    for (JournalRecord r : records) {
      if ("task".equals(r.type())) {
        latest.put(r.task(), r);
      }
    }
    return latest;
  }
}

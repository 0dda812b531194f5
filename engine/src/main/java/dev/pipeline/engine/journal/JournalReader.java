package dev.pipeline.engine.journal;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads a journal back; a torn last line (a killed writer) is skipped, not fatal. */
public final class JournalReader {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JournalReader() {}

  public static List<JournalRecord> read(Path journalFile) throws IOException {
    List<JournalRecord> out = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(journalFile, StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        try {
          out.add(JSON.readValue(line, JournalRecord.class));
        } catch (IOException e) {
          // Only the final line can be torn; anything else would be corruption worth surfacing.
          if (in.ready()) {
            throw new IOException(journalFile + ": unreadable journal line: " + e.getMessage(), e);
          }
        }
      }
    } catch (NoSuchFileException e) {
      return List.of();
    }
    return out;
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

package dev.pipeline.engine.provenance;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The latest provenance of each output, read from the log in one pass: a hash map from URI to the
 * three numbers the freshness check compares. A record's details (parameters, inputs) stay
 * unparsed in the log's bytes until a check needs them to say what changed.
 */
public final class ProvenanceIndex {
  static final ProvenanceIndex EMPTY = new ProvenanceIndex(new byte[0], new HashMap<>(), 0);
  private static final JsonFactory JSON = new JsonFactory();

  private final byte[] bytes;
  private final Map<String, Entry> latest;
  private final int skipped;

  private ProvenanceIndex(byte[] bytes, Map<String, Entry> latest, int skipped) {
    this.bytes = bytes;
    this.latest = latest;
    this.skipped = skipped;
  }

  /** One output's latest record, its details at {@code [detailsStart, detailsEnd)} of the log. */
  public record Entry(String output, long taskHash, int version, long inputsHash,
      int detailsStart, int detailsEnd) {}

  public boolean isEmpty() {
    return latest.isEmpty();
  }

  public int size() {
    return latest.size();
  }

  /** Lines that failed their checksum (a torn tail) or could not be read: skipped. */
  public int skipped() {
    return skipped;
  }

  /** The latest record of an output, or null (never recorded, or removed since). */
  public Entry find(String uri) {
    return latest.get(uri);
  }

  /** The whole record of an entry, parsed now. */
  public ProvenanceRecord details(Entry e) {
    String task = "";
    String family = "";
    String engine = "";
    String host = "";
    String time = "";
    Map<String, String> params = new LinkedHashMap<>();
    List<ProvenanceRecord.Input> inputs = new ArrayList<>();
    try (JsonParser p = JSON.createParser(bytes, e.detailsStart, e.detailsEnd - e.detailsStart)) {
      p.nextToken();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.getCurrentName();
        JsonToken t = p.nextToken();
        switch (name) {
          case "task" -> task = p.getText();
          case "family" -> family = p.getText();
          case "engine" -> engine = p.getText();
          case "host" -> host = p.getText();
          case "time" -> time = p.getText();
          case "params" -> {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              String key = p.getCurrentName();
              p.nextToken();
              params.put(key, p.getText());
            }
          }
          case "inputs" -> {
            while (p.nextToken() == JsonToken.START_ARRAY) {
              p.nextToken();
              String uri = p.getText();
              p.nextToken();
              String print = p.currentToken() == JsonToken.VALUE_NULL ? null : p.getText();
              p.nextToken();
              inputs.add(new ProvenanceRecord.Input(uri, print));
            }
          }
          default -> {
            if (t.isStructStart()) {
              p.skipChildren(); // a field added by a later engine
            }
          }
        }
      }
    } catch (IOException ex) {
      throw new UncheckedIOException("unreadable provenance of " + e.output + ": " + ex, ex);
    }
    return new ProvenanceRecord(e.output, task, family, params, e.version, inputs, engine, host,
        time);
  }

  static ProvenanceIndex parse(byte[] bytes) {
    Map<String, Entry> latest = new HashMap<>(Math.max(16, bytes.length / 100));
    int skipped = 0;
    CRC32 crc = new CRC32();
    int start = 0;
    while (start < bytes.length) {
      int end = indexOf(bytes, (byte) '\n', start, bytes.length);
      if (end < 0) {
        skipped++; // a torn last line: its writer was killed mid-write
        break;
      }
      if (!apply(bytes, start, end, crc, latest)) {
        skipped += end > start ? 1 : 0;
      }
      start = end + 1;
    }
    return new ProvenanceIndex(bytes, latest, skipped);
  }

  /** Applies one line {@code [start, end)}; false when it is not a valid line. */
  private static boolean apply(byte[] b, int start, int end, CRC32 crc, Map<String, Entry> latest) {
    if (end - start < 12 || b[start + 8] != ' ') {
      return false;
    }
    long sum = hex(b, start, start + 8);
    int payload = start + 9;
    crc.reset();
    crc.update(b, payload, end - payload);
    if (sum < 0 || crc.getValue() != sum || b[payload + 1] != '\t') {
      return false;
    }
    int uriEnd = indexOf(b, (byte) '\t', payload + 2, end);
    String uri = ProvenanceLog.unescape(new String(b, payload + 2,
        (uriEnd < 0 ? end : uriEnd) - payload - 2, StandardCharsets.UTF_8));
    if (b[payload] == 'X') {
      latest.remove(uri);
      return true;
    }
    if (b[payload] != 'R' || uriEnd < 0) {
      return false;
    }
    int f1 = indexOf(b, (byte) '\t', uriEnd + 1, end);
    int f2 = f1 < 0 ? -1 : indexOf(b, (byte) '\t', f1 + 1, end);
    int f3 = f2 < 0 ? -1 : indexOf(b, (byte) '\t', f2 + 1, end);
    if (f3 < 0) {
      return false;
    }
    long taskHash = hex(b, uriEnd + 1, f1);
    long version = decimal(b, f1 + 1, f2);
    long inputsHash = hex(b, f2 + 1, f3);
    latest.put(uri, new Entry(uri, taskHash, (int) version, inputsHash, f3 + 1, end));
    return true;
  }

  private static int indexOf(byte[] b, byte c, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] == c) {
        return i;
      }
    }
    return -1;
  }

  /** Unsigned hex of up to 16 digits; -1 for a non-hex byte in a short field. */
  private static long hex(byte[] b, int from, int to) {
    long v = 0;
    for (int i = from; i < to; i++) {
      int d = Character.digit(b[i], 16);
      if (d < 0) {
        return -1;
      }
      v = (v << 4) | d;
    }
    return v;
  }

  private static long decimal(byte[] b, int from, int to) {
    long v = 0;
    boolean negative = from < to && b[from] == '-';
    for (int i = negative ? from + 1 : from; i < to; i++) {
      v = v * 10 + (b[i] - '0');
    }
    return negative ? -v : v;
  }
}

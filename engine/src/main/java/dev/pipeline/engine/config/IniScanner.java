package dev.pipeline.engine.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A line scan of a cfg file that mirrors how ini4j splits it, for the two things ini4j cannot do:
 * report the line of each option, and read configparser-style continuation lines.
 *
 * <p>Rules (matching ini4j 0.5.4 with the settings in {@link IniFileReader}): a line whose first
 * non-blank character is {@code #} or {@code ;} is a comment; {@code [name]} is a section header;
 * otherwise the first {@code =} or {@code :} splits key from value. A non-blank line indented
 * deeper than the option line above it continues that option's value (law's cfgs are parsed by
 * Python's configparser, which allows this, e.g. a newline-separated {@code inherit} list).
 * ini4j would read such a line as a bogus key, so continuation lines are blanked in the text handed
 * to ini4j (keeping line numbers intact) and re-attached here.
 */
final class IniScanner {

  /** An option line; {@code continuation} holds the stripped continuation lines, in order. */
  record KeyLine(String section, String key, int line, int indent, List<String> continuation) {}

  /** A section header line. */
  record Header(String name, int line) {}

  private final List<KeyLine> keys = new ArrayList<>();
  private final List<Header> headers = new ArrayList<>();
  private final List<String> sectionByLine = new ArrayList<>();
  private final StringBuilder iniText = new StringBuilder();

  private IniScanner() {}

  /**
   * Scans {@code text}.
   *
   * @throws ConfigException for an option before the first section header, which ini4j would only
   *     report as "parse error"
   */
  static IniScanner scan(Path file, String text) {
    IniScanner s = new IniScanner();
    String section = null;
    KeyLine open = null; // the option that indented lines would continue
    String[] lines = text.split("\r\n|\r|\n", -1);
    for (int i = 0; i < lines.length; i++) {
      int lineNo = i + 1;
      String line = lines[i];
      String t = line.strip();
      String forIni = line;
      if (t.chars().anyMatch(c -> c < 0x20 && c != '\t')) {
        throw ConfigException.of(ConfigException.where(file, lineNo), null, null,
            "control characters in a cfg file (is it binary?)", "give a text cfg file");
      }
      if (t.isEmpty()) {
        open = null;
      } else if (t.startsWith("#") || t.startsWith(";")) {
        // Comments inside a multi-line value are skipped, as configparser does.
      } else if (open != null && indent(line) > open.indent()) {
        open.continuation().add(t);
        forIni = "";
      } else if (t.startsWith("[")) {
        open = null;
        if (!t.endsWith("]")) {
          // Blame this line: left alone, the next key would be reported as outside any section.
          throw ConfigException.of(ConfigException.where(file, lineNo), null, null,
              "section header " + t + " has no closing ]", "write it as [" + t.substring(1).strip() + "]");
        }
        section = t.substring(1, t.length() - 1).trim();
        if (section.isEmpty()) {
          throw ConfigException.of(ConfigException.where(file, lineNo), null, null,
              "empty section header []", "name the section, e.g. [core] or the task family");
        }
        s.headers.add(new Header(section, lineNo));
      } else {
        open = null;
        int op = operator(t);
        if (op > 0) {
          String key = t.substring(0, op).trim();
          if (section == null) {
            throw ConfigException.of(ConfigException.where(file, lineNo), null, key,
                "option before any [section] header", "add a section header such as [core] above it");
          }
          open = new KeyLine(section, key, lineNo, indent(line), new ArrayList<>());
          s.keys.add(open);
        } // else: no key; ini4j rejects it with the line number
      }
      s.sectionByLine.add(section);
      s.iniText.append(forIni).append('\n');
    }
    return s;
  }

  /**
   * Index of the first {@code =} or {@code :} not preceded by a backslash (ini4j skips those, so
   * {@code a\:b = 1} is the key {@code a\:b}); -1 when there is none.
   */
  static int operator(String line) {
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if ((c == '=' || c == ':') && (i == 0 || line.charAt(i - 1) != '\\')) {
        return i;
      }
    }
    return -1;
  }

  private static int indent(String line) {
    int n = 0;
    while (n < line.length() && Character.isWhitespace(line.charAt(n))) {
      n++;
    }
    return n;
  }

  List<KeyLine> keys() {
    return keys;
  }

  List<Header> headers() {
    return headers;
  }

  /** The text for ini4j: the file with continuation lines blanked, same number of lines. */
  String iniText() {
    return iniText.toString();
  }

  /** The section in effect at a 1-based line, or null before the first header. */
  String sectionAt(int line) {
    return line >= 1 && line <= sectionByLine.size() ? sectionByLine.get(line - 1) : null;
  }
}

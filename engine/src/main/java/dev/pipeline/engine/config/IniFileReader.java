package dev.pipeline.engine.config;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ini4j.Config;
import org.ini4j.Ini;
import org.ini4j.InvalidFileFormatException;
import org.ini4j.Profile;

/** Reads one cfg file with ini4j and attaches line numbers from {@link IniScanner}. */
final class IniFileReader {

  /** One option of one file, before interpolation. */
  record RawEntry(String section, String key, String raw, Path file, int line) {}

  /** One parsed file: its section headers (first occurrence) and options in file order. */
  record ParsedFile(Path file, List<IniScanner.Header> headers, List<RawEntry> entries) {}

  // ini4j reports "parse error (at line: 3): text"; it has no API for the line number.
  private static final Pattern INI4J_LINE = Pattern.compile("at line: (\\d+)\\):?\\s?(.*)");

  private IniFileReader() {}

  static ParsedFile read(Path file) {
    String text = readText(file);
    IniScanner scan = IniScanner.scan(file, text);
    Ini ini = new Ini();
    ini.setConfig(ini4jConfig());
    try {
      ini.load(new StringReader(scan.iniText()));
    } catch (InvalidFileFormatException e) {
      throw malformed(file, scan, e);
    } catch (IOException e) {
      throw ConfigException.of(file.toString(), null, null, "cannot read: " + e.getMessage(),
          "check the file", e);
    }
    // A key repeated in one file: ini4j keeps the last value, so the last line is the one to cite.
    Map<List<String>, IniScanner.KeyLine> last = new LinkedHashMap<>();
    for (IniScanner.KeyLine k : scan.keys()) {
      last.remove(List.of(k.section(), k.key()));
      last.put(List.of(k.section(), k.key()), k);
    }
    List<RawEntry> entries = new ArrayList<>();
    for (IniScanner.KeyLine k : last.values()) {
      Profile.Section section = ini.get(k.section());
      String value = section == null ? null : section.get(k.key());
      if (value == null) {
        throw divergence(file, k.section() + "/" + k.key());
      }
      entries.add(new RawEntry(k.section(), k.key(), join(value, k.continuation()), file, k.line()));
    }
    int ini4jOptions = ini.values().stream().mapToInt(Profile.Section::size).sum();
    if (ini4jOptions != entries.size()) {
      throw divergence(file, ini4jOptions + " options read by ini4j, " + entries.size() + " located");
    }
    return new ParsedFile(file, scan.headers(), entries);
  }

  /**
   * The ini4j settings, each chosen so that a cfg means what a law/configparser user expects.
   */
  static Config ini4jConfig() {
    Config c = new Config();
    c.setEscape(false); // backslashes stay literal: Windows paths and regexes must survive
    c.setEscapeNewline(false); // a trailing "\" is data, not a line join; use indented lines
    c.setMultiOption(false); // a repeated key replaces the earlier value (last wins)
    c.setMultiSection(false); // a repeated [section] adds to the same section
    c.setEmptyOption(false); // "key" with no operator is an error; "key =" is an empty value
    c.setEmptySection(true); // "[Train]" with no keys is still a section (validation sees it)
    c.setGlobalSection(false); // options before any header are errors (IniScanner words them)
    c.setLowerCaseSection(false); // task families are case-sensitive, like luigi's
    c.setLowerCaseOption(false);
    c.setTree(false); // "a/b" is a plain section name, not a child of "a"
    c.setInclude(false); // inclusion is [core] inherit/extend, handled by ConfigLoader
    c.setStrictOperator(false); // both "key = value" and "key: value", as configparser
    return c;
  }

  // The scanner and ini4j disagreeing would silently attach values to the wrong line; that is a
  // bug in IniScanner, so it must fail loudly instead.
  private static IllegalStateException divergence(Path file, String detail) {
    return new IllegalStateException(
        "internal error: line scan of " + file + " disagrees with ini4j (" + detail + ")");
  }

  private static String join(String value, List<String> continuation) {
    String first = value == null ? "" : value;
    if (continuation.isEmpty()) {
      return first;
    }
    String rest = String.join("\n", continuation);
    return first.isEmpty() ? rest : first + "\n" + rest;
  }

  private static ConfigException malformed(Path file, IniScanner scan, InvalidFileFormatException e) {
    Matcher m = INI4J_LINE.matcher(String.valueOf(e.getMessage()));
    if (!m.find()) {
      return ConfigException.of(file.toString(), null, null, "malformed cfg: " + e.getMessage(),
          "expected [section] headers and key = value lines", e);
    }
    int line = Integer.parseInt(m.group(1));
    return ConfigException.of(ConfigException.where(file, line), scan.sectionAt(line), null,
        "malformed line '" + m.group(2).strip() + "'",
        "expected [section], key = value, or a # comment", e);
  }

  private static String readText(Path file) {
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      return text.startsWith("\uFEFF") ? text.substring(1) : text;
    } catch (CharacterCodingException e) {
      throw ConfigException.of(file.toString(), null, null, "not valid UTF-8 text",
          "save the file as UTF-8", e);
    } catch (IOException e) {
      throw ConfigException.of(file.toString(), null, null,
          "cannot read: " + e.getClass().getSimpleName() + " " + e.getMessage(),
          "check that the file is readable", e);
    }
  }
}

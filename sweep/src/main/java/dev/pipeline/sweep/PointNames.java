package dev.pipeline.sweep;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Readable point names, as the runner made them: {@code Key_value} entries of the grid's own
 * parameters (not defaults, packs or aliases) in file order, joined with {@code -}. Keys are
 * camel-cased with 2-letter shrinking ({@code learning_rate} → {@code LeRate}); values are
 * {@code T}/{@code F}, {@code %g} numbers, or text with slashes made safe (an existing path gives
 * its base name) keeping the last 100 characters.
 */
final class PointNames {
  static final int MAX_VALUE_CHARS = 100;
  /** Longer names (in UTF-8 bytes) are cut and get a hash: a file name holds at most 255 bytes. */
  static final int MAX_NAME_BYTES = 200;

  private PointNames() {}

  static String name(Map<String, Object> choice, Path workDir, boolean shrinkDir) {
    List<String> entries = new ArrayList<>();
    choice.forEach((k, v) -> entries.add(key(k) + "_" + value(v, workDir, shrinkDir)));
    String name = String.join("-", entries).replace('/', '_').replace('\0', '_');
    if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
      String hash = hash(JsonText.compact(choice));
      StringBuilder cut = new StringBuilder();
      for (int i = 0; i < name.length(); ) {
        int cp = name.codePointAt(i);
        String next = new String(Character.toChars(cp));
        if ((cut + next).getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES - 9) {
          break;
        }
        cut.append(next);
        i += next.length();
      }
      name = cut + "-" + hash;
    }
    return name;
  }

  /** {@code a_snake_case} or {@code a-kebab-case} to {@code ASnCase}. */
  static String key(String key) {
    String[] parts = key.split("-", -1);
    if (parts.length == 1) {
      parts = key.split("_", -1);
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < parts.length - 1; i++) {
      String p = parts[i];
      out.append(p.length() > 2 ? title(p.substring(0, 2)) : p);
    }
    return out.append(title(parts[parts.length - 1])).toString();
  }

  static String value(Object v, Path workDir, boolean shrinkDir) {
    if (v instanceof String s) {
      String text;
      if (shrinkDir && exists(workDir, s)) {
        text = s.substring(s.lastIndexOf('/') + 1);
      } else {
        text = s.replaceFirst("^[/.]*", "").replace("/", "_");
      }
      if (text.length() > MAX_VALUE_CHARS) {
        text = text.substring(text.length() - MAX_VALUE_CHARS);
      }
      return text.matches("(?s).*\\s.*") ? PyFormat.reprString(text) : text;
    }
    if (v instanceof Boolean b) {
      return b ? "T" : "F";
    }
    if (v instanceof Number n) {
      return PyFormat.g(n);
    }
    return PyFormat.str(v);
  }

  /** Python's {@code str.title()}: a letter after a non-letter is upper case, others lower. */
  static String title(String s) {
    StringBuilder out = new StringBuilder();
    boolean previousCased = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean cased = Character.isUpperCase(c) || Character.isLowerCase(c) || Character.isTitleCase(c);
      out.append(cased ? (previousCased ? Character.toLowerCase(c) : Character.toUpperCase(c)) : c);
      previousCased = cased;
    }
    return out.toString();
  }

  static String hash(String text) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean exists(Path workDir, String s) {
    if (s.isEmpty()) {
      return false;
    }
    try {
      return Files.exists(workDir.resolve(s));
    } catch (InvalidPathException e) {
      return false;
    }
  }
}

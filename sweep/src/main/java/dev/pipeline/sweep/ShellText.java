package dev.pipeline.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Shell renderings of an argv, for people: {@code param.json}'s {@code _commands}, {@code --dry-run}
 * and {@code --manual} scripts. Every word is quoted when it needs to be, so a line pasted into a
 * shell runs exactly the argv the sweep runs. Nothing the sweep itself executes goes through here.
 */
final class ShellText {
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

  private ShellText() {}

  static String quote(String word) {
    if (PLAIN.matcher(word).matches()) {
      return word;
    }
    return "'" + word.replace("'", "'\\''") + "'";
  }

  static String join(List<String> argv) {
    List<String> out = new ArrayList<>();
    argv.forEach(w -> out.add(quote(w)));
    return String.join(" ", out);
  }

  /** {@code [CUDA_VISIBLE_DEVICES=g ]argv > out 2>&1} (or {@code 2> err} when the streams differ). */
  static String line(String gpu, List<String> argv, String stdout, String stderr) {
    String prefix = gpu == null ? "" : "CUDA_VISIBLE_DEVICES=" + quote(gpu) + " ";
    String redirect = stdout.equals(stderr) ? " > " + quote(stdout) + " 2>&1"
        : " > " + quote(stdout) + " 2> " + quote(stderr);
    return prefix + join(argv) + redirect;
  }
}

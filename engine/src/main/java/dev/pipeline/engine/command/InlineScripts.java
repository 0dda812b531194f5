package dev.pipeline.engine.command;

import dev.pipeline.engine.command.CommandLexer.Word;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Refuses a placeholder inside the script argument of an interpreter ({@code bash -c '...'},
 * {@code python -c}, {@code perl -e}, {@code node -e}, {@code awk '...'} and the like): there the
 * interpreter parses the value as code, so {@code $(touch PWNED)} would run. The safe form passes
 * the value as an argument, which the script reads ({@code "$1"}, {@code sys.argv[1]}); the
 * message shows it for the interpreter at hand. Leading {@code NAME=value} words and common
 * wrappers ({@code env}, {@code nice}, {@code timeout 10}, ...) are looked through.
 */
public final class InlineScripts {
  private static final Set<String> SHELLS =
      Set.of("sh", "bash", "dash", "zsh", "ksh", "mksh", "ash", "fish", "busybox");
  /** Wrappers that run the rest of the line as a command. */
  private static final Set<String> WRAPPERS =
      Set.of("env", "nice", "nohup", "exec", "time", "setsid", "stdbuf", "timeout");
  /** Their options that take the next word as a value (env -u NAME, nice -n 5, timeout -s KILL). */
  private static final Set<String> WRAPPER_OPTIONS_WITH_ARGUMENT =
      Set.of("-u", "-C", "-S", "-n", "-s", "-k", "-i", "-o", "-e");

  /** How one interpreter takes an inline script, and the argument form that is safe. */
  private record Interpreter(String flags, String advice) {}

  private static final Map<String, Interpreter> INTERPRETERS = Map.of(
      "python", new Interpreter("c", "python -c 'import sys; print(sys.argv[1])' {value}"),
      "perl", new Interpreter("eE", "perl -e 'print $ARGV[0]' {value}"),
      "ruby", new Interpreter("e", "ruby -e 'puts ARGV[0]' {value}"),
      "node", new Interpreter("ep", "node -e 'console.log(process.argv[1])' {value}"),
      "Rscript", new Interpreter("e", "Rscript -e 'print(commandArgs(TRUE)[1])' {value}"),
      "php", new Interpreter("r", "php -r 'echo $argv[1];' {value}"),
      "osascript", new Interpreter("e", "osascript -e 'on run argv' -e 'item 1 of argv' -e 'end run' {value}"));

  private InlineScripts() {}

  /**
   * Checks the words of one command line.
   *
   * @param dollar how a literal {@code $} is written where the line comes from ({@code $$} in a
   *     cfg file, {@code $} in a sweep template), so the advice can be pasted as it is
   * @throws CommandSyntaxException when a placeholder sits inside an inline script
   */
  public static void check(List<Word> words, String dollar) {
    int at = program(words);
    if (at < 0) {
      return;
    }
    String program = base(words.get(at).literal());
    List<Word> args = words.subList(at + 1, words.size());
    if (SHELLS.contains(program)) {
      checkShell(program, args, dollar);
    } else if (program.matches("g?awk|mawk|nawk")) {
      checkAwk(program, args, dollar);
    } else {
      String family = program.matches("python[0-9.]*|pypy[0-9.]*") ? "python" : program;
      Interpreter interpreter = INTERPRETERS.get(family.equals("nodejs") ? "node" : family);
      if (interpreter != null) {
        checkFlags(program, args, interpreter, dollar);
      }
    }
  }

  /** The index of the word that names the program, past assignments and wrappers; -1 if unknown. */
  private static int program(List<Word> words) {
    int i = 0;
    while (i < words.size()) {
      String w = words.get(i).literal();
      if (w == null) {
        return -1;
      }
      if (w.matches("[A-Za-z_][A-Za-z0-9_]*=.*") || w.startsWith("-")) {
        i++; // VAR=value, or an option of a wrapper
      } else if (WRAPPERS.contains(base(w))) {
        i++;
        while (i < words.size() && literalStartsWith(words.get(i), "-")) {
          i += WRAPPER_OPTIONS_WITH_ARGUMENT.contains(words.get(i).literal()) ? 2 : 1;
        }
        if (base(w).equals("timeout")) {
          i = skipDuration(words, i);
        }
      } else {
        return i;
      }
    }
    return -1;
  }

  private static int skipDuration(List<Word> words, int i) {
    return i < words.size() && literalMatches(words.get(i), "[0-9.]+[smhd]?") ? i + 1 : i;
  }

  /** sh -c SCRIPT: the script is the first operand when any option cluster holds c. */
  private static void checkShell(String program, List<Word> args, String dollar) {
    boolean dashC = false;
    for (int i = 0; i < args.size(); i++) {
      Word w = args.get(i);
      String text = w.literal();
      if (text != null && text.matches("[-+][A-Za-z]+")) {
        dashC |= text.startsWith("-") && text.indexOf('c') > 0;
        if (text.endsWith("o") || text.endsWith("O")) {
          i++; // -o pipefail: the option's own argument
        }
        continue;
      }
      if (text != null && text.startsWith("--")) {
        dashC |= text.equals("--command");
        continue;
      }
      if (dashC && w.hasPlaceholder()) {
        throw refused(program + " -c", program + " -c 'echo \"" + dollar + "1\"' _ {value}");
      }
      return;
    }
  }

  /** awk PROGRAM: the first operand is the program unless -f names a program file. */
  private static void checkAwk(String program, List<Word> args, String dollar) {
    for (int i = 0; i < args.size(); i++) {
      String text = args.get(i).literal();
      if (text != null && text.startsWith("-")) {
        if (text.equals("-f") || text.startsWith("-f") && text.length() > 2) {
          return;
        }
        if (text.equals("-v") || text.equals("-F")) {
          i++;
        }
        continue;
      }
      if (args.get(i).hasPlaceholder()) {
        throw refused(program + "'s program", program + " -v value={value} 'BEGIN {{ print value }}'");
      }
      return;
    }
  }

  /** python -c SCRIPT, perl -e SCRIPT, -eSCRIPT, -ne SCRIPT: each script-taking option's script. */
  private static void checkFlags(String program, List<Word> args, Interpreter interpreter,
      String dollar) {
    for (int i = 0; i < args.size(); i++) {
      String head = leadingText(args.get(i));
      if (!head.startsWith("-") || head.equals("-")) {
        return; // a script file or module: its arguments are data
      }
      boolean scriptNext;
      if (head.startsWith("--")) {
        scriptNext = head.equals("--eval") || head.equals("--print");
      } else {
        int k = 1;
        while (k < head.length() && interpreter.flags().indexOf(head.charAt(k)) < 0) {
          k++;
        }
        if (k == head.length()) {
          continue; // no script flag in this cluster
        }
        boolean attached = k + 1 < head.length() || args.get(i).literal() == null;
        if (attached && args.get(i).hasPlaceholder()) {
          throw refused(program + " -" + head.charAt(k), advice(interpreter, program, dollar));
        }
        scriptNext = !attached;
      }
      if (scriptNext && i + 1 < args.size()) {
        if (args.get(i + 1).hasPlaceholder()) {
          throw refused(program + " " + head, advice(interpreter, program, dollar));
        }
        i++;
      }
      if (scriptNext && (program.startsWith("python") || program.startsWith("pypy"))) {
        return; // python -c ends the options: the rest is sys.argv
      }
    }
  }

  /** The literal text a word starts with (before its first placeholder). */
  private static String leadingText(Word w) {
    if (w.flag() != null || w.parts().isEmpty() || !(w.parts().get(0) instanceof CommandLexer.Text t)) {
      return "";
    }
    return t.text();
  }

  private static String advice(Interpreter interpreter, String program, String dollar) {
    String family = interpreter.advice().substring(0, interpreter.advice().indexOf(' '));
    return program + interpreter.advice().substring(family.length()).replace("$", dollar);
  }

  private static CommandSyntaxException refused(String where, String safe) {
    return new CommandSyntaxException("a placeholder inside the script of '"
        + CommandLexer.printable(where)
        + "' would run its value as code", 0,
        "pass the value as a positional argument and read it there: " + safe);
  }

  private static boolean literalStartsWith(Word w, String prefix) {
    String text = w.literal();
    return text != null && text.startsWith(prefix);
  }

  private static boolean literalMatches(Word w, String regex) {
    String text = w.literal();
    return text != null && text.matches(regex);
  }

  /** The program's file name: /usr/bin/bash is bash. */
  private static String base(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }
}

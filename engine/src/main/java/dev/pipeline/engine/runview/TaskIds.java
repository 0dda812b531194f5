package dev.pipeline.engine.runview;

import java.util.LinkedHashMap;
import java.util.Map;

/** Reads the parameters back out of a canonical task id, {@code family(name=value, ...)}. */
final class TaskIds {
  private TaskIds() {}

  static Map<String, String> parameters(String canonical) {
    Map<String, String> out = new LinkedHashMap<>();
    int open = canonical.indexOf('(');
    if (open < 0 || !canonical.endsWith(")")) {
      return out;
    }
    String body = canonical.substring(open + 1, canonical.length() - 1);
    int start = 0;
    while (start < body.length()) {
      int eq = body.indexOf('=', start);
      if (eq < 0) {
        break;
      }
      int next = nextParameter(body, eq + 1);
      out.put(body.substring(start, eq).trim(), body.substring(eq + 1, next));
      start = next + 2;
    }
    return out;
  }

  /** Where the value starting at {@code from} ends: before ", name=" or at the end. */
  private static int nextParameter(String body, int from) {
    int i = from;
    while ((i = body.indexOf(", ", i)) >= 0) {
      int j = i + 2;
      while (j < body.length() && (Character.isJavaIdentifierPart(body.charAt(j)))) {
        j++;
      }
      if (j > i + 2 && j < body.length() && body.charAt(j) == '=') {
        return i;
      }
      i += 2;
    }
    return body.length();
  }
}

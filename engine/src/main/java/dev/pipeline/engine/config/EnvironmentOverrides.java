package dev.pipeline.engine.config;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Applies {@code PIPELINE__<SECTION>__<OPTION>=value} on top of the files (law's
 * {@code LAW__section__option} sync). Shells make upper case the norm for variable names while cfg
 * sections are CamelCase families, so the section and option are matched case-insensitively
 * against the ones the files define; an unknown one is added, the section spelled as in the
 * variable and the option lower-cased. Values are taken literally: no {@code ${VAR}} expansion (the
 * shell already did that) and no {@code &::} references, so secrets containing {@code $} survive.
 */
final class EnvironmentOverrides {
  static final String PREFIX = "PIPELINE__";

  private EnvironmentOverrides() {}

  static void apply(Map<String, String> environment, Map<String, DraftSection> sections) {
    apply(environment, sections, KnownNames.NONE);
  }

  /**
   * As above; a variable naming a section or an option the files lack takes its spelling from
   * {@code known} (the task families, their parameters) when one matches ignoring case, so
   * {@code PIPELINE__INFER__TB} configures {@code [Infer] Tb} even without a cfg file.
   */
  static void apply(Map<String, String> environment, Map<String, DraftSection> sections,
      KnownNames known) {
    // Sorted so that two spellings of one option (PIPELINE__Train__lr, PIPELINE__TRAIN__LR)
    // resolve the same way on every run.
    for (Map.Entry<String, String> e : new TreeMap<>(environment).entrySet()) {
      String var = e.getKey();
      if (!var.startsWith(PREFIX)) {
        continue;
      }
      String rest = var.substring(PREFIX.length());
      int split = rest.indexOf("__");
      if (split <= 0 || split + 2 >= rest.length()) {
        continue; // not of the form SECTION__OPTION; other engine settings may use the prefix
      }
      String section = stripLuigi(rest.substring(0, split));
      String option = ConfigNames.key(rest.substring(split + 2));
      DraftSection draft = findSection(sections, section);
      if (draft == null) {
        String spelled = known.sections().stream().filter(k -> k.equalsIgnoreCase(section))
            .findFirst().orElse(section);
        draft = new DraftSection(spelled, null, 0);
        sections.put(ConfigNames.section(spelled), draft);
      }
      String key = findKey(draft, option);
      String written = key != null ? draft.values.get(key).key() : spelling(known, draft, option);
      String normKey = key == null ? ConfigNames.key(written) : key;
      draft.values.put(normKey, ConfigValue.fromEnvironment(draft.name, written, e.getValue(), var));
    }
  }

  /** A new option: spelled as the family's parameter when one matches, else in lower case. */
  private static String spelling(KnownNames known, DraftSection draft, String option) {
    for (String name : known.options().apply(draft.name)) {
      if (ConfigNames.key(name).equalsIgnoreCase(option)) {
        return ConfigNames.key(name);
      }
    }
    return option.toLowerCase(Locale.ROOT);
  }

  private static String stripLuigi(String section) {
    return section.regionMatches(true, 0, "luigi_", 0, 6) && section.length() > 6
        ? section.substring(6)
        : section;
  }

  private static DraftSection findSection(Map<String, DraftSection> sections, String name) {
    DraftSection exact = sections.get(name);
    if (exact != null) {
      return exact;
    }
    for (Map.Entry<String, DraftSection> s : sections.entrySet()) {
      if (s.getKey().equalsIgnoreCase(name)) {
        return s.getValue();
      }
    }
    return null;
  }

  private static String findKey(DraftSection draft, String option) {
    if (draft.values.containsKey(option)) {
      return option;
    }
    for (String key : draft.values.keySet()) {
      if (key.equalsIgnoreCase(option)) {
        return key;
      }
    }
    return null;
  }
}

package dev.pipeline.sweep;

import dev.pipeline.engine.config.Suggestions;
import dev.pipeline.api.error.UsageException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * The points of a sweep, in order, with their names and rendered commands.
 *
 * <ol>
 *   <li>Each grid expands to its full product, keys in file order, the last varying fastest.
 *   <li>Per point: {@code pack} rewrites parameters (and removes the pack parameter), then
 *       {@code default} fills the ones still missing.
 *   <li>A point whose parameters equal an earlier point's is dropped (the first wins).
 *   <li>Names come from the grid's own parameters; colliding names get a hash of the parameters.
 *   <li>{@code -t TITLE} keeps the grids with that {@code _title}; {@code --sample N} then keeps
 *       N points of each grid, chosen by a seeded shuffle and put back in grid order.
 *   <li>Commands ({@code -c} selects them) are rendered now, so a missing parameter or an unknown
 *       alias value stops the sweep before anything runs.
 * </ol>
 */
final class SweepPlan {
  /** One point: its grid's own parameters ({@code choice}), all its parameters, its argv per command. */
  record Point(int index, int grid, String title, String name, LinkedHashMap<String, Object> choice,
      LinkedHashMap<String, Object> params, LinkedHashMap<String, List<String>> commands) {}

  /** What to keep: a title, command names, a sample size and its seed. Nulls mean "everything". */
  record Selection(String title, List<String> commands, Integer sample, Long seed, boolean shrinkDir) {}

  final List<Point> points;
  final List<String> commands;
  final Set<String> orphans;
  final Long seed;

  private SweepPlan(List<Point> points, List<String> commands, Set<String> orphans, Long seed) {
    this.points = points;
    this.commands = commands;
    this.orphans = orphans;
    this.seed = seed;
  }

  static SweepPlan of(SweepConfig config, Selection selection, SweepLayout layout) {
    List<String> commands = selectCommands(config, selection.commands());
    for (String c : commands) {
      for (String p : config.templates.get(c).placeholders()) {
        if (config.packs.containsKey(p)) {
          throw new UsageException("packed param '" + p + "' should not be used in a command"
              + " (template '" + c + "'): a pack stands for the parameters it sets; use those");
        }
      }
    }

    // 1-3: expand, pack, default, drop duplicates.
    record Raw(int grid, String title, LinkedHashMap<String, Object> choice, LinkedHashMap<String, Object> params) {}
    List<Raw> all = new ArrayList<>();
    Set<ParamsKey> seen = new java.util.HashSet<>();
    for (int g = 0; g < config.grids.size(); g++) {
      SweepConfig.Grid grid = config.grids.get(g);
      for (LinkedHashMap<String, Object> choice : product(grid.choices())) {
        LinkedHashMap<String, Object> params = pack(config, choice);
        config.defaults.forEach(params::putIfAbsent);
        if (seen.add(new ParamsKey(params))) {
          all.add(new Raw(g, grid.title(), choice, params));
        }
      }
    }

    // 4: names over the whole file, so that selecting (-t, --sample) never renames a point.
    List<String> names = new ArrayList<>();
    Map<String, Integer> taken = new HashMap<>();
    for (Raw r : all) {
      String name = PointNames.name(r.choice(), layout.workDir, selection.shrinkDir());
      if (taken.merge(name, 1, Integer::sum) > 1) {
        name = name + "-" + PointNames.hash(JsonText.compact(r.params()));
      }
      names.add(name);
    }

    // 5: title, then sample per grid.
    List<Integer> kept = new ArrayList<>();
    if (selection.title() != null) {
      Set<String> titles = new TreeSet<>();
      config.grids.forEach(g -> {
        if (g.title() != null) {
          titles.add(g.title());
        }
      });
      if (titles.isEmpty()) {
        throw new UsageException("-t " + selection.title() + ": no document of " + config.file
            + " has a _title");
      }
      if (!titles.contains(selection.title())) {
        throw new UsageException("-t " + selection.title() + ": no document has this _title (titles: "
            + String.join(", ", titles) + ")");
      }
    }
    for (int i = 0; i < all.size(); i++) {
      if (selection.title() == null || selection.title().equals(all.get(i).title())) {
        kept.add(i);
      }
    }
    Long seed = null;
    if (selection.sample() != null) {
      if (selection.sample() < 1) {
        throw new UsageException("--sample must be at least 1, got " + selection.sample());
      }
      seed = selection.seed() != null ? selection.seed() : new Random().nextInt(1_000_000);
      Random random = new Random(seed);
      Map<Integer, List<Integer>> byGrid = new LinkedHashMap<>();
      kept.forEach(i -> byGrid.computeIfAbsent(all.get(i).grid(), k -> new ArrayList<>()).add(i));
      List<Integer> sampled = new ArrayList<>();
      for (List<Integer> group : byGrid.values()) {
        List<Integer> shuffled = new ArrayList<>(group);
        Collections.shuffle(shuffled, random);
        sampled.addAll(shuffled.subList(0, Math.min(selection.sample(), shuffled.size())));
      }
      Collections.sort(sampled);
      kept = sampled;
    }

    // 6: render the selected commands of every kept point.
    List<Point> points = new ArrayList<>();
    for (int i : kept) {
      Raw r = all.get(i);
      String name = names.get(i);
      LinkedHashMap<String, List<String>> argv = new LinkedHashMap<>();
      for (String c : commands) {
        argv.put(c, render(config, config.templates.get(c), r.params(), name, layout));
      }
      points.add(new Point(points.size() + 1, r.grid(), r.title(), name, r.choice(), r.params(), argv));
    }

    Set<String> used = new LinkedHashSet<>();
    commands.forEach(c -> used.addAll(config.templates.get(c).placeholders()));
    Set<String> orphans = new TreeSet<>();
    for (Point p : config.format == SweepConfig.Format.DICT ? List.<Point>of() : points) {
      for (String k : p.choice().keySet()) {
        if (!used.contains(k) && !config.packs.containsKey(k)) {
          orphans.add(k);
        }
      }
    }
    return new SweepPlan(points, commands, orphans, seed);
  }

  /**
   * A point's parameters as a set element: equal as the maps are, but hashed so that a grid of
   * small numbers spreads. A map's own hash code adds up {@code key ^ value} per entry, so the
   * 10,000 points of a 10x10x10x10 grid of digits share a few dozen hash codes, and the set
   * degenerated into comparing maps (most of a 10,000-point sweep's start-up).
   */
  private record ParamsKey(Map<String, Object> params, int hash) {
    ParamsKey(Map<String, Object> params) {
      this(params, spread(params));
    }

    private static int spread(Map<String, Object> params) {
      int h = 0;
      for (Map.Entry<String, Object> e : params.entrySet()) {
        long x = e.getKey().hashCode() * 0x9E3779B97F4A7C15L + Objects.hashCode(e.getValue());
        x = (x ^ (x >>> 31)) * 0xBF58476D1CE4E5B9L;
        h += (int) (x ^ (x >>> 29)); // a sum, like Map's: independent of the entries' order
      }
      return h;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ParamsKey k && k.hash == hash && k.params.equals(params);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  private static List<String> selectCommands(SweepConfig config, List<String> wanted) {
    if (wanted == null || wanted.isEmpty()) {
      return new ArrayList<>(config.templates.keySet());
    }
    List<String> out = new ArrayList<>();
    for (String c : wanted) {
      if (!config.templates.containsKey(c)) {
        String hint = Suggestions.closest(c, config.templates.keySet())
            .map(s -> "; did you mean " + s + "?").orElse("");
        throw new UsageException("-c " + c + ": no such template" + hint + " (templates: "
            + String.join(", ", config.templates.keySet()) + ")");
      }
      if (!out.contains(c)) {
        out.add(c);
      }
    }
    // Commands of a point run in template order, whatever order -c names them in.
    List<String> ordered = new ArrayList<>(config.templates.keySet());
    ordered.retainAll(out);
    return ordered;
  }

  /** The grid's product in key order, the last key varying fastest (itertools.product). */
  static List<LinkedHashMap<String, Object>> product(LinkedHashMap<String, List<Object>> choices) {
    List<LinkedHashMap<String, Object>> out = new ArrayList<>();
    out.add(new LinkedHashMap<>());
    for (Map.Entry<String, List<Object>> e : choices.entrySet()) {
      List<LinkedHashMap<String, Object>> next = new ArrayList<>();
      for (LinkedHashMap<String, Object> prefix : out) {
        for (Object v : e.getValue()) {
          LinkedHashMap<String, Object> m = new LinkedHashMap<>(prefix);
          m.put(e.getKey(), v);
          next.add(m);
        }
      }
      out = next;
    }
    return out;
  }

  /** Applies packs: a pack parameter is replaced by the parameters its value stands for. */
  private static LinkedHashMap<String, Object> pack(SweepConfig config, LinkedHashMap<String, Object> choice) {
    LinkedHashMap<String, Object> params = new LinkedHashMap<>(choice);
    for (Map.Entry<String, Object> e : choice.entrySet()) {
      SweepConfig.Mapping pack = config.packs.get(e.getKey());
      if (pack != null) {
        params.remove(e.getKey());
        params.putAll(pack.expand(e.getValue(), "pack"));
      }
    }
    return params;
  }

  private static List<String> render(SweepConfig config, CommandTemplate template,
      LinkedHashMap<String, Object> params, String name, SweepLayout layout) {
    List<String> missing = new ArrayList<>();
    for (String p : template.placeholders()) {
      if (!params.containsKey(p) && !SweepConfig.RESERVED.contains(p)) {
        missing.add(p);
      }
    }
    if (!missing.isEmpty()) {
      throw new UsageException("params " + String.join(", ", missing) + " of template '"
          + template.name() + "' are not specified in 'default' or the param choices (point "
          + name + ")");
    }
    List<String> argv = template.render(
        p -> switch (p) {
          case "_name" -> name;
          case "_output" -> layout.outputPlaceholder(name);
          case "_datetime" -> layout.datetime;
          default -> PyFormat.str(params.get(p));
        },
        p -> {
          Object value = switch (p) {
            case "_name" -> name;
            case "_output" -> layout.outputPlaceholder(name);
            case "_datetime" -> layout.datetime;
            default -> params.get(p);
          };
          SweepConfig.Mapping alias = config.aliases.get(p);
          LinkedHashMap<String, Object> args = new LinkedHashMap<>();
          if (alias != null) {
            args.putAll(alias.expand(value, "alias"));
          } else {
            args.put(p, value);
          }
          return options(args);
        });
    if (config.format == SweepConfig.Format.DICT) {
      // A dict-style grid has no template of its own: what --exec does not name goes on as options.
      LinkedHashMap<String, Object> rest = new LinkedHashMap<>(params);
      rest.keySet().removeAll(template.placeholders());
      argv.addAll(options(rest));
    }
    return argv;
  }

  /** {@code --k v} words, true booleans as bare {@code --k} (first), false ones left out. */
  static List<String> options(LinkedHashMap<String, Object> args) {
    List<String> flags = new ArrayList<>();
    List<String> pairs = new ArrayList<>();
    args.forEach((k, v) -> {
      if (v instanceof Boolean b) {
        if (b) {
          flags.add("--" + k);
        }
      } else {
        pairs.add("--" + k);
        pairs.add(PyFormat.str(v));
      }
    });
    flags.addAll(pairs);
    return flags;
  }
}

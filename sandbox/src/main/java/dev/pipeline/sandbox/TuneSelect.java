package dev.pipeline.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pipeline.api.Family;
import dev.pipeline.api.Param;
import dev.pipeline.api.TaskContext;
import dev.pipeline.api.targets.FileTarget;
import dev.pipeline.api.targets.Staged;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Hyperparameter search over Train: every trial is an ordinary Train task with its own
 * learning_rate and filters and its own directory (OUT_DIR/tune/trials/...), so the engine runs
 * trials in parallel on its workers (and GPU slots, with {@code gpus_per_trial}) and a rerun keeps
 * finished trials. Once all are complete, the trial with the highest validation AUROC (then lowest
 * validation loss, then first) is copied to OUT_DIR/tune/best/, in Train's output layout, for
 * Export.
 */
@Family(value = "sandbox.TuneSelect", description = "runs N Train trials and keeps the best by validation AUROC")
public class TuneSelect extends SandboxTask implements TrainedModel {
  /** GRID: log-spaced learning rates x filter choices; RANDOM: log-uniform rate, uniform choice. */
  public enum Search {
    GRID,
    RANDOM
  }

  @Param(name = "num_trials", description = "Train tasks to run")
  int numTrials = 4;

  @Param(description = "GRID or RANDOM")
  Search search = Search.RANDOM;

  @Param(name = "lr_min", description = "smallest learning rate searched")
  double lrMin = 1e-3;

  @Param(name = "lr_max", description = "largest learning rate searched")
  double lrMax = 1e-2;

  @Param(name = "filter_choices", description = "values of Train's filters searched")
  List<Integer> filterChoices = List.of(8, 16);

  @Param(name = "gpus_per_trial", significant = false, description = "GPUs each trial holds")
  int gpusPerTrial = 0;

  @Override
  public Object requires() {
    List<Train> trials = new ArrayList<>();
    for (double[] p : TuneSelect.space(search, numTrials, lrMin, lrMax, filterChoices, seed)) {
      // Given as overrides, not set afterwards: they rank above config.yaml and the trial's id,
      // log and metrics name the values it trains with.
      int filters = (int) p[1];
      trials.add(req(Train.class, "learning_rate", p[0], "filters", filters,
          "request_gpus", gpusPerTrial, "name", String.format(Locale.ROOT,
              "tune/trials/trial-%02d-lr%.2e-f%d", trials.size(), p[0], filters)));
    }
    return trials;
  }

  /** (learning rate, filters) of each trial; deterministic for a seed. */
  static List<double[]> space(Search search, int n, double lrMin, double lrMax, List<Integer> filters, long seed) {
    if (n < 1 || filters.isEmpty() || !(lrMin > 0) || lrMax < lrMin) {
      throw new IllegalArgumentException("need num_trials >= 1, filter choices, 0 < lr_min <= lr_max");
    }
    List<double[]> out = new ArrayList<>();
    if (search == Search.GRID) {
      int rates = (n + filters.size() - 1) / filters.size();
      for (int i = 0; i < rates && out.size() < n; i++) {
        double lr = rates == 1 ? Math.sqrt(lrMin * lrMax) : lrMin * Math.pow(lrMax / lrMin, i / (rates - 1.0));
        for (int f = 0; f < filters.size() && out.size() < n; f++) {
          out.add(new double[] {lr, filters.get(f)});
        }
      }
    } else {
      SplittableRandom r = Seeds.random(seed, "tune", 0);
      for (int i = 0; i < n; i++) {
        double lr = lrMin * Math.pow(lrMax / lrMin, r.nextDouble());
        out.add(new double[] {lr, filters.get(r.nextInt(filters.size()))});
      }
    }
    return out;
  }

  @Override
  public ModelFiles modelFiles() {
    return ModelFiles.local(this, outDirectory().resolve("tune").resolve("best"));
  }

  @Override
  public Map<String, FileTarget> output() {
    return modelFiles().byName();
  }

  @Override
  @SuppressWarnings("unchecked")
  public void run(TaskContext context) throws Exception {
    clearOutputs();
    List<Train> inputs = inputs(Train.class);
    List<Map<String, Object>> table = new ArrayList<>();
    int best = -1;
    double bestAuroc = Double.NEGATIVE_INFINITY;
    double bestLoss = Double.POSITIVE_INFINITY;
    for (int i = 0; i < inputs.size(); i++) {
      ModelFiles trial = inputs.get(i).modelFiles();
      JsonNode m = Json.read(ModelFiles.localPath(trial.metrics()));
      double auroc = m.get("validation_auroc").asDouble();
      double loss = m.get("validation_loss").asDouble();
      Map<String, Object> row = ModelTask.ordered();
      row.put("trial", ModelFiles.localPath(trial.model()).getParent().getFileName().toString());
      row.put("learning_rate", m.get("hyperparameters").get("learning_rate").asDouble());
      row.put("filters", m.get("hyperparameters").get("filters").asInt());
      row.put("validation_auroc", auroc);
      row.put("validation_loss", loss);
      table.add(row);
      if (auroc > bestAuroc || (auroc == bestAuroc && loss < bestLoss)) {
        best = i;
        bestAuroc = auroc;
        bestLoss = loss;
      }
      context.log().printf("%s: AUROC %.4f, loss %.4f%n", row.get("trial"), auroc, loss);
    }
    ModelFiles winner = inputs.get(best).modelFiles();
    Map<String, Object> metrics = Json.MAPPER.convertValue(Json.read(ModelFiles.localPath(winner.metrics())), Map.class);
    metrics.put("selected_trial", table.get(best).get("trial"));
    metrics.put("search", search.name());
    metrics.put("trials", table);
    ModelFiles out = modelFiles();
    try (Staged batch = out.batch().stage();
        Staged json = out.metrics().stage();
        Staged model = out.model().stage()) {
      Files.copy(ModelFiles.localPath(winner.batch()), batch.path());
      Json.write(json.path(), metrics);
      Files.copy(ModelFiles.localPath(winner.model()), model.path());
      batch.commit();
      json.commit();
      model.commit();
    }
    context.log().printf("selected %s (validation AUROC %.4f)%n", table.get(best).get("trial"), bestAuroc);
  }
}

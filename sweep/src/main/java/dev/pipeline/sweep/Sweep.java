package dev.pipeline.sweep;

import dev.pipeline.api.Family;
import dev.pipeline.api.Param;
import dev.pipeline.api.Task;
import java.nio.file.Path;
import java.util.List;

/**
 * The root of one sweep invocation: it requires the selected points and produces nothing, so it is
 * complete when they all are. Its identity names the output directory and the selection.
 */
@Family(value = "sweep.Sweep", description = "all selected points of an experiment sweep (pipeline sweep)")
public final class Sweep extends Task {
  @Param(description = "the sweep's output directory")
  Path dir;

  @Param(description = "number of points")
  int points;

  @Param(description = "digest of the points' names")
  String selection;

  private final List<SweepPoint> requirements;

  Sweep(Path dir, List<SweepPoint> points) {
    this.dir = dir;
    this.points = points.size();
    StringBuilder names = new StringBuilder();
    points.forEach(p -> names.append(p.point().name()).append('\n'));
    this.selection = PointNames.hash(names.toString());
    this.requirements = List.copyOf(points);
  }

  @Override
  public List<SweepPoint> requires() {
    return requirements;
  }
}
